package dev.residuum.train;

import dev.residuum.autodiff.Graph;
import dev.residuum.data.ImageSet;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A model scored on held-out data, in evaluation mode without recording: the mean loss and,
 * for a classifier, how many samples it got right.
 *
 * @param loss mean loss over the samples (cross-entropy for a classifier; NaN when none)
 * @param correct samples classified correctly (arg-max of the logits, first on ties), or -1
 *     when the model does not classify
 * @param samples number of samples scored (0 when none, or not counted by the objective)
 */
public record Evaluation(double loss, long correct, int samples) {
    /** No held-out data. */
    public static final Evaluation NONE = new Evaluation(Double.NaN, -1, 0);

    public Evaluation {
        if (samples < 0 || correct < -1 || correct > samples) {
            throw new IllegalArgumentException("Evaluation: need 0 <= samples and -1 <= correct <= samples, got "
                    + correct + " of " + samples);
        }
    }

    /** A regression score: the loss alone. */
    public static Evaluation ofLoss(double loss) {
        return new Evaluation(loss, -1, 0);
    }

    /** Fraction classified correctly (NaN when the model does not classify or nothing was scored). */
    public double accuracy() {
        return correct < 0 || samples == 0 ? Double.NaN : (double) correct / samples;
    }

    /**
     * Mean cross-entropy and accuracy of the classifier {@code model} on {@code set}.
     *
     * @param model not modified (evaluation mode: batch norm uses its running statistics)
     * @param set not modified
     */
    public static Evaluation of(Module model, ImageSet set, int batch, Workspace workspace) {
        return of(model, set, batch, workspace, null, done -> { });
    }

    /**
     * As {@link #of(Module, ImageSet, int, Workspace)}, also keeping the logits.
     *
     * @param logits receives the logits {@code [N, K]} row-major (modified), or null
     * @param progress told the number of images done after each batch
     */
    public static Evaluation of(Module model, ImageSet set, int batch, Workspace workspace, float[] logits,
                                IntConsumer progress) {
        Objects.requireNonNull(progress, "progress");
        if (batch < 1) {
            throw new IllegalArgumentException("Evaluation: batch must be at least 1, got " + batch);
        }
        int n = set.size();
        int[] d = set.images().shape().dims();
        int imageSize = d[1] * d[2] * d[3];
        double lossSum = 0;
        long right = 0;
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            int[] labels = Arrays.copyOfRange(set.labels(), start, start + b);
            try (Workspace.Scope scope = workspace.enter(); Graph.NoGradScope noGrad = Graph.noGrad()) {
                Tensor x = Tensor.empty(Shape.of(b, d[1], d[2], d[3]));
                System.arraycopy(set.images().data(), start * imageSize, x.data(), 0, b * imageSize);
                Tensor out = model.forward(x, false);
                int k = out.shape().dim(1);
                if (logits != null) {
                    if (logits.length < n * k) {
                        throw new IllegalArgumentException("Evaluation: the logits array holds " + logits.length
                                + " values, " + n + " images of " + k + " classes need " + n * k);
                    }
                    System.arraycopy(out.data(), 0, logits, start * k, b * k);
                }
                lossSum += (double) out.crossEntropy(labels).item() * b;
                right += correct(out, labels);
            }
            progress.accept(start + b);
        }
        return new Evaluation(lossSum / n, right, n);
    }

    /** How many rows of {@code logits} [B, K] have their arg-max at the label. */
    public static int correct(Tensor logits, int[] labels) {
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
