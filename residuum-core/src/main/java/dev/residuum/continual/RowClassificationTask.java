package dev.residuum.continual;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Module;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.Objective;
import dev.residuum.train.SampleObjective;
import java.util.Objects;

/**
 * A classification of feature rows: trained with the mean cross-entropy of the model's logits,
 * scored by the share of test rows whose largest logit is the label. The tensors are kept by
 * reference and never modified.
 *
 * @param name the task's name
 * @param x training rows {@code [N, F]}
 * @param labels {@code [N]} class indices
 * @param xTest test rows {@code [M, F]}
 * @param labelsTest {@code [M]} class indices
 */
public record RowClassificationTask(String name, Tensor x, int[] labels, Tensor xTest, int[] labelsTest)
        implements ContinualTask {
    public RowClassificationTask {
        Objects.requireNonNull(name, "name");
        check("training", x, labels);
        check("test", xTest, labelsTest);
    }

    private static void check(String what, Tensor x, int[] labels) {
        Objects.requireNonNull(x, what + " rows");
        Objects.requireNonNull(labels, what + " labels");
        if (x.shape().rank() != 2 || x.shape().dim(0) != labels.length || labels.length < 1) {
            throw new ShapeException("RowClassificationTask: " + what + " rows must be [N, F] with N = the number of"
                    + " labels >= 1, got " + x.shape() + " and " + labels.length + " labels");
        }
    }

    @Override
    public Objective<?> objective(Module model) {
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

            @Override
            public Tensor batchLoss(int[] indices) {
                int[] y = new int[indices.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = labels[indices[i]];
                }
                return model.forward(x.indexSelect(0, indices), true).crossEntropy(y);
            }
        };
    }

    @Override
    public double accuracy(Module model) {
        try (Graph.NoGradScope noGrad = Graph.noGrad()) {
            Tensor logits = model.forward(xTest, false);
            int k = logits.shape().dim(1);
            float[] z = logits.data();
            int right = 0;
            for (int i = 0; i < labelsTest.length; i++) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (z[i * k + c] > z[i * k + best]) {
                        best = c;
                    }
                }
                right += best == labelsTest[i] ? 1 : 0;
            }
            return (double) right / labelsTest.length;
        }
    }
}
