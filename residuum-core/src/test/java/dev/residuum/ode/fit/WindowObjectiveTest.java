package dev.residuum.ode.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.ode.Gradient;
import dev.residuum.ode.Options;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The window objective on the spiral: its loss is the mean error of the windows' solves; the
 * adjoint and checkpoint modes' surrogate has the loss's value exactly and backprop's gradient (to
 * the adjoint's 1e-4, the checkpoint's 1e-6); a short training run lowers the rollout's error.
 */
class WindowObjectiveTest {
    private static final int[] BATCH = {0, 17, 300, 512, 901};

    private static List<float[]> gradients(Gradient mode, float[] lossOut) {
        ObservedTrajectory truth = SpiralDemo.truth();
        Module net = SpiralDemo.network(new Rng(1));
        WindowObjective o = new WindowObjective(net, SpiralDemo.field(net), truth, SpiralDemo.DATA_SIZE,
                SpiralDemo.BATCH_TIME, Options.defaults().withTolerances(1e-6, 1e-7).withGradient(mode),
                WindowObjective.Loss.L1);
        net.zeroGrad();
        Tensor loss = o.batchLoss(BATCH);
        lossOut[0] = loss.item();
        loss.backward();
        List<float[]> out = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            out.add(p.grad().toArray());
        }
        return out;
    }

    private static double worst(List<float[]> a, List<float[]> b) {
        double worst = 0;
        for (int p = 0; p < a.size(); p++) {
            double num = 0, den = 0;
            for (int i = 0; i < a.get(p).length; i++) {
                double d = a.get(p)[i] - b.get(p)[i];
                num += d * d;
                den += (double) b.get(p)[i] * b.get(p)[i];
            }
            worst = Math.max(worst, Math.sqrt(num / den));
        }
        return worst;
    }

    @Test
    void surrogateCarriesTheLossAndTheModesGradient() {
        float[] lb = new float[1], la = new float[1], lc = new float[1];
        List<float[]> bp = gradients(Gradient.BACKPROP, lb);
        List<float[]> adj = gradients(Gradient.ADJOINT, la);
        List<float[]> cp = gradients(Gradient.CHECKPOINT, lc);
        assertTrue(lb[0] > 0);
        assertEquals(lb[0], la[0], 1e-6 * lb[0], "the surrogate's value is the loss");
        assertEquals(lb[0], lc[0], 1e-6 * lb[0]);
        double dAdj = worst(adj, bp), dCp = worst(cp, bp);
        System.out.printf("window objective: adjoint vs backprop %.2e, checkpoint vs backprop %.2e%n", dAdj, dCp);
        assertTrue(dAdj < 1e-4, "adjoint vs backprop " + dAdj);
        assertTrue(dCp < 1e-6, "checkpoint vs backprop " + dCp);
    }

    @Test
    void aShortRunLowersTheRolloutError() {
        ObservedTrajectory truth = SpiralDemo.truth();
        Module net = SpiralDemo.network(new Rng(0));
        WindowObjective o = new WindowObjective(net, SpiralDemo.field(net), truth, SpiralDemo.DATA_SIZE,
                SpiralDemo.BATCH_TIME, Options.defaults(), WindowObjective.Loss.L1);
        double before = o.rolloutLoss(o.rollout(), 0, truth.size(), WindowObjective.Loss.L1);
        SpiralDemo.Result r = SpiralDemo.run(100, Options.defaults(), 0, dev.residuum.train.TrainingListener.NONE);
        assertEquals(100, r.iterations());
        assertTrue(r.finalLoss() < before, "rollout L1 " + before + " -> " + r.finalLoss());
    }

    @Test
    void windowsNeedAnEvenGridAndRoom() {
        ObservedTrajectory uneven = new ObservedTrajectory(new double[] {0, 1, 3, 4}, new float[] {1, 2, 3, 4},
                List.of("x"));
        Module net = SpiralDemo.network(new Rng(0));
        assertThrows(IllegalArgumentException.class, () -> new WindowObjective(net, SpiralDemo.field(net), uneven, 4,
                2, Options.defaults(), WindowObjective.Loss.MSE));
        assertThrows(IllegalArgumentException.class, () -> new ObservedTrajectory(new double[] {0, 0},
                new float[] {1, 2}, List.of("x")));
    }
}
