package dev.residuum.train;

import dev.residuum.nn.Parameter;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@link Trainer#computeGradients}: the gradient of a batch's mean loss with
 * respect to each parameter, with the loss and the batch's counts, as a value to inspect, sum
 * with the gradients of other batches or workers, scale, and hand to {@link Trainer#apply}.
 *
 * <p>As returned by the trainer the arrays are the parameters' own gradient buffers (no copy:
 * the training loop allocates nothing); they stay valid until the next
 * {@code computeGradients}. {@link #copy()}, {@link #plus} and {@link #scale} return values
 * with arrays of their own.
 *
 * <p>Summing: for batches of sizes {@code n1, n2} the gradient of the mean loss over both is
 * {@code g1.scale(n1 / N).plus(g2.scale(n2 / N))}; {@link #plus} adds the arrays and combines
 * the loss as the sample-weighted mean, so a sum of scaled parts reports the whole's loss.
 */
public final class Gradients {
    private final List<Parameter> parameters;
    private final float[][] values;
    private final double loss;
    private final int samples;
    private final long correct;

    private Gradients(List<Parameter> parameters, float[][] values, double loss, int samples, long correct) {
        this.parameters = parameters;
        this.values = values;
        this.loss = loss;
        this.samples = samples;
        this.correct = correct;
    }

    /**
     * The gradients the last backward left in {@code parameters} (views of their buffers; null
     * entries for parameters without a gradient, frozen ones among them).
     *
     * @param parameters not modified; kept by reference
     * @param loss the batch's mean loss
     * @param samples the batch size (at least 1)
     * @param correct samples classified correctly, or -1 when not classifying
     */
    public static Gradients of(List<Parameter> parameters, double loss, int samples, long correct) {
        Objects.requireNonNull(parameters, "parameters");
        if (samples < 1 || correct < -1 || correct > samples) {
            throw new IllegalArgumentException("Gradients: need samples >= 1 and -1 <= correct <= samples, got "
                    + correct + " of " + samples);
        }
        float[][] v = new float[parameters.size()][];
        for (int i = 0; i < v.length; i++) {
            Parameter p = parameters.get(i);
            v[i] = p.isFrozen() || p.grad() == null ? null : p.grad().data();
        }
        return new Gradients(parameters, v, loss, samples, correct);
    }

    /**
     * Gradients held in {@code values} (kept by reference, not copied): what a worker elsewhere
     * computed for {@code parameters}.
     *
     * @param values one entry per parameter, flattened, or null where a parameter has none
     * @throws IllegalArgumentException if the counts or an entry's length do not fit
     */
    public static Gradients wrap(List<Parameter> parameters, float[][] values, double loss, int samples, long correct) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(values, "values");
        if (values.length != parameters.size() || samples < 1 || correct < -1 || correct > samples) {
            throw new IllegalArgumentException("Gradients.wrap: need one entry per parameter (" + parameters.size()
                    + ", got " + values.length + "), samples >= 1 and -1 <= correct <= samples (got " + correct + " of "
                    + samples + ")");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && values[i].length != parameters.get(i).value().numel()) {
                throw new IllegalArgumentException("Gradients.wrap: the gradient of parameter " + i + " has "
                        + values[i].length + " entries, the parameter " + parameters.get(i).value().numel());
            }
        }
        return new Gradients(parameters, values, loss, samples, correct);
    }

    /** The parameters, in the optimizer's order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The gradient of parameter {@code index} (its shape flattened), or null when it has none. Not a copy. */
    public float[] get(int index) {
        return values[index];
    }

    /** The batch's mean loss. */
    public double loss() {
        return loss;
    }

    /** Samples behind these gradients. */
    public int samples() {
        return samples;
    }

    /** Samples classified correctly, or -1 when not classifying. */
    public long correct() {
        return correct;
    }

    /** The Euclidean norm over every gradient entry (in double). */
    public double norm() {
        double s = 0;
        for (float[] v : values) {
            if (v != null) {
                for (float x : v) {
                    s += (double) x * x;
                }
            }
        }
        return Math.sqrt(s);
    }

    /** The same values in arrays of their own. */
    public Gradients copy() {
        float[][] v = new float[values.length][];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i] == null ? null : values[i].clone();
        }
        return new Gradients(parameters, v, loss, samples, correct);
    }

    /**
     * Each gradient times {@code factor} (in float, as PyTorch's {@code grad.mul_}); the loss and
     * counts are unchanged.
     */
    public Gradients scale(double factor) {
        float f = (float) factor;
        float[][] v = new float[values.length][];
        for (int i = 0; i < v.length; i++) {
            if (values[i] != null) {
                v[i] = new float[values[i].length];
                for (int j = 0; j < v[i].length; j++) {
                    v[i][j] = values[i][j] * f;
                }
            }
        }
        return new Gradients(parameters, v, loss, samples, correct);
    }

    /**
     * The entry-wise sum with {@code other} (a gradient missing on one side counts as zero);
     * samples and correct counts add, the loss is their sample-weighted mean.
     *
     * @throws IllegalArgumentException if {@code other} is over other parameters
     */
    public Gradients plus(Gradients other) {
        Objects.requireNonNull(other, "other");
        if (!other.parameters.equals(parameters)) {
            throw new IllegalArgumentException("Gradients.plus: the two are over different parameter lists ("
                    + parameters.size() + " and " + other.parameters.size() + " parameters)");
        }
        float[][] v = new float[values.length][];
        for (int i = 0; i < v.length; i++) {
            float[] a = values[i], b = other.values[i];
            if (a == null || b == null) {
                v[i] = a == null ? (b == null ? null : b.clone()) : a.clone();
            } else {
                v[i] = new float[a.length];
                for (int j = 0; j < a.length; j++) {
                    v[i][j] = a[j] + b[j];
                }
            }
        }
        int n = samples + other.samples;
        double mean = (loss * samples + other.loss * other.samples) / n;
        long c = correct < 0 || other.correct < 0 ? -1 : correct + other.correct;
        return new Gradients(parameters, v, mean, n, c);
    }
}
