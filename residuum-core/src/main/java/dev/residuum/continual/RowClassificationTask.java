package dev.residuum.continual;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.BatchLoss;
import dev.residuum.train.Evaluation;
import dev.residuum.train.SampleBatch;
import dev.residuum.train.SampleObjective;
import java.util.Arrays;
import java.util.Objects;

/**
 * A classification of feature rows: trained with the mean cross-entropy of the model's logits,
 * scored by the share of test rows whose largest logit is the label. The tensors are kept by
 * reference and never modified.
 *
 * <p>With {@code classes} given, the task lives on those output units only (the multi-headed
 * output of the task-incremental scenario, van de Ven and Tolias 2019): the other logits are
 * masked out of the cross-entropy and of the arg-max, so training does not touch them and the
 * score picks among the task's classes. With {@code classes} null every output unit counts (the
 * class-incremental scenario: one head, no task identity at test time).
 *
 * @param name the task's name
 * @param x training rows {@code [N, F]}
 * @param labels {@code [N]} class indices
 * @param xTest test rows {@code [M, F]}
 * @param labelsTest {@code [M]} class indices
 * @param classes the output units of the task (every label among them), or null for all
 */
public record RowClassificationTask(String name, Tensor x, int[] labels, Tensor xTest, int[] labelsTest,
                                    int[] classes) implements ContinualTask {
    /** What a masked-out logit becomes: its softmax weight is exactly 0 in float and double. */
    static final float MASKED = -1e9f;

    public RowClassificationTask {
        Objects.requireNonNull(name, "name");
        check("training", x, labels);
        check("test", xTest, labelsTest);
        if (classes != null) {
            classes = classes.clone();
            for (int[] ys : new int[][] {labels, labelsTest}) {
                for (int y : ys) {
                    if (!contains(classes, y)) {
                        throw new IllegalArgumentException("RowClassificationTask '" + name + "': label " + y
                                + " is not among the task's classes " + Arrays.toString(classes));
                    }
                }
            }
        }
    }

    /** A task on every output unit. */
    public RowClassificationTask(String name, Tensor x, int[] labels, Tensor xTest, int[] labelsTest) {
        this(name, x, labels, xTest, labelsTest, null);
    }

    @Override
    public int[] classes() {
        return classes == null ? null : classes.clone();
    }

    private static boolean contains(int[] set, int v) {
        for (int c : set) {
            if (c == v) {
                return true;
            }
        }
        return false;
    }

    private static void check(String what, Tensor x, int[] labels) {
        Objects.requireNonNull(x, what + " rows");
        Objects.requireNonNull(labels, what + " labels");
        if (x.shape().rank() != 2 || x.shape().dim(0) != labels.length || labels.length < 1) {
            throw new ShapeException("RowClassificationTask: " + what + " rows must be [N, F] with N = the number of"
                    + " labels >= 1, got " + x.shape() + " and " + labels.length + " labels");
        }
    }

    /** Number of training rows. */
    public int size() {
        return labels.length;
    }

    /** Number of features per row. */
    public int features() {
        return x.shape().dim(1);
    }

    @Override
    public SampleObjective objective(Module model) {
        return objective(model, null);
    }

    /**
     * The objective of this task with experience replay: each batch of this task's rows is
     * joined by as many rows drawn from {@code memory} (each with its own task's classes), and the
     * loss is the mean cross-entropy over the joined batch (Chaudhry et al. 2019, "On Tiny Episodic
     * Memories in Continual Learning").
     *
     * @param memory read, not modified (its draws advance its generator), or null (or empty) for none
     */
    public SampleObjective objective(Module model, ReplayBuffer memory) {
        Objects.requireNonNull(model, "model");
        return new SampleObjective() {
            @Override
            public int size() {
                return labels.length;
            }

            @Override
            public Module model() {
                return model;
            }

            /** Without replay only: a draw from the memory advances its generator. */
            @Override
            public boolean slicesRunConcurrently() {
                return memory == null || memory.size() == 0;
            }

            @Override
            public Tensor batchLoss(int[] indices) {
                return loss(new SampleBatch(0, indices, 0)).value();
            }

            @Override
            public BatchLoss loss(SampleBatch batch) {
                int[] indices = batch.samples();
                int b = indices.length;
                int m = memory == null || memory.size() == 0 ? 0 : b;
                int f = features();
                Tensor rows = Tensor.empty(Shape.of(b + m, f));
                int[] y = new int[b + m];
                int[][] sets = new int[b + m][];
                float[] xd = x.data(), rd = rows.data();
                for (int i = 0; i < b; i++) {
                    System.arraycopy(xd, indices[i] * f, rd, i * f, f);
                    y[i] = labels[indices[i]];
                    sets[i] = classes;
                }
                if (m > 0) {
                    memory.draw(m, rd, b * f, y, sets, b);
                }
                Tensor masked = mask(model.forward(rows, true), sets);
                // the batch's own rows are counted, not the replayed ones (rows b.. of the logits are not read)
                return new BatchLoss(masked.crossEntropy(y), Evaluation.correct(masked, Arrays.copyOf(y, b)));
            }
        };
    }

    /** {@code logits} with, in row {@code i}, every unit outside {@code sets[i]} (when not null) set to {@link #MASKED}. */
    static Tensor mask(Tensor logits, int[][] sets) {
        int n = logits.shape().dim(0), k = logits.shape().dim(1);
        float[] add = null;
        for (int i = 0; i < n; i++) {
            if (sets[i] == null) {
                continue;
            }
            if (add == null) {
                add = new float[n * k];
            }
            Arrays.fill(add, i * k, (i + 1) * k, MASKED);
            for (int c : sets[i]) {
                if (c < 0 || c >= k) {
                    throw new IllegalArgumentException("RowClassificationTask: class " + c + " is not an output unit of a"
                            + " model with " + k + " outputs");
                }
                add[i * k + c] = 0;
            }
        }
        return add == null ? logits : logits.add(Tensor.wrap(add, logits.shape()));
    }

    @Override
    public double accuracy(Module model) {
        try (Graph.NoGradScope noGrad = Graph.noGrad()) {
            int[][] sets = new int[labelsTest.length][];
            Arrays.fill(sets, classes);
            return (double) Evaluation.correct(mask(model.forward(xTest, false), sets), labelsTest) / labelsTest.length;
        }
    }
}
