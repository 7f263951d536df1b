package dev.residuum.nn;

import static dev.residuum.testing.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.residuum.autodiff.Losses;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.Fixtures;
import dev.residuum.testing.Fixtures.Fixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Linear} and a tanh MLP against PyTorch ({@code nn.Linear}, {@code nn.Sequential}) on the
 * saved fixtures {@code linear.json} and {@code mlp_tanh.json} (see
 * {@code scripts/fixtures/make_core_fixtures.py}).
 */
class LinearTorchParityTest {
    /*
     * Linear alone: every output is a dot product of at most 7 (forward, grad_x), 5 (grad_weight)
     * or 4 (grad_bias) float32 products of O(1) numbers. Residuum (BLAS) and PyTorch (MKL/oneDNN)
     * may sum in a different order, so results differ by a few float32 ulps of the partial sums
     * (ulp(1) = 1.2e-7): 1e-6 absolute + 1e-5 relative leaves a 10x margin over that and is still
     * far below any real error (a wrong transpose or a missing term would be O(0.1)).
     */
    private static final double LINEAR_ATOL = 1e-6;
    private static final double LINEAR_RTOL = 1e-5;

    /*
     * MLP: Residuum's tanh is FastMath.tanh, a rational approximation a few ulps from the exact
     * value, whereas PyTorch uses a correctly-rounded-ish libm tanh; these few-ulp differences
     * pass through two more layers and the MSE backward (8 x 8 sums, O(1) values), where they can
     * grow by the layers' norms (~3). |a-b| <= 1e-5 + 1e-4 |b| allows ~80 ulps at magnitude 1,
     * comfortably above that, while a wrong derivative (e.g. 1 - y instead of 1 - y^2) or a
     * wrong layer order would miss by orders of magnitude more.
     */
    private static final double MLP_ATOL = 1e-5;
    private static final double MLP_RTOL = 1e-4;

    private static Linear linearFrom(Fixture fx) {
        Linear lin = new Linear(7, 5, true, new Rng(123));
        float[] w = fx.data("weight"), b = fx.data("bias");
        assertEquals(w.length, lin.weight().value().data().length, "weight size");
        System.arraycopy(w, 0, lin.weight().value().data(), 0, w.length);
        System.arraycopy(b, 0, lin.bias().value().data(), 0, b.length);
        return lin;
    }

    @Test
    void forwardMatchesTorch() {
        Fixture fx = Fixtures.load("linear");
        Linear lin = linearFrom(fx);
        Tensor y = lin.forward(fx.tensor("x"), false);
        assertClose("linear forward y", fx, "y", y, LINEAR_ATOL, LINEAR_RTOL);
    }

    @Test
    void gradientsOfWeightBiasAndInputMatchTorch() {
        Fixture fx = Fixtures.load("linear");
        Linear lin = linearFrom(fx);
        Tensor x = fx.tensor("x").requiresGrad(true);
        Tensor y = lin.forward(x, true);
        Tensor loss = y.mul(fx.tensor("w_rand")).sum();
        assertClose("linear loss", new float[] {fx.scalar("loss")}, new float[] {loss.item()}, LINEAR_ATOL,
                LINEAR_RTOL);
        loss.backward();
        assertClose("dL/dweight", fx, "grad_weight", lin.weight().grad(), LINEAR_ATOL, LINEAR_RTOL);
        assertClose("dL/dbias", fx, "grad_bias", lin.bias().grad(), LINEAR_ATOL, LINEAR_RTOL);
        assertClose("dL/dx", fx, "grad_x", x.grad(), LINEAR_ATOL, LINEAR_RTOL);
    }

    @Test
    void loadStateDictGivesTheSameForwardAsWritingTheArrays() {
        Fixture fx = Fixtures.load("linear");
        Linear lin = new Linear(7, 5, true, new Rng(7));
        lin.loadStateDict(Map.of("weight", fx.tensor("weight"), "bias", fx.tensor("bias")));
        assertArrayEquals(fx.data("weight"), lin.weight().value().data(), "weight loaded bit for bit");
        assertArrayEquals(linearFrom(fx).forward(fx.tensor("x"), false).data(),
                lin.forward(fx.tensor("x"), false).data(), "same forward bit for bit");
        assertClose("linear forward y (loadStateDict)", fx, "y", lin.forward(fx.tensor("x"), false), LINEAR_ATOL,
                LINEAR_RTOL);
    }

    @Test
    void tanhMlpForwardLossAndGradientsMatchTorch() {
        Fixture fx = Fixtures.load("mlp_tanh");
        int[] sizes = new int[fx.meta("sizes").size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = fx.meta("sizes").get(i).asInt();
        }
        Rng rng = new Rng(99);
        Sequential model = new Sequential(
                new Linear(sizes[0], sizes[1], true, rng), new Activation(Activation.Kind.TANH),
                new Linear(sizes[1], sizes[2], true, rng), new Activation(Activation.Kind.TANH),
                new Linear(sizes[2], sizes[3], true, rng));
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String key : fx.tensorNames()) {
            if (key.startsWith("param/")) {
                state.put(key.substring("param/".length()), fx.tensor(key));
            }
        }
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                List.copyOf(model.namedParameters().keySet()), "PyTorch state_dict names");
        model.loadStateDict(state);

        Tensor out = model.forward(fx.tensor("x"), true);
        assertClose("mlp output", fx, "out", out, MLP_ATOL, MLP_RTOL);
        Tensor loss = Losses.mse(out, fx.tensor("target"));
        assertClose("mlp mse loss", new float[] {fx.scalar("loss")}, new float[] {loss.item()}, MLP_ATOL, MLP_RTOL);
        loss.backward();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            assertClose("mlp grad " + e.getKey(), fx, "grad/" + e.getKey(), e.getValue().grad(), MLP_ATOL, MLP_RTOL);
        }
    }
}
