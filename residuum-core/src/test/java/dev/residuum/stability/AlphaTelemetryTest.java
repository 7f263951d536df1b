package dev.residuum.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code dL/dalpha} from autodiff equals {@code (grad_s L)^T F(x)} computed directly, to 1e-5
 * relative, plus the rounding that a float32 gradient of a cancelling sum cannot avoid. The upstream
 * gradient and F(x) are the same float32 values in both; the direct sum multiplies and adds in
 * double, the autodiff kernels multiply in float32 (each product within 2^-23 of exact) and then
 * add in double. So {@code |autodiff - direct| <= 2^-23 sum |g_i F_i|} apart from the final
 * rounding: where the sum cancels (a gradient near 0 made of terms 100x larger, seen here), that
 * term, not 1e-5 of the sum, is the honest bound, and the test allows exactly it.
 */
class AlphaTelemetryTest extends SeededTest {
    private static final double RTOL = 1e-5;
    private static final double PRODUCT_ROUNDING = 0x1p-23;

    private void randomiseAlphas(Module net) {
        for (var e : net.namedParameters().entrySet()) {
            if (e.getKey().endsWith("alpha")) {
                float[] a = e.getValue().value().data();
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (0.5 * rng.nextGaussian());
                }
            }
        }
    }

    private static void assertAgree(List<AlphaTelemetry.Entry> entries, int expected) {
        assertEquals(expected, entries.size(), "one entry per block with an alpha");
        for (AlphaTelemetry.Entry e : entries) {
            for (int c = 0; c < e.gradient().length; c++) {
                double want = e.direct()[c], got = e.gradient()[c];
                assertTrue(Math.abs(want) > 1e-6, e.name() + "[" + c + "]: not trivially zero: " + want);
                double allowed = RTOL * Math.abs(want) + PRODUCT_ROUNDING * e.magnitude()[c];
                assertEquals(want, got, allowed, e.name() + "[" + c + "]: autodiff " + got + " vs (grad_s L)^T F(x) "
                        + want + ", sum of |terms| " + e.magnitude()[c]);
            }
        }
    }

    /** A seeded residual MLP from 6 to 3 features with alphas of this kind. */
    private Module mlp(int width, int depth, ResidualScale scale) {
        return ResidualMlp.builder().inputs(6).width(width).depth(depth).outputs(3).scale(scale).build(rng);
    }

    /** The telemetry of {@code net} (an {@link #mlp}) under the MSE of 8 random rows against random targets. */
    private List<AlphaTelemetry.Entry> onRandomRows(Module net) {
        Tensor x = randn(8, 6), target = randn(8, 3);
        return AlphaTelemetry.of(BlockGradients.of(net, x, y -> y.mse(target), false));
    }

    @Test
    void scalarAlphaOfAResidualMlp() {
        Module net = mlp(16, 5, ResidualScale.SCALAR);
        randomiseAlphas(net);
        assertAgree(onRandomRows(net), 5);
    }

    /** ReZero at initialisation: alpha = 0, and the gradient is still (grad_y L)^T F(x), not 0. */
    @Test
    void reZeroAtZeroHasTheDirectGradient() {
        List<AlphaTelemetry.Entry> entries = onRandomRows(mlp(16, 4, ResidualScale.SCALAR));
        assertAgree(entries, 4);
        for (AlphaTelemetry.Entry e : entries) {
            assertEquals(0, e.alpha()[0], 0, e.name());
        }
    }

    @Test
    void perChannelAlphaOfAResidualMlp() {
        Module net = mlp(8, 3, ResidualScale.PER_CHANNEL);
        randomiseAlphas(net);
        List<AlphaTelemetry.Entry> entries = onRandomRows(net);
        assertEquals(8, entries.get(0).gradient().length, "one per channel");
        assertAgree(entries, 3);
    }

    /** ReZero CIFAR blocks, relu after the sum, in training mode: grad_s L = grad_y L where y > 0. */
    @Test
    void reZeroCifarBlocksWithReluAfterTheSum() {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet14").withReZero(true), rng);
        randomiseAlphas(net);
        Tensor x = randn(4, 1, 8, 8);
        int[] labels = {2, 5, 9, 0};
        BlockGradients grads = BlockGradients.of(net, x, y -> y.crossEntropy(labels), true);
        assertAgree(AlphaTelemetry.of(grads), 6);
        for (Parameter p : net.parameters()) {
            assertEquals(null, p.grad(), "no .grad written");
        }
    }
}
