package dev.residuum.autodiff;

import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tape: recording operations and the reverse pass over them.
 *
 * <p>Backward is an iterative post-order walk (an explicit stack, no recursion: a graph 10 000 or
 * more ops deep is fine) that visits nodes in a deterministic order; gradients accumulate with
 * {@code +=}; the tape is freed as it is consumed, and intermediate gradients are dropped unless
 * {@link Tensor#retainGrad()} asked to keep them.
 *
 * <p>Grad mode is per thread ({@link #noGrad()}); anomaly mode is process-wide
 * ({@link #setAnomalyDetection}).
 */
public final class Graph {
    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    /** The store of the functional reverse pass running on this thread, if any. */
    private static final ThreadLocal<GradientSink> SINK = new ThreadLocal<>();
    /**
     * Functional reverse passes running on any thread: while there are none (every plain
     * training step), the backward rules' gradient lookups skip the thread-local store.
     */
    private static final AtomicInteger FUNCTIONAL_PASSES = new AtomicInteger();
    private static volatile boolean anomaly;

    private Graph() {
    }

    // ------------------------------------------------------------------ modes

    /** A scope in which no operation is recorded. */
    public static final class NoGradScope implements AutoCloseable {
        private final int[] depth;

        private NoGradScope(int[] depth) {
            this.depth = depth;
            depth[0]++;
        }

        @Override
        public void close() {
            depth[0]--;
        }
    }

    /** A scope in which operations are recorded even inside a {@link NoGradScope}. */
    public static final class GradScope implements AutoCloseable {
        private final int[] depth;
        private final int saved;

        private GradScope(int[] depth) {
            this.depth = depth;
            this.saved = depth[0];
            depth[0] = 0;
        }

        @Override
        public void close() {
            depth[0] = saved;
        }
    }

    /**
     * Opens a scope on this thread in which operations are recorded, whatever scope is around it
     * (PyTorch's {@code enable_grad}): {@link Autodiff#linearize} uses it so that derivatives can
     * be taken during an evaluation.
     */
    public static GradScope enableGrad() {
        return new GradScope(NO_GRAD_DEPTH.get());
    }

    /** Opens a no-grad scope on this thread: {@code try (var g = Graph.noGrad()) { ... }}. */
    public static NoGradScope noGrad() {
        return new NoGradScope(NO_GRAD_DEPTH.get());
    }

    /** Whether operations on this thread are being recorded. */
    public static boolean isGradEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /** Whether an operation on these inputs (nulls skipped) would be recorded now. */
    public static boolean wouldRecord(Tensor... inputs) {
        if (!isGradEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Anomaly mode: every primitive checks its output in forward, and its inputs' gradients in
     * backward, for NaN and infinity, and the first one that produces one is named in an
     * {@link AnomalyException}. Costs a pass over each result; off by default.
     */
    public static void setAnomalyDetection(boolean on) {
        anomaly = on;
    }

    // ------------------------------------------------------------------ recording

    /** Anomaly check of a forward result; true when a node must be recorded for inputs {@code a}. */
    static boolean track(Class<? extends Primitive> kind, Tensor out, Tensor a) {
        checkForward(kind, out);
        return a.requiresGrad() && isGradEnabled();
    }

    static boolean track(Class<? extends Primitive> kind, Tensor out, Tensor a, Tensor b) {
        checkForward(kind, out);
        return (a.requiresGrad() || b.requiresGrad()) && isGradEnabled();
    }

    static boolean track(Class<? extends Primitive> kind, Tensor out, Tensor[] inputs) {
        checkForward(kind, out);
        return wouldRecord(inputs);
    }

    /**
     * Records that {@code out} was produced by {@code primitive} (the value that holds what its
     * vector–Jacobian and Jacobian–vector products need) from {@code inputs}, in the order its
     * {@link Primitive#jvp} takes their tangents.
     *
     * @return out
     */
    static Tensor attach(Primitive primitive, Tensor out, Tensor... inputs) {
        out.attach(new Node(Objects.requireNonNull(primitive, "primitive"), out, inputs));
        return out;
    }

    /** Whether anomaly mode is on (read by the functional passes). */
    static boolean anomaly() {
        return anomaly;
    }

    /** Makes {@code sink} this thread's gradient store until {@link #endFunctional()}. */
    static void beginFunctional(GradientSink sink) {
        if (SINK.get() != null) {
            throw new IllegalStateException("vjp: called from inside a backward rule; not supported");
        }
        SINK.set(sink);
        FUNCTIONAL_PASSES.incrementAndGet();
    }

    /** Ends {@link #beginFunctional}: gradients go to {@code .grad} again on this thread. */
    static void endFunctional() {
        FUNCTIONAL_PASSES.decrementAndGet();
        SINK.remove();
    }

    /** This thread's functional-pass store, or null (cheaply, when no such pass runs anywhere). */
    private static GradientSink sink() {
        return FUNCTIONAL_PASSES.get() == 0 ? null : SINK.get();
    }

    /**
     * Whether a backward rule must compute the gradient of {@code t}: it requires one and, in a
     * functional pass ({@link Autodiff#vjp}), lies on a path from the requested inputs.
     */
    static boolean needsGrad(Tensor t) {
        if (!t.requiresGrad()) {
            return false;
        }
        GradientSink sink = sink();
        return sink == null || sink.wants(t);
    }

    /**
     * The gradient array of {@code t} to add into, created zeroed on first use; null when
     * {@code t} needs no gradient. Leaves' gradients live on the heap (they outlive any
     * workspace scope); intermediate ones come from the open workspace if any. In a functional
     * pass the gradient lives in the pass's own store, never in {@code t.grad()}.
     */
    public static float[] gradBuffer(Tensor t) {
        if (!needsGrad(t)) {
            return null;
        }
        float[] g = existingGrad(t);
        if (g != null) {
            return g;
        }
        float[] fresh = newGrad(t);
        Arrays.fill(fresh, 0f);
        return fresh;
    }

    /**
     * The gradient array of {@code t} to add into, or null when {@code t} has no gradient yet
     * (then {@link #newGrad} gives one to overwrite: the first contribution is written, not
     * added, which saves a zero fill and a pass).
     */
    public static float[] existingGrad(Tensor t) {
        GradientSink sink = sink();
        Tensor g = sink == null ? t.grad() : sink.get(t);
        return g == null ? null : g.data();
    }

    /**
     * A gradient array for {@code t} (which requires a gradient and has none yet) whose
     * contents the caller overwrites entirely. Leaves reuse the buffer kept by
     * {@link Tensor#clearGrad()}; intermediates take one from the open workspace.
     */
    public static float[] newGrad(Tensor t) {
        GradientSink sink = sink();
        if (sink != null) {
            Tensor g = sink.provided(t);
            g = g != null ? g : Tensor.empty(t.shape());
            sink.put(t, g);
            return g.data();
        }
        Tensor g = null;
        if (t.isLeaf()) {
            g = t.takeSpareGrad();
            if (g == null) {
                g = Tensor.wrap(new float[t.numel()], t.shape());
            }
        } else {
            g = Tensor.empty(t.shape());
        }
        t.setGrad(g);
        return g.data();
    }

    private static void checkForward(Class<? extends Primitive> kind, Tensor out) {
        if (anomaly) {
            int bad = firstNonFinite(out.data());
            if (bad >= 0) {
                throw new AnomalyException("anomaly: forward of " + Primitive.name(kind) + " produced " + out.data()[bad]
                        + " at flat index " + bad + " of its output " + out.shape());
            }
        }
    }

    private static int firstNonFinite(float[] d) {
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ backward

    /**
     * Runs the reverse pass from {@code root}.
     *
     * @param seed gradient of the loss with respect to {@code root}; null means 1 and requires a
     *     one-element root (as in PyTorch)
     */
    public static void backward(Tensor root, Tensor seed) {
        backward(root, seed, null);
    }

    /**
     * Told, during a reverse pass, that a leaf's gradient is complete: every recorded operation
     * that uses the leaf has added its part, and no operation left in the pass reads the leaf's
     * values. The leaf may then be updated in place (an optimizer step applied while its
     * gradient is still in cache).
     */
    @FunctionalInterface
    public interface GradientReady {
        /** {@code leaf}'s gradient for this pass is complete ({@code leaf.grad()} may be null if none flowed). */
        void ready(Tensor leaf);
    }

    /**
     * {@link #backward(Tensor, Tensor)} that tells {@code ready} (when not null) about each leaf
     * requiring a gradient as soon as the last recorded use of it has been differentiated, in
     * the pass's order (deterministic); each leaf the graph reaches is told exactly once, and a
     * root that is itself a leaf is told at once. Only recorded operations count as uses: if
     * {@code ready} modifies leaves, the graph must not read a leaf's values through a tensor that
     * shares them without having been recorded from it (a view taken under {@link #noGrad()}).
     */
    public static void backward(Tensor root, Tensor seed, GradientReady ready) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: tensor " + root.shape() + " does not require a gradient"
                    + " (no input of the computation had requiresGrad(true), or it ran under noGrad())");
        }
        if (root.gradFn() != null && root.gradFn().isFreed()) {
            throw new IllegalStateException("backward: the graph behind this tensor was already freed by an earlier"
                    + " backward(); recompute the forward pass");
        }
        if (seed == null && root.numel() != 1) {
            throw new ShapeException("backward: a gradient can be implied only for a one-element output; "
                    + root.shape() + " needs backward(seed) with a seed of that shape");
        }
        if (seed != null && !seed.shape().equals(root.shape())) {
            throw new ShapeException("backward: seed shape " + seed.shape() + " differs from output shape " + root.shape());
        }
        float[] g = gradBuffer(root);
        if (seed == null) {
            g[0] += 1f;
        } else {
            float[] s = seed.data();
            for (int i = 0; i < g.length; i++) {
                g[i] += s[i];
            }
        }
        if (root.gradFn() == null) {
            if (ready != null) {
                ready.ready(root);
            }
            return;
        }
        ArrayList<Node> order = TapeOrder.of(root.gradFn());
        IdentityHashMap<Tensor, int[]> uses = ready == null ? null : TapeOrder.leafUses(order);
        for (int i = order.size() - 1; i >= 0; i--) {
            Node node = order.get(i);
            Tensor out = node.output;
            Tensor[] inputs = node.inputs;
            Tensor gradOut = out.grad();
            if (gradOut != null) {
                node.primitive.vjp(gradOut);
                if (anomaly) {
                    checkBackward(node);
                }
                if (!out.retainsGrad()) {
                    out.setGrad(null);
                    gradOut.recycle(); // consumed: its buffer serves the next gradient, still in cache
                }
            }
            node.free();
            if (uses != null) {
                for (Tensor t : inputs) {
                    int[] left = t.gradFn() == null ? uses.get(t) : null;
                    if (left != null && --left[0] == 0) {
                        ready.ready(t);
                    }
                }
            }
        }
    }

    static void checkBackward(Node node) {
        Tensor[] in = node.inputs;
        for (int k = 0; k < in.length; k++) {
            Tensor g = in[k].grad();
            if (g != null) {
                int bad = firstNonFinite(g.data());
                if (bad >= 0) {
                    throw new AnomalyException("anomaly: backward of " + node.name() + " produced " + g.data()[bad]
                            + " at flat index " + bad + " of the gradient of its input " + k + " " + in[k].shape());
                }
            }
        }
    }

    /** Checks that an op's operand has the expected rank; names the op and the shape. */
    static void requireRank(String op, Tensor t, int rank) {
        if (t.shape().rank() != rank) {
            throw new ShapeException(op + ": expected a rank-" + rank + " tensor, got shape " + t.shape());
        }
    }
}
