package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The unfolding and its adjoint against their definition, element by element, at every stride and padding kind. */
class Im2colTest {
    /** Image element {@code (ch, y, x)} of the column entry (row, oy, ox), or -1 in the padding. */
    private static int source(int row, int oy, int ox, int h, int w, int kh, int kw, int stride, int pad) {
        int ch = row / (kh * kw), ky = row / kw % kh, kx = row % kw;
        int y = oy * stride - pad + ky, x = ox * stride - pad + kx;
        return y < 0 || y >= h || x < 0 || x >= w ? -1 : (ch * h + y) * w + x;
    }

    @ParameterizedTest(name = "c {0}, {1}x{2}, kernel {3}x{4}, stride {5}, pad {6}")
    @CsvSource({"2, 5, 6, 3, 3, 1, 1", "3, 7, 7, 3, 3, 2, 1", "1, 6, 5, 1, 1, 2, 0", "2, 8, 8, 5, 5, 3, 2",
            "2, 4, 4, 3, 3, 1, 0", "1, 3, 3, 3, 3, 1, 2", "2, 9, 7, 2, 4, 2, 1"})
    void bothDirectionsFollowTheDefinition(int c, int h, int w, int kh, int kw, int stride, int pad) {
        int ho = Im2col.outSize(h, kh, stride, pad), wo = Im2col.outSize(w, kw, stride, pad);
        int rows = c * kh * kw, off = 3;
        Random random = new Random(7);
        float[] x = new float[off + c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() - 0.5f;
        }
        float[] cols = new float[rows * ho * wo];
        Arrays.fill(cols, Float.NaN); // every entry must be written, padding included
        Im2col.im2col(x, off, c, h, w, kh, kw, stride, pad, cols);

        float[] g = new float[cols.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextFloat() - 0.5f;
        }
        float[] dx = new float[x.length];
        dx[0] = 1; // outside the image: col2im must leave it, and add into the rest
        float[] expectedDx = dx.clone();
        for (int row = 0; row < rows; row++) {
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    int i = (row * ho + oy) * wo + ox, s = source(row, oy, ox, h, w, kh, kw, stride, pad);
                    assertEquals(s < 0 ? 0f : x[off + s], cols[i], 0, "im2col entry " + i);
                    if (s >= 0) {
                        expectedDx[off + s] += g[i];
                    }
                }
            }
        }
        Im2col.col2im(g, c, h, w, kh, kw, stride, pad, dx, off);
        assertArrayEquals(expectedDx, dx, 1e-6f, "col2im");
    }
}
