package dev.residuum.train;

import dev.residuum.autodiff.Graph;
import dev.residuum.data.ImageSet;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import java.util.Arrays;

/**
 * Mean cross-entropy and error of a classifier on labelled images, in evaluation mode without
 * recording.
 *
 * @param loss mean cross-entropy over the images
 * @param error fraction misclassified (arg-max of the logits, first on ties)
 * @param images number of images
 */
public record Evaluation(double loss, double error, int images) {
    /**
     * Evaluates {@code model} on {@code set} in batches of {@code batch}.
     *
     * @param model not modified (evaluation mode: batch norm uses its running statistics)
     * @param set not modified
     */
    public static Evaluation of(Module model, ImageSet set, int batch, Workspace workspace) {
        if (batch < 1) {
            throw new IllegalArgumentException("Evaluation: batch must be at least 1, got " + batch);
        }
        int n = set.size();
        int[] d = set.images().shape().dims();
        int imageSize = d[1] * d[2] * d[3];
        double lossSum = 0;
        long wrong = 0;
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            int[] labels = Arrays.copyOfRange(set.labels(), start, start + b);
            try (Workspace.Scope scope = workspace.enter(); Graph.NoGradScope noGrad = Graph.noGrad()) {
                Tensor x = Tensor.empty(Shape.of(b, d[1], d[2], d[3]));
                System.arraycopy(set.images().data(), start * imageSize, x.data(), 0, b * imageSize);
                Tensor logits = model.forward(x, false);
                lossSum += (double) logits.crossEntropy(labels).item() * b;
                wrong += b - correct(logits, labels);
            }
        }
        return new Evaluation(lossSum / n, (double) wrong / n, n);
    }

    /** How many rows of {@code logits} [B, K] have their arg-max at the label. */
    static int correct(Tensor logits, int[] labels) {
        float[] out = logits.data();
        int k = logits.shape().dim(1);
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (out[i * k + j] > out[i * k + best]) {
                    best = j;
                }
            }
            c += best == labels[i] ? 1 : 0;
        }
        return c;
    }
}
