package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.residuum.testing.SeededTest;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bias kernels against their definitions, below and above the native row-sum threshold. */
class RowVectorsTest extends SeededTest {
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "1,5", "3,4", "7,3", "256,2", "256,64", "33,65"})
    void fillRowsRepeatsTheVectorInEveryRow(int m, int n) {
        float[] v = randn(n).data();
        float[] out = new float[m * n + 3];
        Arrays.fill(out, Float.NaN);
        RowVectors.fillRows(v, out, m, n);
        for (int i = 0; i < m; i++) {
            assertArrayEquals(v, Arrays.copyOfRange(out, i * n, (i + 1) * n), "row " + i);
        }
        for (int i = m * n; i < out.length; i++) {
            assertEquals(Float.NaN, out[i], "past the matrix, index " + i);
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "3,4", "7,3", "256,2", "256,64", "33,65", "1000,1"})
    void sumRowsMatchesADoublePrecisionSum(int m, int n) {
        float[] g = randn(m * n).data();
        float[] start = randn(n).data();
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] out = accumulate ? start.clone() : new float[n];
            if (!accumulate) {
                Arrays.fill(out, Float.NaN); // overwritten, whatever was there
            }
            RowVectors.sumRows(g, m, n, out, accumulate);
            for (int j = 0; j < n; j++) {
                double s = accumulate ? start[j] : 0;
                double scale = Math.abs(s);
                for (int i = 0; i < m; i++) {
                    s += g[i * n + j];
                    scale += Math.abs(g[i * n + j]);
                }
                assertEquals(s, out[j], 1e-6 * scale + 1e-6, "column " + j + " accumulate=" + accumulate);
            }
        }
    }
}
