package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.residuum.testing.SeededTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link VectorTranspose#tile}: the 16×16 tile at an offset and row stride lands transposed, value
 * for value, at the output's offset and stride, and nothing else of the output changes.
 */
class VectorTransposeTest extends SeededTest {
    @ParameterizedTest(name = "src={0} ldi={1} dst={2} ldo={3}")
    @CsvSource({"0,16,0,16", "5,23,7,64", "3,64,0,19", "100,17,33,40"})
    void transposesOneTileExactly(int src, int ldi, int dst, int ldo) {
        assumeTrue(Simd.enabled() && Simd.floatLanes() == 16, "16 float lanes (AVX-512) only: " + Simd.description());
        float[] in = randn(src + 15 * ldi + 16 + 3).data();
        float[] out = randn(dst + 15 * ldo + 16 + 5).data();
        float[] before = out.clone();
        VectorTranspose.tile(in, src, ldi, out, dst, ldo);
        for (int i = 0; i < out.length; i++) {
            int q = (i - dst) / ldo, r = (i - dst) % ldo;
            boolean inTile = i >= dst && q < 16 && r < 16;
            float expect = inTile ? in[src + r * ldi + q] : before[i];
            assertEquals(expect, out[i], 0f, "out[" + i + "]" + (inTile ? " (q=" + q + ", r=" + r + ")" : " outside the tile"));
        }
    }
}
