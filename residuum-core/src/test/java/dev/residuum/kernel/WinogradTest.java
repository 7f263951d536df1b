package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Winograd F(2x2, 3x3) against the definition of a 3x3 cross-correlation with padding 1, summed in
 * double: even and odd sizes (partial tiles), non-square maps, groups of images, accumulation, and
 * the flipped, transposed kernel of the input gradient.
 */
class WinogradTest {
    @ParameterizedTest(name = "g={0} c={1} o={2} h={3} w={4} accumulate={5}")
    @CsvSource({"1, 16, 16, 7, 7, false", "3, 16, 32, 14, 14, false", "5, 4, 4, 7, 7, true", "2, 5, 3, 1, 1, false",
            "2, 4, 6, 5, 8, true", "4, 3, 2, 9, 6, false", "3, 2, 2, 2, 3, true", "3, 2, 3, 6, 1, false"})
    void matchesDirectConvolution(int g, int c, int o, int h, int w, boolean accumulate) {
        Rng rng = new Rng(h * 31 + w);
        int most = Math.max(c, o); // either side is the input, as flipped
        float[] x = randn(rng, g * most * h * w + 3), wt = randn(rng, o * c * 9), init = randn(rng, g * most * h * w + 3);
        int xOff = 3, yOff = 3;
        for (boolean flipped : new boolean[] {false, true}) {
            // flipped: the input gradient's convolution, input channels o -> output channels c
            int cin = flipped ? o : c, cout = flipped ? c : o;
            float[] u = Winograd.transformWeights(wt, o, c, flipped);
            float[] y = init.clone();
            Winograd.forward(x, xOff, cin, h, w, u, cout, g, y, yOff, accumulate,
                    new float[Winograd.inputSize(cin, h, w, g)], new float[Winograd.productSize(cout, h, w, g)],
                    new float[Winograd.rowScratchSize(h, w, g)]);
            for (int img = 0; img < g; img++) {
                for (int oc = 0; oc < cout; oc++) {
                    for (int r = 0; r < h; r++) {
                        for (int q = 0; q < w; q++) {
                            double sum = 0, scale = 0;
                            for (int ic = 0; ic < cin; ic++) {
                                for (int ky = 0; ky < 3; ky++) {
                                    for (int kx = 0; kx < 3; kx++) {
                                        int rr = r + ky - 1, qq = q + kx - 1;
                                        if (rr < 0 || rr >= h || qq < 0 || qq >= w) continue;
                                        double kv = flipped ? wt[((ic * c + oc) * 3 + 2 - ky) * 3 + 2 - kx]
                                                : wt[((oc * c + ic) * 3 + ky) * 3 + kx];
                                        double term = kv * x[xOff + ((img * cin + ic) * h + rr) * w + qq];
                                        sum += term;
                                        scale += Math.abs(term);
                                    }
                                }
                            }
                            int at = yOff + ((img * cout + oc) * h + r) * w + q;
                            double want = (accumulate ? init[at] : 0) + sum;
                            assertEquals(want, y[at], 1e-5 * (1 + scale), "flipped=" + flipped + " img " + img + " oc " + oc
                                    + " at " + r + "," + q);
                        }
                    }
                }
            }
            for (int i = 0; i < yOff; i++) assertEquals(init[i], y[i], "untouched before the output");
        }
    }

    private static float[] randn(Rng rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        return a;
    }
}
