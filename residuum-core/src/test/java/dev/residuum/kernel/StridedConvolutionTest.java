package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link StridedConvolution} against the definition of a 3x3, stride-2, padding-1 convolution
 * (direct loops in double): the output, the weight gradient and the input gradient (written and
 * accumulated), for groups of one and several images side by side and non-square maps.
 */
class StridedConvolutionTest {
    @ParameterizedTest(name = "g={0} c={1} o={2} {3}x{4}")
    @CsvSource({"1, 3, 4, 6, 8", "3, 5, 2, 4, 4", "4, 2, 3, 8, 2", "2, 1, 1, 2, 2"})
    void matchesTheDefinition(int g, int c, int o, int h, int w) {
        Rng rng = new Rng(5);
        int hq = h / 2, wq = w / 2, inSize = c * h * w, outSize = o * hq * wq;
        float[] x = Tensor.randn(rng, g * inSize).data(), wt = Tensor.randn(rng, o * c * 9).data();
        float[] dy = Tensor.randn(rng, g * outSize).data();
        // the definition: y[o, i, j] = sum w[o, c, ky, kx] x[c, 2i - 1 + ky, 2j - 1 + kx]
        double[] y = new double[g * outSize], dx = new double[g * inSize], dw = new double[o * c * 9];
        for (int n = 0; n < g; n++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < hq; i++) {
                    for (int j = 0; j < wq; j++) {
                        int yi = n * outSize + (oc * hq + i) * wq + j;
                        for (int ch = 0; ch < c; ch++) {
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int r = 2 * i - 1 + ky, s = 2 * j - 1 + kx;
                                    if (r < 0 || r >= h || s < 0 || s >= w) {
                                        continue;
                                    }
                                    int xi = n * inSize + (ch * h + r) * w + s, wi = (oc * c + ch) * 9 + ky * 3 + kx;
                                    y[yi] += (double) wt[wi] * x[xi];
                                    dx[xi] += (double) wt[wi] * dy[yi];
                                    dw[wi] += (double) x[xi] * dy[yi];
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(StridedConvolution.supports(3, 3, 2, 1, h, w));
        assertFalse(StridedConvolution.supports(3, 3, 2, 1, h + 1, w), "odd sizes go elsewhere");
        float[] ws = StridedConvolution.weightsByShift(wt, o, c);
        float[] phases = new float[StridedConvolution.phasesSize(c, h, w, g)];
        float[] rows = new float[StridedConvolution.paddedRowsSize(o, h, w, g)];
        float[] out = new float[g * outSize + 3];
        StridedConvolution.forward(x, 0, c, h, w, ws, o, g, out, 3, phases, rows);
        for (int i = 0; i < g * outSize; i++) {
            assertEquals(y[i], out[3 + i], 1e-4 * (1 + Math.abs(y[i])), "y " + i);
        }
        float[] dwt = new float[2 + 9 * c * o], gx = new float[g * inSize];
        java.util.Arrays.fill(gx, 0.5f);
        StridedConvolution.backward(x, 0, c, h, w, ws, dy, 0, o, g, dwt, 2, gx, 0, true, phases, rows);
        float[] gw = new float[o * c * 9];
        StridedConvolution.addWeightGradient(dwt, 2, o, c, gw);
        for (int i = 0; i < gw.length; i++) {
            assertEquals(dw[i], gw[i], 1e-4 * (1 + Math.abs(dw[i])), "dw " + i);
        }
        for (int i = 0; i < gx.length; i++) {
            assertEquals(dx[i] + 0.5, gx[i], 1e-4 * (1 + Math.abs(dx[i])), "dx accumulated " + i);
        }
        StridedConvolution.backward(x, 0, c, h, w, ws, dy, 0, o, g, null, 0, gx, 0, false, phases, rows);
        for (int i = 0; i < gx.length; i++) {
            assertEquals(dx[i], gx[i], 1e-4 * (1 + Math.abs(dx[i])), "dx written " + i);
        }
    }
}
