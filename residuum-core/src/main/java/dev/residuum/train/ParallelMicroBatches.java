package dev.residuum.train;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.kernel.Parallel;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import java.util.ArrayList;
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
 * {@link Autodiff#gradInto} into arrays of this object's (no {@code .grad} is shared between the
 * workers), and the sum is written into the parameters' gradient buffers, split by parameter
 * across the workers; then any {@link dev.residuum.optim.Optimizer}'s {@code step()} applies it.
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
        for (Tensor[] part : partGradients) {
            for (int t = 0; t < trained.length; t++) {
                part[t] = Tensor.wrap(new float[inputs[t].numel()], inputs[t].shape());
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
    private void sum(float[] dst, int t, int samples, int n, boolean[][] reached) {
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
     *
     * @param samples the batch size, at least 1 (a batch smaller than the part count has one
     *     micro-batch per sample)
     * @param loss called once per micro-batch, on the worker that runs it
     * @return views of the parameters' gradient buffers, with the sample-weighted mean loss
     */
    public Gradients compute(int samples, SliceLoss loss) {
        Objects.requireNonNull(loss, "loss");
        if (samples < 1) {
            throw new IllegalArgumentException("ParallelMicroBatches: the batch must hold at least one sample, got "
                    + samples);
        }
        int n = Math.min(parts, samples);
        double[] losses = new double[n];
        long[] correct = new long[n];
        boolean[][] reached = new boolean[n][trained.length];
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
        float[][] targets = new float[trained.length][];
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
            if (p.grad() == null) {
                p.value().setGrad(Tensor.wrap(new float[inputs[t].numel()], inputs[t].shape()));
            }
            targets[t] = p.grad().data();
        }
        Parallel.forRange(trained.length, totalSize, PARALLEL_SIZE, (from, to) -> {
            for (int t = from; t < to; t++) {
                float[] dst = targets[t];
                if (dst == null) {
                    continue;
                }
                sum(dst, t, samples, n, reached);
            }
        });
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
