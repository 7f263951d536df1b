package dev.residuum.nn.residual;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Activation;
import dev.residuum.nn.Module;
import dev.residuum.optim.Adam;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import dev.residuum.testing.SeededTest;
import org.junit.jupiter.api.Test;

/**
 * The depth claim: a 1 000-block ReZero residual MLP (width 64) trains on a small regression
 * task, while the same stack without skips (plain, PyTorch's default initialisation) does not
 * learn: its signal dies across the blocks, so it can do no better than predicting the mean.
 */
class DeepResidualTrainingTest extends SeededTest {
    private static final int STEPS = 40;

    private float[] train(Module net, Tensor x, Tensor y) {
        Adam adam = new Adam(net.parameters(), Adam.Config.adam(3e-3));
        Workspace ws = new Workspace();
        float[] losses = new float[STEPS];
        for (int s = 0; s < STEPS; s++) {
            adam.zeroGrad();
            try (Workspace.Scope scope = ws.enter()) {
                Tensor loss = net.forward(x, true).mse(y);
                loss.backward();
                losses[s] = loss.item();
            }
            adam.step();
        }
        return losses;
    }

    @Test
    void reZeroAtDepthOneThousandLearnsWhereThePlainTwinCannot() {
        Tensor x = randn(128, 8);
        Tensor v = randn(8, 1);
        Tensor y = x.matmul(v).tanh().mul(2f); // a smooth non-linear target
        double mean = y.mean().item();
        double variance = y.sub(Tensor.scalar((float) mean)).pow(2f).mean().item();

        Module rezero = ResidualMlp.builder().inputs(8).width(64).depth(1000).outputs(1)
                .activation(Activation.Kind.TANH).scale(ResidualScale.SCALAR).build(rng);
        float[] r = train(rezero, x, y);
        for (float l : r) {
            assertTrue(Float.isFinite(l), "ReZero loss must stay finite");
        }
        assertTrue(r[STEPS - 1] < 0.5 * r[0] && r[STEPS - 1] < 0.5 * variance,
                "ReZero loss should fall well below the target variance " + variance + ": " + r[0] + " -> "
                        + r[STEPS - 1]);

        Module plain = ResidualMlp.builder().inputs(8).width(64).depth(1000).outputs(1)
                .activation(Activation.Kind.TANH).skips(false).build(rng);
        float[] p = train(plain, x, y);
        assertTrue(p[STEPS - 1] > 0.9 * variance,
                "the plain 1000-block stack should not beat predicting the mean (variance " + variance + "): "
                        + p[0] + " -> " + p[STEPS - 1]);
    }
}
