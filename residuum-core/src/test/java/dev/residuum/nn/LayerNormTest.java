package dev.residuum.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.GradCheck;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link LayerNorm} against PyTorch's definition computed here in double (normalised over the
 * trailing dims, biased variance, eps 1e-5 inside the square root, then {@code * weight + bias}),
 * and its gradient and JVP against central differences (GradCheck).
 */
class LayerNormTest extends SeededTest {

    /** {@code (x - mean) / sqrt(var + eps) * w + b} per row of {@code inner} elements, in double. */
    private static double[] reference(float[] x, int inner, float[] w, float[] b, double eps) {
        double[] y = new double[x.length];
        for (int r = 0; r < x.length / inner; r++) {
            double mean = 0, var = 0;
            for (int i = 0; i < inner; i++) {
                mean += x[r * inner + i];
            }
            mean /= inner;
            for (int i = 0; i < inner; i++) {
                var += Math.pow(x[r * inner + i] - mean, 2);
            }
            var /= inner;
            for (int i = 0; i < inner; i++) {
                y[r * inner + i] = (x[r * inner + i] - mean) / Math.sqrt(var + eps) * w[i] + b[i];
            }
        }
        return y;
    }

    @Test
    void forwardIsPyTorchsDefinition() {
        LayerNorm ln = new LayerNorm(3, 4);
        assertEquals(2, ln.parameters().size());
        assertEquals(1f, ln.weight().value().data()[5], "weight starts at 1");
        Tensor w = ln.weight().value(), b = ln.bias().value();
        for (int i = 0; i < 12; i++) {
            w.data()[i] = (float) (1 + 0.3 * rng.nextGaussian());
            b.data()[i] = (float) (0.2 * rng.nextGaussian());
        }
        Tensor x = uniform(-3, 5, 2, 5, 3, 4);
        float[] y = ln.forward(x, false).data();
        double[] want = reference(x.data(), 12, w.data(), b.data(), 1e-5);
        for (int i = 0; i < y.length; i++) {
            // float32 mean, variance and division of O(1) values: a few ulps
            assertEquals(want[i], y[i], 1e-5 * (1 + Math.abs(want[i])), "element " + i);
        }
        assertEquals(ln.namedParameters().keySet(), java.util.Set.of("weight", "bias"), "state_dict names");
    }

    /** A constant row has variance 0: the output is the bias, not NaN (eps keeps the root positive). */
    @Test
    void constantRowGivesTheBias() {
        LayerNorm ln = new LayerNorm(new int[] {6}, LayerNorm.EPS, false);
        Tensor y = ln.forward(Tensor.full(dev.residuum.tensor.Shape.of(2, 6), 3f), false);
        for (float v : y.data()) {
            assertEquals(0f, v, 0f);
        }
        assertTrue(ln.parameters().isEmpty());
    }

    /*
     * GradCheck: eps 1e-2 on unit-scale inputs (the class's guidance for float32 forward passes);
     * layer norm's second derivative is O(1/sigma^2) for inputs of spread sigma ~ 1, so the central
     * difference's truncation error is ~eps^2 = 1e-4 relative, and float32 rounding of the
     * contraction divided by 2 eps is ~1e-5: atol 1e-3, rtol 1e-2 hold both with margin.
     */
    @Test
    void gradientAndJvpMatchFiniteDifferences() {
        for (int[] dims : new int[][] {{4, 7}, {2, 3, 5}}) {
            int[] normalized = dims.length == 2 ? new int[] {7} : new int[] {3, 5};
            LayerNorm ln = new LayerNorm(normalized);
            for (int i = 0; i < ln.weight().numel(); i++) {
                ln.weight().value().data()[i] = (float) (1 + 0.5 * rng.nextGaussian());
                ln.bias().value().data()[i] = (float) (0.5 * rng.nextGaussian());
            }
            Function<Tensor[], Tensor> f = in -> ln.forward(in[0], true);
            Tensor[] inputs = {randn(dims)};
            GradCheck.Report grad = GradCheck.check(f, inputs, 1e-2, 1e-3, 1e-2, 5);
            assertTrue(grad.passed(), "gradient w.r.t. x: " + grad);
            GradCheck.Report jvp = GradCheck.checkJvp(f, inputs, 1e-2, 1e-3, 1e-2, 6);
            assertTrue(jvp.passed(), "jvp w.r.t. x: " + jvp);
            Tensor x = randn(dims);
            Function<Tensor[], Tensor> affine = in -> ln.forward(x, true);
            Tensor[] params = {ln.weight().value(), ln.bias().value()};
            GradCheck.Report pg = GradCheck.check(affine, params, 1e-2, 1e-3, 1e-2, 7);
            assertTrue(pg.passed(), "gradient w.r.t. weight and bias: " + pg);
            GradCheck.Report pj = GradCheck.checkJvp(affine, params, 1e-2, 1e-3, 1e-2, 8);
            assertTrue(pj.passed(), "jvp w.r.t. weight and bias: " + pj);
        }
    }

    @Test
    void boundaryChecks() {
        LayerNorm ln = new LayerNorm(4);
        ShapeException e = assertThrows(ShapeException.class, () -> ln.forward(randn(3, 5), false));
        assertTrue(e.getMessage().contains("[3, 5]") || e.getMessage().contains("3, 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(new int[] {4}, 0f, true));
        assertThrows(IllegalStateException.class, () -> new LayerNorm(new int[] {4}, 1e-5f, false).zeroInit());
    }
}
