package dev.residuum.train;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.kernel.Parallel;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.optim.Optimizer;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;

/**
 * One step's {@link MicroBatches micro-batches} computed side by side on the {@link Parallel}
 * workers instead of in turn: data parallelism inside one process, each worker running whole
 * forward and backward passes of its share of the batch on one thread, with no hand-over between
 * the cores until the step's gradients are summed. A deep stack of small products (a residual MLP
 * on a batch of 64) gains little from splitting each product across cores (a 64×64×64 product
 * takes less time than moving its operands to the other core and back), but the micro-batches'
 * passes are independent.
 *
 * <p><b>The gradient</b> is {@link MicroBatches}': {@code sum_k (n_k / s) g_k}, accumulated in
 * float in the order {@code k = 0 .. N-1} whatever worker finished first, so a step is the same
 * run to run at a fixed thread count and part count. Each micro-batch's gradient is computed by
 * {@link Autodiff#gradInto}: the first one's straight into the parameters' gradient buffers, the
 * others' into arrays of this object's (no array is written by two workers); then the others are
 * summed onto the first in place, split by parameter across the workers, and any
 * {@link dev.residuum.optim.Optimizer}'s {@code step()} applies the result, or the sum and the
 * update run fused parameter by parameter ({@link Passes#sumAndStep}).
 *
 * <p><b>What the model may do.</b> The workers run the same module at the same time, so its
 * forward pass must only read shared state: a model with buffers (batch normalisation's running
 * statistics) is refused ({@link #supports}); so must be anything that draws random numbers in the
 * forward pass from a generator it keeps (a dropout): the caller is responsible for that.
 * The loss function is called on the workers too, once per micro-batch, in its own workspace scope.
 */
public final class ParallelMicroBatches {
    /** The mean loss of the samples {@code [from, to)} of the step's batch, recorded on the tape. */
    @FunctionalInterface
    public interface SliceLoss {
        BatchLoss loss(int from, int to);
    }

    /** Each thread's own buffers, reused step after step (a workspace belongs to one thread). */
    private static final ThreadLocal<Workspace> WORKSPACES = ThreadLocal.withInitial(Workspace::new);
    private static final long PARALLEL_SIZE = 1 << 18;

    private final List<Parameter> parameters;
    private final int parts;
    /** Indices into {@link #parameters} of those not frozen, and their tensors. */
    private final int[] trained;
    private final Tensor[] inputs;
    private final long totalSize;
    /** {@code [part][trained index]}: each micro-batch's own gradient. */
    private final Tensor[][] partGradients;
    /** The passes whose gradients {@link #partGradients} hold. */
    private Passes latest;
    /** See {@link #trainedIndex()}. */
    private IdentityHashMap<Tensor, Integer> byValue;

    /**
     * @param parameters the parameters to differentiate (frozen ones get no gradient); kept by reference
     * @param parts micro-batches per step, at least 1
     */
    public ParallelMicroBatches(List<Parameter> parameters, int parts) {
        this.parameters = List.copyOf(Objects.requireNonNull(parameters, "parameters"));
        if (parts < 1) {
            throw new IllegalArgumentException("ParallelMicroBatches: parts must be at least 1, got " + parts);
        }
        this.parts = parts;
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < this.parameters.size(); i++) {
            if (!this.parameters.get(i).isFrozen()) {
                idx.add(i);
            }
        }
        trained = idx.stream().mapToInt(Integer::intValue).toArray();
        inputs = new Tensor[trained.length];
        long size = 0;
        for (int t = 0; t < trained.length; t++) {
            inputs[t] = this.parameters.get(trained[t]).value();
            size += inputs[t].numel();
        }
        totalSize = size;
        partGradients = new Tensor[parts][trained.length];
        for (int k = 1; k < parts; k++) { // part 0's are the parameters' own buffers, set at each step
            for (int t = 0; t < trained.length; t++) {
                partGradients[k][t] = Tensor.wrap(new float[inputs[t].numel()], inputs[t].shape());
            }
        }
    }

    /**
     * Whether the workers can run {@code model} side by side: it keeps no buffers (running
     * statistics that each forward pass would update). Random draws in the forward pass are not
     * seen here (see the class comment).
     */
    public static boolean supports(Module model) {
        return model.namedBuffers().isEmpty();
    }

    /**
     * {@code dst = sum_k w_k g_k[t]} over the parts that reached parameter {@code t}, in the order
     * k = 0, 1, ...: exactly {@link MicroBatches.Sum}'s arithmetic (zeros, then {@code += w_k g_k}
     * part by part), with the first two parts in one pass ({@code (0 + w_0 a) + w_1 b} keeps the
     * zero's sign rule of the separate passes).
     */
    private void sumParts(float[] dst, int t, int samples, int n, boolean[][] reached) {
        int k = 0;
        int first = -1, second = -1;
        for (; k < n && second < 0; k++) {
            if (reached[k][t]) {
                if (first < 0) {
                    first = k;
                } else {
                    second = k;
                }
            }
        }
        float[] a = partGradients[first][t].data();
        float wa = MicroBatches.weight(partSize(first, samples, n), samples);
        if (second < 0) {
            for (int j = 0; j < dst.length; j++) {
                dst[j] = 0f + wa * a[j];
            }
            return;
        }
        float[] b = partGradients[second][t].data();
        float wb = MicroBatches.weight(partSize(second, samples, n), samples);
        for (int j = 0; j < dst.length; j++) {
            dst[j] = (0f + wa * a[j]) + wb * b[j];
        }
        for (; k < n; k++) {
            if (reached[k][t]) {
                MicroBatches.addWeighted(dst, MicroBatches.weight(partSize(k, samples, n), samples),
                        partGradients[k][t].data());
            }
        }
    }

    private static int partSize(int k, int samples, int n) {
        return MicroBatches.from(k + 1, samples, n) - MicroBatches.from(k, samples, n);
    }

    /**
     * The gradients of the mean loss over a batch of {@code samples}, written into the parameters'
     * gradient buffers ({@code .grad}, created where missing; frozen parameters' left alone).
     * {@code passes(samples, loss).sum()}.
     *
     * @param samples the batch size, at least 1 (a batch smaller than the part count has one
     *     micro-batch per sample)
     * @param loss called once per micro-batch, on the worker that runs it
     * @return views of the parameters' gradient buffers, with the sample-weighted mean loss
     */
    public Gradients compute(int samples, SliceLoss loss) {
        return passes(samples, loss).sum();
    }

    /**
     * The micro-batches' forward and backward passes, side by side, each gradient left in this
     * object's arrays: the step's losses can be looked at ({@link Passes#loss(int)}) before the
     * gradients are summed, by {@link Passes#sum()} or together with the update by
     * {@link Passes#sumAndStep}. Only the latest passes of this object may be summed.
     *
     * @param samples the batch size, at least 1 (a batch smaller than the part count has one
     *     micro-batch per sample)
     * @param loss called once per micro-batch, on the worker that runs it
     */
    public Passes passes(int samples, SliceLoss loss) {
        Objects.requireNonNull(loss, "loss");
        if (samples < 1) {
            throw new IllegalArgumentException("ParallelMicroBatches: the batch must hold at least one sample, got "
                    + samples);
        }
        latest = null; // passes that throw leave the part gradients in no state to sum
        latest = new Passes(samples, loss);
        return latest;
    }

    /** One step's passes, their gradients not yet summed ({@link #passes}). */
    public final class Passes {
        private final int samples;
        private final int n;
        private final double[] losses;
        private final long[] correct;
        private final boolean[][] reached;
        /** {@code targets[t]}: the gradient buffer of trained parameter t, null where no part reached it. */
        private float[][] targets;

        /** Runs the passes (see {@link ParallelMicroBatches#passes}). */
        private Passes(int samples, SliceLoss loss) {
            this.samples = samples;
            n = Math.min(parts, samples);
            losses = new double[n];
            correct = new long[n];
            reached = new boolean[n][trained.length];
            for (int t = 0; t < trained.length; t++) {
                partGradients[0][t] = gradBuffer(parameters.get(trained[t]));
            }
            Parallel.forChunks(n, Parallel.inChunk() ? 1 : Math.min(n, Parallel.threads()), (chunk, from, to) -> {
                Workspace workspace = WORKSPACES.get();
                for (int k = from; k < to; k++) {
                    try (Workspace.Scope scope = workspace.enter()) {
                        BatchLoss l = loss.loss(MicroBatches.from(k, samples, n), MicroBatches.from(k + 1, samples, n));
                        losses[k] = l.value().item();
                        correct[k] = l.correct();
                        Tensor[] g = Autodiff.gradInto(l.value(), inputs, partGradients[k]);
                        for (int t = 0; t < g.length; t++) {
                            reached[k][t] = g[t] != null;
                        }
                    }
                }
            });
        }

        /** The micro-batches of the step ({@code min(parts, samples)}). */
        public int count() {
            return n;
        }

        /** Micro-batch {@code k}'s mean loss. */
        public double loss(int k) {
            return losses[k];
        }

        /** The first sample of micro-batch {@code k} in the step's batch. */
        public int from(int k) {
            return MicroBatches.from(k, samples, n);
        }

        /**
         * Sums the parts' gradients into the parameters' gradient buffers, split by parameter across
         * the workers (a parameter no part reached gets none, as {@code backward()} leaves it).
         *
         * @return views of the parameters' gradient buffers, with the sample-weighted mean loss
         */
        public Gradients sum() {
            prepareTargets();
            Parallel.forRange(trained.length, totalSize, PARALLEL_SIZE, (from, to) -> {
                for (int t = from; t < to; t++) {
                    sumInto(t);
                }
            });
            return gradients();
        }

        /**
         * {@link #sum()} and then {@code optimizer.step()}, fused: each parameter's sum is formed
         * just before its update, on the worker that updates it, while the sum is in cache, and
         * the updates are split over the workers as in {@code step()}. The parameters' values,
         * gradients and the optimizer's state are bit for bit those of {@code sum(); optimizer.step()}
         * (an update reads only its own parameter's value, gradient and state). Parameters the
         * optimizer does not hold are summed as by {@code sum()}.
         *
         * @param optimizer over some or all of these parameters
         * @return as {@link #sum()}
         */
        public Gradients sumAndStep(Optimizer optimizer) {
            Objects.requireNonNull(optimizer, "optimizer");
            prepareTargets();
            boolean[] summed = new boolean[trained.length];
            IdentityHashMap<Tensor, Integer> index = trainedIndex();
            optimizer.step(p -> {
                Integer t = index.get(p.value());
                if (t != null) {
                    sumInto(t);
                    summed[t] = true;
                }
            });
            for (int t = 0; t < trained.length; t++) {
                if (!summed[t]) {
                    sumInto(t);
                }
            }
            return gradients();
        }

        /** Creates the missing gradient buffers (and clears those of parameters no part reached). */
        private void prepareTargets() {
            if (targets != null) {
                throw new IllegalStateException("ParallelMicroBatches: these passes were summed already");
            }
            if (latest != this) {
                throw new IllegalStateException("ParallelMicroBatches: later passes have reused the part gradients");
            }
            targets = new float[trained.length][];
            for (int t = 0; t < trained.length; t++) {
                Parameter p = parameters.get(trained[t]);
                boolean any = false;
                for (int k = 0; k < n; k++) {
                    any |= reached[k][t];
                }
                if (!any) { // no micro-batch's loss depends on it: no gradient, as backward() leaves it
                    p.zeroGrad();
                    continue;
                }
                targets[t] = partGradients[0][t].data();
                if (p.grad() != partGradients[0][t]) { // the buffer was replaced since the passes
                    throw new IllegalStateException("ParallelMicroBatches: the gradient buffer of a parameter was"
                            + " replaced between the passes and their sum");
                }
            }
        }

        private void sumInto(int t) {
            if (targets[t] != null) {
                sumParts(targets[t], t, samples, n, reached);
            }
        }

        private Gradients gradients() {
            double lossSum = 0;
            long right = 0;
            boolean classifies = true;
            for (int k = 0; k < n; k++) {
                lossSum += losses[k] * partSize(k, samples, n);
                classifies &= correct[k] >= 0;
                right += Math.max(0, correct[k]);
            }
            return Gradients.of(parameters, lossSum / samples, samples, classifies ? right : -1);
        }
    }

    /**
     * The parameter's gradient buffer, created (zeros) where missing: the first micro-batch's
     * gradient is written straight into it, and the others are summed onto it in place (one
     * buffer and one pass over it fewer than a separate part).
     */
    private static Tensor gradBuffer(Parameter p) {
        if (p.grad() == null) {
            p.value().setGrad(Tensor.wrap(new float[p.numel()], p.value().shape()));
        }
        return p.grad();
    }

    /** Each trained parameter's index in {@link #trained} by its value tensor; built at the first fused step. */
    private IdentityHashMap<Tensor, Integer> trainedIndex() {
        IdentityHashMap<Tensor, Integer> index = byValue;
        if (index == null) {
            index = new IdentityHashMap<>(trained.length * 2);
            for (int t = 0; t < trained.length; t++) {
                index.put(inputs[t], t);
            }
            byValue = index;
        }
        return index;
    }
}
