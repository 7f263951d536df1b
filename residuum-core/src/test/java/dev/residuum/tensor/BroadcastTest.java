package dev.residuum.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.residuum.testing.SeededTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** expand and sumTo against an index-by-index definition, on every pattern they special-case. */
class BroadcastTest extends SeededTest {
    @ParameterizedTest
    @ValueSource(strings = {"2,3,4|2,3,4", "2,3,4|4", "2,3,4|1,3,4", "2,3,4|", "2,3,4|2,1,1", "2,3,4|2,3,1",
            "2,3,4|3,1", "2,3,4|1,3,1", "2,1,4|2,1,1"})
    void expandAndSumToMatchTheDefinition(String spec) {
        String[] parts = spec.split("\\|", -1);
        Shape big = parse(parts[0]), small = parse(parts[1]);
        float[] src = randn(small.dims()).data();
        float[] out = new float[big.numel()];
        Broadcast.expand(src, small, out, big, false);
        float[] g = randn(big.dims()).data();
        float[] reduced = new float[small.numel()];
        Broadcast.sumTo(g, big, reduced, small);
        float[] expectOut = new float[big.numel()];
        float[] expectReduced = new float[small.numel()];
        int r = big.rank(), off = r - small.rank();
        for (int i = 0; i < big.numel(); i++) {
            int rem = i, j = 0, stride = 1;
            int[] idx = new int[r];
            for (int ax = r - 1; ax >= 0; ax--) {
                idx[ax] = rem % big.dim(ax);
                rem /= big.dim(ax);
            }
            for (int ax = r - 1; ax >= off; ax--) {
                int d = small.dim(ax - off);
                j += (d == 1 ? 0 : idx[ax]) * stride;
                stride *= d;
            }
            expectOut[i] = src[j];
            expectReduced[j] += g[i];
        }
        assertArrayEquals(expectOut, out);
        assertArrayEquals(expectReduced, reduced, 1e-5f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2,3|4", "2,3|3,2"})
    void incompatibleShapesNameBoth(String spec) {
        String[] parts = spec.split("\\|");
        ShapeException e = assertThrows(ShapeException.class,
                () -> Shape.broadcast("op", parse(parts[0]), parse(parts[1])));
        assertEquals(true, e.getMessage().contains(parse(parts[0]).toString())
                && e.getMessage().contains(parse(parts[1]).toString()), e.getMessage());
    }

    private static Shape parse(String s) {
        if (s.isEmpty()) {
            return Shape.SCALAR;
        }
        String[] f = s.split(",");
        int[] d = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = Integer.parseInt(f[i]);
        }
        return Shape.of(d);
    }
}
