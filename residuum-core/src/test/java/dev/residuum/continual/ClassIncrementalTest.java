package dev.residuum.continual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * The scenarios and the two regularising methods on a toy Split problem: six Gaussian clusters in
 * 8 dimensions (class c centred at 3 e_c), three tasks of two classes, one 6-way head. In the
 * class-incremental scenario fine-tuning forgets everything but the last task (the head learns to
 * answer only the newest classes); replay from a small memory keeps much of it. In the
 * task-incremental scenario each task is scored on its own two units, and training a task leaves
 * the other units' weights untouched.
 */
class ClassIncrementalTest {
    private static final int FEATURES = 8;
    private static final int CLASSES = 6;
    private static final TrainerConfig TRAIN = TrainerConfig.adam(1e-2, 20, 32, 1);

    private static List<RowClassificationTask> tasks(boolean taskIncremental) {
        Rng rng = new Rng(5);
        List<RowClassificationTask> out = new ArrayList<>();
        for (int t = 0; t < CLASSES / 2; t++) {
            int[] classes = {2 * t, 2 * t + 1};
            out.add(new RowClassificationTask("classes " + classes[0] + "," + classes[1], clusters(rng, classes, 200),
                    labels(classes, 200), clusters(rng, classes, 100), labels(classes, 100),
                    taskIncremental ? classes : null));
        }
        return out;
    }

    private static Tensor clusters(Rng rng, int[] classes, int n) {
        float[] x = new float[n * FEATURES];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < FEATURES; f++) {
                x[i * FEATURES + f] = (float) (rng.nextGaussian() + (f == classes[i % 2] ? 3 : 0));
            }
        }
        return Tensor.of(x, n, FEATURES);
    }

    private static int[] labels(int[] classes, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = classes[i % 2];
        }
        return y;
    }

    private static Module net() {
        Rng rng = new Rng(3);
        return new Sequential(new Linear(FEATURES, 32, true, rng), new Activation(Activation.Kind.RELU),
                new Linear(32, CLASSES, true, rng));
    }

    @Test
    void classIncrementalFineTuningForgetsAndReplayRemembers() {
        AccuracyMatrix ft = ContinualRun.fineTuning(net(), tasks(false), TRAIN).accuracy();
        ReplayBuffer memory = new ReplayBuffer(60, 9);
        AccuracyMatrix er = ContinualRun.replay(net(), tasks(false), memory, TRAIN, ContinualRun.Listener.NONE)
                .accuracy();
        for (int j = 0; j < 3; j++) {
            assertTrue(ft.get(j, j) > 0.9 && er.get(j, j) > 0.9, "each task is learnt: " + ft + " " + er);
        }
        assertTrue(ft.backwardTransfer() < -0.8, "fine-tuning forgets the earlier classes: " + ft);
        assertTrue(er.backwardTransfer() > ft.backwardTransfer() + 0.4, "replay: " + er + " vs " + ft);
        assertTrue(er.averageAccuracy() > ft.averageAccuracy() + 0.3, "replay: " + er + " vs " + ft);
        assertEquals(60, memory.size());
        assertEquals(3 * 200, memory.seen());
        System.out.printf("class-incremental toy: fine-tuning ACC %.3f BWT %.3f; replay ACC %.3f BWT %.3f%n",
                ft.averageAccuracy(), ft.backwardTransfer(), er.averageAccuracy(), er.backwardTransfer());
    }

    @Test
    void aTaskIncrementalTaskTrainsAndScoresOnItsOwnUnitsOnly() {
        List<RowClassificationTask> tasks = tasks(true);
        Module m = net();
        Linear head = (Linear) ((Sequential) m).get(2);
        float[] w = head.weight().value().toArray(), b = head.bias().value().toArray();
        new Trainer<>(tasks.get(1).objective(m), TRAIN).fit();
        float[] w2 = head.weight().value().toArray(), b2 = head.bias().value().toArray();
        for (int c = 0; c < CLASSES; c++) {
            boolean own = c == 2 || c == 3;
            float[] rowBefore = java.util.Arrays.copyOfRange(w, c * 32, c * 32 + 32);
            float[] rowAfter = java.util.Arrays.copyOfRange(w2, c * 32, c * 32 + 32);
            if (own) {
                assertTrue(b[c] != b2[c], "unit " + c + " of the task trains");
            } else {
                assertArrayEquals(rowBefore, rowAfter, "unit " + c + " is masked out of the loss");
                assertEquals(b[c], b2[c], "bias of unit " + c);
            }
        }
        assertTrue(tasks.get(1).accuracy(m) > 0.9);
        // Scored among its own units, task 0 (classes 0, 1) is a coin toss for the untrained units; among all six
        // units the model trained on classes 2, 3 would answer 2 or 3 and score ~0.
        RowClassificationTask asClassIl = tasks(false).get(0);
        assertTrue(asClassIl.accuracy(m) < 0.2, "class-incremental scoring of task 0: " + asClassIl.accuracy(m));
        assertTrue(tasks.get(0).accuracy(m) > 0.2, "task-incremental scoring of task 0: " + tasks.get(0).accuracy(m));
    }

    @Test
    void reservoirKeepsAUniformSampleOfEveryTaskAndIsRepeatable() {
        List<RowClassificationTask> tasks = tasks(true);
        ReplayBuffer a = new ReplayBuffer(150, 4), b = new ReplayBuffer(150, 4);
        for (RowClassificationTask t : tasks) {
            a.add(t);
            b.add(t);
        }
        assertArrayEquals(a.labels(), b.labels(), "same seed, same memory");
        int[] perTask = new int[3];
        for (int y : a.labels()) {
            perTask[y / 2]++;
        }
        for (int t = 0; t < 3; t++) {
            // 50 expected of each task; the count is hypergeometric with sd ~5.8, so 25..75 is > 4 sd
            assertTrue(perTask[t] > 25 && perTask[t] < 75, "task " + t + ": " + java.util.Arrays.toString(perTask));
        }
        float[] x = new float[3 * FEATURES];
        int[] y = new int[3];
        int[][] sets = new int[3][];
        a.draw(3, x, 0, y, sets, 0);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new int[] {y[i] / 2 * 2, y[i] / 2 * 2 + 1}, sets[i], "a row keeps its task's classes");
        }
    }
}
