package dev.residuum.continual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A toy task sequence that forces forgetting: points in 8 dimensions, task t labelled by the sign
 * of coordinate t (three tasks, two classes each, one shared 2-way head). One function cannot
 * serve all three on the same inputs, so fine-tuning on task t+1 overwrites task t; one adapter
 * per task, selected by task, keeps every earlier task's score exactly.
 */
class ContinualRunTest {
    private static final int TASKS = 3;
    private static final int FEATURES = 8;

    private static List<ContinualTask> tasks() {
        Rng rng = new Rng(42);
        List<ContinualTask> out = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
            Tensor x = Tensor.randn(rng, 256, FEATURES);
            Tensor xTest = Tensor.randn(rng, 256, FEATURES);
            out.add(ContinualTask.ofRows("sign of x" + t, x, labels(x, t), xTest, labels(xTest, t)));
        }
        return out;
    }

    private static int[] labels(Tensor x, int coordinate) {
        int n = x.shape().dim(0);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = x.data()[i * FEATURES + coordinate] > 0 ? 1 : 0;
        }
        return y;
    }

    private static Module backbone() {
        Rng rng = new Rng(7);
        return new Sequential(new Linear(FEATURES, 32, true, rng), new Activation(Activation.Kind.RELU),
                new Linear(32, 2, true, rng));
    }

    private static final TrainerConfig TRAIN = TrainerConfig.adam(1e-2, 30, 64, 1);

    @Test
    void fineTuningForgetsAndPerTaskAdaptersDoNot() {
        List<ContinualTask> tasks = tasks();
        ContinualRun.Result ft = ContinualRun.fineTuning(backbone(), tasks, TRAIN);
        ContinualRun.Result pa = ContinualRun.perTaskAdapters(backbone(), tasks,
                LoraConfig.of(4, 8, TargetModules.of("0", "2")), TRAIN, 3, ContinualRun.Listener.NONE);
        AccuracyMatrix f = ft.accuracy(), a = pa.accuracy();
        for (int j = 0; j < TASKS; j++) {
            assertTrue(f.get(j, j) > 0.9, "fine-tuning learns task " + j + ": " + f);
            assertTrue(a.get(j, j) > 0.9, "the adapter learns task " + j + ": " + a);
        }
        assertTrue(f.forgetting() > 0.2, "fine-tuning forgets: " + f.forgetting() + " " + f);
        assertTrue(f.backwardTransfer() < -0.2, "fine-tuning's BWT: " + f.backwardTransfer());
        // Exactly: task j's adapter is frozen after task j and the backbone never moves.
        assertEquals(0.0, a.forgetting(), "per-task adapters' forgetting " + a);
        assertEquals(0.0, a.backwardTransfer());
        for (int i = 0; i < TASKS; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(a.get(j, j), a.get(i, j), "R[" + i + "][" + j + "]");
            }
        }
        long backboneSize = backbone().parameterCount();
        assertEquals(backboneSize, ft.trainableParameters()[1]);
        // rank 4 on Linear(8, 32) and Linear(32, 2): 4 * (8 + 32) + 4 * (32 + 2)
        assertEquals(4 * 40 + 4 * 34, pa.trainableParameters()[1]);
        assertEquals(backboneSize + TASKS * (4 * 40 + 4 * 34), pa.totalParameters());
        System.out.printf("fine-tuning: ACC %.4f BWT %.4f FWT %.4f forgetting %.4f; per-task adapters: ACC %.4f BWT %.4f"
                        + " FWT %.4f forgetting %.4f%n", f.averageAccuracy(), f.backwardTransfer(), f.forwardTransfer(),
                f.forgetting(), a.averageAccuracy(), a.backwardTransfer(), a.forwardTransfer(), a.forgetting());
    }

    @Test
    void aSharedAdapterIsOverwrittenLikeFineTuning() {
        ContinualRun.Result sa = ContinualRun.sharedAdapter(backbone(), tasks(),
                LoraConfig.of(4, 8, TargetModules.of("0", "2")), TRAIN, 3, ContinualRun.Listener.NONE);
        assertTrue(sa.accuracy().forgetting() > 0.2, "a shared adapter forgets: " + sa.accuracy());
    }
}
