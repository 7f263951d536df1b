package dev.residuum.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Module;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The fused residual MLP block {@link Products#residualTanhMlp} against the composition it
 * replaces ({@code residualAdd(x, alpha, linear(linearTanh(x, w1, b1), w2, b2))}): the same
 * forward values bit for bit, the same gradients up to float rounding (with x's gradient started
 * elsewhere too), and its forward mode against a double-precision reference of the block.
 */
class ResidualTanhMlpTest extends SeededTest {
    private static final int M = 24, D = 64, K = 48;

    /** The operands x, w1, b1, w2, b2, alpha; a bias is null where it is off. */
    private Tensor[] operands(boolean bias1, boolean bias2) {
        return new Tensor[] {randn(M, D), randn(K, D).mul(0.15f), bias1 ? randn(K).mul(0.5f) : null,
            randn(D, K).mul(0.15f), bias2 ? randn(D).mul(0.5f) : null, Tensor.full(dev.residuum.tensor.Shape.SCALAR,
            0.7f)};
    }

    private static Tensor fused(Tensor[] p) {
        return Products.residualTanhMlp(p[0], p[1], p[2], p[3], p[4], p[5]);
    }

    private static Tensor composed(Tensor[] p) {
        return Arithmetic.residualAdd(p[0], p[5], Products.linear(Products.linearTanh(p[0], p[1], p[2]), p[3], p[4]));
    }

    /** Fresh leaves that require gradients, copies of {@code p}. */
    private static Tensor[] leaves(Tensor[] p) {
        Tensor[] q = new Tensor[p.length];
        for (int i = 0; i < p.length; i++) {
            q[i] = p[i] == null ? null : p[i].copy().requiresGrad(true);
        }
        return q;
    }

    @ParameterizedTest(name = "bias1={0} bias2={1}")
    @CsvSource({"false,false", "true,true", "true,false", "false,true"})
    void forwardEqualsTheCompositionAndGradientsAgreeToRounding(boolean bias1, boolean bias2) {
        Tensor[] p = operands(bias1, bias2);
        Tensor weights = randn(M, D);
        Tensor[] a = leaves(p), b = leaves(p);
        Tensor ya = fused(a), yb = composed(b);
        assertEquals(Products.ResidualTanhMlp.class, ya.gradFn().primitive().getClass());
        assertArrayEquals(yb.toArray(), ya.toArray(), "forward, bit for bit");
        // x also feeds the loss directly, so its gradient is started before the block's arrives
        ya.mul(weights).sum().add(a[0].mul(a[0]).sum()).backward();
        yb.mul(weights).sum().add(b[0].mul(b[0]).sum()).backward();
        for (int i = 0; i < p.length; i++) {
            if (p[i] == null) {
                continue;
            }
            float[] ga = a[i].grad().data(), gb = b[i].grad().data();
            double worst = 0, scale = 0;
            for (int j = 0; j < ga.length; j++) {
                worst = Math.max(worst, Math.abs(ga[j] - gb[j]));
                scale = Math.max(scale, Math.abs(gb[j]));
            }
            assertTrue(scale > 1e-3, "operand " + i + ": the gradient is not trivially small");
            assertTrue(worst <= 1e-5 * scale, "operand " + i + ": largest difference " + worst + " of " + scale);
        }
    }

    @Test
    void nothingIsKeptWithoutRecording() {
        Tensor[] p = operands(true, true);
        Tensor y;
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            y = fused(leaves(p));
        }
        assertNull(y.gradFn());
        assertArrayEquals(composed(p).toArray(), y.toArray());
    }

    /**
     * Forward mode along all six operands at once against central differences (step 1e-6) of a
     * double-precision implementation of the block: 1e-6 relative, float32 rounding of the rules.
     */
    @ParameterizedTest(name = "bias1={0} bias2={1}")
    @CsvSource({"false,false", "true,true"})
    void jvpMatchesADoublePrecisionReference(boolean bias1, boolean bias2) {
        Tensor[] p = operands(bias1, bias2);
        Tensor[] in = leaves(p);
        java.util.List<Tensor> inputs = new java.util.ArrayList<>(), tangents = new java.util.ArrayList<>();
        Tensor[] v = new Tensor[p.length];
        for (int i = 0; i < p.length; i++) {
            if (p[i] != null) {
                v[i] = randn(p[i].shape().dims());
                inputs.add(in[i]);
                tangents.add(v[i]);
            }
        }
        Tensor y = fused(in);
        float[] got = Autodiff.jvp(new Tensor[] {y}, inputs.toArray(new Tensor[0]), tangents.toArray(new Tensor[0]))[0]
                .data();
        double h = 1e-6;
        double[] plus = reference(p, v, h), minus = reference(p, v, -h);
        double[] want = new double[plus.length];
        double size = 0;
        for (int i = 0; i < want.length; i++) {
            want[i] = (plus[i] - minus[i]) / (2 * h);
            size += want[i] * want[i];
        }
        assertTrue(Math.sqrt(size) > 1, "the tangent is not trivially small: " + Math.sqrt(size));
        double err = AutodiffTest.relativeError(got, want);
        assertTrue(err < 1e-6, "float32 jvp vs double-precision derivative, relative error " + err);
    }

    /** The block in double at {@code p + t v} (null operands and directions are absent). */
    private static double[] reference(Tensor[] p, Tensor[] v, double t) {
        double[][] q = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            if (p[i] == null) {
                continue;
            }
            float[] pd = p[i].data(), vd = v[i].data();
            q[i] = new double[pd.length];
            for (int j = 0; j < pd.length; j++) {
                q[i][j] = pd[j] + t * vd[j];
            }
        }
        double[] x = q[0], w1 = q[1], b1 = q[2], w2 = q[3], b2 = q[4];
        double alpha = q[5][0];
        double[] y = new double[M * D];
        for (int r = 0; r < M; r++) {
            double[] hidden = new double[K];
            for (int j = 0; j < K; j++) {
                double s = b1 == null ? 0 : b1[j];
                for (int c = 0; c < D; c++) {
                    s += x[r * D + c] * w1[j * D + c];
                }
                hidden[j] = Math.tanh(s);
            }
            for (int c = 0; c < D; c++) {
                double s = b2 == null ? 0 : b2[c];
                for (int j = 0; j < K; j++) {
                    s += hidden[j] * w2[c * K + j];
                }
                y[r * D + c] = x[r * D + c] + alpha * s;
            }
        }
        return y;
    }

    /** ReZero's residual MLP runs its blocks on the fused primitive; a fixed scale keeps the composition. */
    @Test
    void reZeroMlpBlocksRecordTheFusedPrimitive() {
        Module net = ResidualMlp.builder().width(16).depth(2).bias(false).activation(Activation.Kind.TANH)
                .scale(ResidualScale.SCALAR).build(new Rng(3));
        Tensor y = net.forward(randn(5, 16).requiresGrad(true), true);
        assertEquals(Products.ResidualTanhMlp.class, y.gradFn().primitive().getClass());
        Module fixed = ResidualMlp.builder().width(16).depth(2).activation(Activation.Kind.TANH)
                .scale(ResidualScale.FIXED).build(new Rng(3));
        Tensor z = fixed.forward(randn(5, 16).requiresGrad(true), true);
        assertEquals(Arithmetic.Add.class, z.gradFn().primitive().getClass(), "a fixed scale keeps the composition");
    }
}
