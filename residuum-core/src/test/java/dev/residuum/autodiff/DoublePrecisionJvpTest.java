package dev.residuum.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Activation;
import dev.residuum.nn.BatchNorm;
import dev.residuum.nn.Conv2d;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.nn.residual.ResidualBlock;
import dev.residuum.nn.residual.Shortcut;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import org.junit.jupiter.api.Test;

/**
 * The double-precision check of forward mode on a whole residual convolution block. The engine
 * computes in float32, so its finite differences cannot resolve better than about 1e-3; here
 * the reference is an independent double-precision implementation of the same block
 * ({@code tanh(x + bn2(conv2(tanh(bn1(conv1(x))))))}, written out below with the block's own
 * weights), differentiated by central differences with a step of 1e-6, which leaves an error
 * near 1e-10. The engine's {@code jvp}, still in float32, must match that directional
 * derivative to 1e-6 relative: what is left is float32 rounding of the forward-mode rules
 * themselves, not the error of a difference quotient.
 */
class DoublePrecisionJvpTest extends SeededTest {
    private static final int N = 4, C = 16, H = 8, W = 8;

    @Test
    void jvpOfAResidualBlockMatchesADoublePrecisionReference() {
        Conv2d conv1 = new Conv2d(C, C, 3, 1, 1, false, rng), conv2 = new Conv2d(C, C, 3, 1, 1, true, rng);
        BatchNorm bn1 = new BatchNorm(C), bn2 = new BatchNorm(C);
        for (BatchNorm bn : new BatchNorm[] {bn1, bn2}) { // away from the identity, so that every parameter matters
            fill(bn.namedParameters().get("weight").value(), 0.5, 1.5);
            fill(bn.namedParameters().get("bias").value(), -0.5, 0.5);
            fill(bn.namedBuffers().get("running_mean"), -0.3, 0.3);
            fill(bn.namedBuffers().get("running_var"), 0.5, 2.0);
        }
        fill(conv2.bias().value(), -0.2, 0.2);
        Module block = block(conv1, bn1, conv2, bn2);
        Tensor x = randn(N, C, H, W), v = randn(N, C, H, W);
        double[] xd = toDouble(x), vd = toDouble(v);
        for (boolean training : new boolean[] {false, true}) {
            // Running statistics move in training; the reference reads them (evaluation) before the engine updates them.
            Reference ref = new Reference(conv1, bn1, conv2, bn2, training);
            double[] want = ref.directionalDerivative(xd, vd, 1e-6);
            float[] got = Autodiff.jvp(t -> block.forward(t, training), x, v).derivative().data();
            double err = AutodiffTest.relativeError(got, want), size = 0;
            for (double w : want) size += w * w;
            assertTrue(Math.sqrt(size) > 1, "the tangent is not trivially small: " + Math.sqrt(size));
            assertTrue(err < 1e-6, "training=" + training + ": float32 jvp vs double-precision derivative, relative error " + err);
        }
    }

    /** The reference is itself checked: its forward pass equals the engine's to float32 rounding. */
    @Test
    void theReferenceComputesTheSameBlock() {
        Conv2d conv1 = new Conv2d(C, C, 3, 1, 1, false, rng), conv2 = new Conv2d(C, C, 3, 1, 1, true, rng);
        BatchNorm bn1 = new BatchNorm(C), bn2 = new BatchNorm(C);
        fill(bn2.namedBuffers().get("running_var"), 0.5, 2.0);
        fill(conv2.bias().value(), -0.2, 0.2);
        Module block = block(conv1, bn1, conv2, bn2);
        Tensor x = randn(N, C, H, W);
        for (boolean training : new boolean[] {false, true}) {
            double[] want = new Reference(conv1, bn1, conv2, bn2, training).forward(toDouble(x));
            float[] got;
            try (Graph.NoGradScope ignored = Graph.noGrad()) {
                got = block.forward(x, training).data();
            }
            double worst = 0;
            for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
            assertTrue(worst < 1e-5, "training=" + training + ": largest difference " + worst);
        }
    }

    private static Module block(Conv2d conv1, BatchNorm bn1, Conv2d conv2, BatchNorm bn2) {
        return ResidualBlock.builder()
                .branch(new Sequential(conv1, bn1, new Activation(Activation.Kind.TANH), conv2, bn2))
                .shortcut(Shortcut.identity())
                .activation(Activation.Kind.TANH)
                .build();
    }

    private void fill(Tensor t, double lo, double hi) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }

    private static double[] toDouble(Tensor t) {
        float[] f = t.data();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** The block in double precision, with a copy of the modules' weights and statistics. */
    private static final class Reference {
        final double[] w1, w2, b2, g1, beta1, g2, beta2, mean1, var1, mean2, var2;
        final boolean training;

        Reference(Conv2d conv1, BatchNorm bn1, Conv2d conv2, BatchNorm bn2, boolean training) {
            w1 = toDouble(conv1.weight().value());
            w2 = toDouble(conv2.weight().value());
            b2 = toDouble(conv2.bias().value());
            g1 = toDouble(bn1.namedParameters().get("weight").value());
            beta1 = toDouble(bn1.namedParameters().get("bias").value());
            g2 = toDouble(bn2.namedParameters().get("weight").value());
            beta2 = toDouble(bn2.namedParameters().get("bias").value());
            mean1 = toDouble(bn1.namedBuffers().get("running_mean"));
            var1 = toDouble(bn1.namedBuffers().get("running_var"));
            mean2 = toDouble(bn2.namedBuffers().get("running_mean"));
            var2 = toDouble(bn2.namedBuffers().get("running_var"));
            this.training = training;
        }

        double[] directionalDerivative(double[] x, double[] v, double eps) {
            double[] plus = new double[x.length], minus = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                plus[i] = x[i] + eps * v[i];
                minus[i] = x[i] - eps * v[i];
            }
            double[] p = forward(plus), m = forward(minus), d = new double[p.length];
            for (int i = 0; i < d.length; i++) d[i] = (p[i] - m[i]) / (2 * eps);
            return d;
        }

        double[] forward(double[] x) {
            double[] h = tanh(batchNorm(conv(x, w1, null), g1, beta1, mean1, var1));
            double[] f = batchNorm(conv(h, w2, b2), g2, beta2, mean2, var2);
            double[] y = new double[x.length];
            for (int i = 0; i < y.length; i++) y[i] = Math.tanh(x[i] + f[i]);
            return y;
        }

        /** 3x3, stride 1, zero padding 1, {@code C -> C} channels. */
        static double[] conv(double[] x, double[] w, double[] bias) {
            double[] y = new double[N * C * H * W];
            for (int n = 0; n < N; n++) {
                for (int o = 0; o < C; o++) {
                    for (int i = 0; i < H; i++) {
                        for (int j = 0; j < W; j++) {
                            double s = bias == null ? 0 : bias[o];
                            for (int c = 0; c < C; c++) {
                                for (int ki = 0; ki < 3; ki++) {
                                    int r = i + ki - 1;
                                    if (r < 0 || r >= H) continue;
                                    for (int kj = 0; kj < 3; kj++) {
                                        int q = j + kj - 1;
                                        if (q < 0 || q >= W) continue;
                                        s += w[((o * C + c) * 3 + ki) * 3 + kj] * x[((n * C + c) * H + r) * W + q];
                                    }
                                }
                            }
                            y[((n * C + o) * H + i) * W + j] = s;
                        }
                    }
                }
            }
            return y;
        }

        /** Batch statistics (biased variance) in training, the running ones otherwise; eps as the engine's. */
        double[] batchNorm(double[] x, double[] gamma, double[] beta, double[] runningMean, double[] runningVar) {
            double[] y = new double[x.length];
            int plane = H * W, count = N * plane;
            for (int c = 0; c < C; c++) {
                double mean = runningMean[c], var = runningVar[c];
                if (training) {
                    mean = 0;
                    for (int n = 0; n < N; n++) for (int k = 0; k < plane; k++) mean += x[(n * C + c) * plane + k];
                    mean /= count;
                    var = 0;
                    for (int n = 0; n < N; n++) {
                        for (int k = 0; k < plane; k++) {
                            double d = x[(n * C + c) * plane + k] - mean;
                            var += d * d;
                        }
                    }
                    var /= count;
                }
                double scale = gamma[c] / Math.sqrt(var + BatchNorm.EPS);
                for (int n = 0; n < N; n++) {
                    for (int k = 0; k < plane; k++) {
                        int idx = (n * C + c) * plane + k;
                        y[idx] = (x[idx] - mean) * scale + beta[c];
                    }
                }
            }
            return y;
        }

        static double[] tanh(double[] x) {
            double[] y = new double[x.length];
            for (int i = 0; i < y.length; i++) y[i] = Math.tanh(x[i]);
            return y;
        }
    }
}
