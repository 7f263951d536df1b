package dev.residuum.train;

import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * One step over a global batch split into {@code N} fixed micro-batches, whether they run in turn
 * in one process ({@link TrainerConfig#microBatches()}) or side by side on {@code N} workers
 * (residuum-spark): both use this class, so they split, sum and average identically.
 *
 * <p><b>The split.</b> Micro-batch {@code k} of a batch of {@code s} samples holds the samples
 * {@code [floor(k s / N), floor((k + 1) s / N))} in batch order ({@link #from}); an empty one
 * (when {@code s < N}) is skipped.
 *
 * <p><b>The gradient.</b> Each micro-batch's gradient {@code g_k} is that of its own mean loss;
 * the step's gradient is {@code sum_k (n_k / s) g_k}, accumulated in float in the order
 * {@code k = 0, 1, ..., N - 1} (the weight {@code n_k / s} rounded to float once), so the sum does
 * not depend on which worker finished first. The loss is the sample-weighted mean, the correct
 * counts add.
 *
 * <p><b>Batch normalisation.</b> Each micro-batch is normalised with its own statistics (mean and
 * biased variance over its {@code n_k} samples), as {@code N} workers each holding a share would
 * do without talking to each other, and its forward pass starts from the running statistics
 * {@code r} the step began with, so that each leaves {@code r_k = (1 - m) r + m stats_k}. After
 * the step every buffer holds the sample-weighted mean {@code sum_k n_k r_k / s} (computed in
 * double, then rounded to float), i.e. {@code (1 - m) r + m * mean_k stats_k} for equal shares;
 * a buffer no micro-batch changes (such as {@code num_batches_tracked}, which each advances by
 * one) ends exactly where one forward pass leaves it. The statistics are not synchronised across
 * micro-batches (no cross-worker all-reduce inside the forward pass): that would put a
 * round-trip per batch-norm layer into every step, and Goyal et al. (2017) train ImageNet ResNets
 * with per-worker statistics. With {@code N = 1} nothing here runs: the step is the plain one.
 */
public final class MicroBatches {
    private MicroBatches() {
    }

    /**
     * The first sample of micro-batch {@code k} (also the end of micro-batch {@code k - 1}).
     *
     * @param k in {@code [0, parts]}
     * @param size the global batch's size
     * @param parts the number of micro-batches, at least 1
     */
    public static int from(int k, int size, int parts) {
        if (parts < 1 || k < 0 || k > parts || size < 0) {
            throw new IllegalArgumentException("MicroBatches.from: need 0 <= k <= parts, parts >= 1, size >= 0; got k "
                    + k + ", parts " + parts + ", size " + size);
        }
        return (int) ((long) k * size / parts);
    }

    /** A micro-batch's weight in the step's gradient: {@code n / samples}, rounded to float once. */
    static float weight(int n, int samples) {
        return (float) ((double) n / samples);
    }

    /** {@code dst += w * src}, element by element: one micro-batch's term of the step's gradient. */
    static void addWeighted(float[] dst, float w, float[] src) {
        for (int j = 0; j < dst.length; j++) {
            dst[j] += w * src[j];
        }
    }

    /**
     * Sums the micro-batches of one step, in order.
     *
     * <pre>{@code
     * MicroBatches.Sum sum = new MicroBatches.Sum(parameters, buffers, batch.size());
     * for (each micro-batch k in order) sum.add(gradientsOfK, buffersAfterK);
     * sum.writeBuffers(buffers);                       // the averaged running statistics
     * trainer.apply(sum.gradients());
     * }</pre>
     */
    public static final class Sum {
        private final List<Parameter> parameters;
        private final int samples;
        private final float[][] gradients;
        private final double[][] buffers;
        private double lossSum;
        private long correct;
        private boolean classifies = true;
        private int added;

        /**
         * @param parameters the parameters the gradients are over; kept by reference
         * @param buffers the model's buffers (their shapes); not modified
         * @param samples the global batch's size, at least 1
         */
        public Sum(List<Parameter> parameters, List<Tensor> buffers, int samples) {
            this.parameters = Objects.requireNonNull(parameters, "parameters");
            if (samples < 1) {
                throw new IllegalArgumentException("MicroBatches.Sum: the batch must hold at least one sample, got "
                        + samples);
            }
            this.samples = samples;
            this.gradients = new float[parameters.size()][];
            this.buffers = new double[buffers.size()][];
            for (int i = 0; i < this.buffers.length; i++) {
                this.buffers[i] = new double[buffers.get(i).numel()];
            }
        }

        /**
         * Adds the next micro-batch.
         *
         * @param g its gradients (over the same parameters); read now, not kept
         * @param buffersAfter the model's buffers after its forward pass, in the order given to
         *     the constructor; read now, not kept
         */
        public void add(Gradients g, float[][] buffersAfter) {
            Objects.requireNonNull(g, "g");
            if (!g.parameters().equals(parameters) || buffersAfter.length != buffers.length) {
                throw new IllegalArgumentException("MicroBatches.Sum.add: the micro-batch is over other parameters or"
                        + " buffers (" + g.parameters().size() + " / " + buffersAfter.length + ", expected "
                        + parameters.size() + " / " + buffers.length + ")");
            }
            int n = g.samples();
            added += n;
            if (added > samples) {
                throw new IllegalArgumentException("MicroBatches.Sum.add: the micro-batches hold " + added
                        + " samples, more than the batch's " + samples);
            }
            float w = weight(n, samples);
            for (int i = 0; i < gradients.length; i++) {
                float[] src = g.get(i);
                if (src == null) {
                    continue;
                }
                if (gradients[i] == null) {
                    gradients[i] = new float[src.length];
                }
                addWeighted(gradients[i], w, src);
            }
            for (int i = 0; i < buffers.length; i++) {
                double[] dst = buffers[i];
                float[] src = buffersAfter[i];
                for (int j = 0; j < dst.length; j++) {
                    dst[j] += (double) n * src[j];
                }
            }
            lossSum += g.loss() * n;
            classifies &= g.correct() >= 0;
            correct += Math.max(0, g.correct());
        }

        /**
         * The step's gradients (arrays of their own).
         *
         * @throws IllegalStateException unless the micro-batches added hold the whole batch
         */
        public Gradients gradients() {
            checkComplete();
            return Gradients.wrap(parameters, gradients, lossSum / samples, samples, classifies ? correct : -1);
        }

        /**
         * Writes the sample-weighted mean of the micro-batches' buffers into {@code out}.
         *
         * @param out modified: the model's buffers, in the constructor's order
         */
        public void writeBuffers(List<Tensor> out) {
            checkComplete();
            for (int i = 0; i < buffers.length; i++) {
                float[] dst = out.get(i).data();
                for (int j = 0; j < dst.length; j++) {
                    dst[j] = (float) (buffers[i][j] / samples);
                }
            }
        }

        private void checkComplete() {
            if (added != samples) {
                throw new IllegalStateException("MicroBatches.Sum: the micro-batches added hold " + added + " of the "
                        + samples + " samples");
            }
        }
    }

    /**
     * One step's gradients computed micro-batch by micro-batch in this process: each of the
     * {@code parts} slices ({@link Objective#slice}) runs from the step's starting buffers, their
     * gradients are summed and their buffers averaged into the model ({@link Sum}).
     *
     * @param whole the gradients of one (micro-)batch, with the model's buffers updated by it
     * @param batch not modified
     */
    static <B extends Batch> Gradients compute(Objective<B> objective, List<Parameter> parameters, B batch, int parts,
                                               java.util.function.Function<B, Gradients> whole) {
        List<Tensor> buffers = List.copyOf(objective.model().namedBuffers().values());
        float[][] start = new float[buffers.size()][];
        for (int i = 0; i < start.length; i++) {
            start[i] = buffers.get(i).data().clone();
        }
        Sum sum = new Sum(parameters, buffers, batch.size());
        for (int k = 0; k < parts; k++) {
            int from = from(k, batch.size(), parts), to = from(k + 1, batch.size(), parts);
            if (from == to) {
                continue;
            }
            for (int i = 0; i < start.length; i++) {
                System.arraycopy(start[i], 0, buffers.get(i).data(), 0, start[i].length);
            }
            Gradients g = whole.apply(objective.slice(batch, from, to));
            float[][] after = new float[start.length][];
            for (int i = 0; i < after.length; i++) {
                after[i] = buffers.get(i).data(); // read after the run: the micro-batch's buffers
            }
            sum.add(g, after);
        }
        sum.writeBuffers(buffers);
        return sum.gradients();
    }
}
