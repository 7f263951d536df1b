package dev.residuum.autodiff;

import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;

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
    private static volatile boolean anomaly;
    private static int epoch;

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
     * Anomaly mode: every op checks its output in forward, and its inputs' gradients in
     * backward, for NaN and infinity, and the first one that produces one is named in an
     * {@link AnomalyException}. Costs a pass over each result; off by default.
     */
    public static void setAnomalyDetection(boolean on) {
        anomaly = on;
    }

    /** Whether anomaly mode is on. */
    public static boolean isAnomalyDetection() {
        return anomaly;
    }

    // ------------------------------------------------------------------ recording

    /** Anomaly check of a forward result; true when a node must be recorded for inputs {@code a}. */
    static boolean track(Op op, Tensor out, Tensor a) {
        checkForward(op, out);
        return a.requiresGrad() && isGradEnabled();
    }

    static boolean track(Op op, Tensor out, Tensor a, Tensor b) {
        checkForward(op, out);
        return (a.requiresGrad() || b.requiresGrad()) && isGradEnabled();
    }

    static boolean track(Op op, Tensor out, Tensor[] inputs) {
        checkForward(op, out);
        return wouldRecord(inputs);
    }

    /** Records that {@code out} was produced by {@code op} from {@code inputs}. */
    static void attach(Op op, Tensor out, Backward backward, Tensor... inputs) {
        out.attach(new Node(op, out, inputs, backward));
    }

    /**
     * The gradient array of {@code t} to add into, created zeroed on first use; null when
     * {@code t} needs no gradient. Leaves' gradients live on the heap (they outlive any
     * workspace scope); intermediate ones come from the open workspace if any.
     */
    public static float[] gradBuffer(Tensor t) {
        if (!t.requiresGrad()) {
            return null;
        }
        Tensor g = t.grad();
        if (g != null) {
            return g.data();
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
        Tensor g = t.grad();
        return g == null ? null : g.data();
    }

    /**
     * A gradient array for {@code t} (which requires a gradient and has none yet) whose
     * contents the caller overwrites entirely. Leaves reuse the buffer kept by
     * {@link Tensor#clearGrad()}; intermediates take one from the open workspace.
     */
    public static float[] newGrad(Tensor t) {
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

    private static void checkForward(Op op, Tensor out) {
        if (anomaly) {
            int bad = firstNonFinite(out.data());
            if (bad >= 0) {
                throw new AnomalyException("anomaly: forward of " + op + " produced " + out.data()[bad]
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
            return;
        }
        ArrayList<Node> order = topologicalOrder(root.gradFn());
        for (int i = order.size() - 1; i >= 0; i--) {
            Node node = order.get(i);
            Tensor out = node.output;
            Tensor gradOut = out.grad();
            if (gradOut != null) {
                node.backward.apply(gradOut);
                if (anomaly) {
                    checkBackward(node);
                }
                if (!out.retainsGrad()) {
                    out.setGrad(null);
                    gradOut.recycle(); // consumed: its buffer serves the next gradient, still in cache
                }
            }
            node.free();
        }
    }

    /** Nodes reachable from {@code root}, each after all nodes that feed it (iterative DFS). */
    private static ArrayList<Node> topologicalOrder(Node root) {
        int stamp;
        synchronized (Graph.class) {
            stamp = ++epoch;
        }
        ArrayList<Node> order = new ArrayList<>();
        Node[] stack = new Node[64];
        int[] next = new int[64];
        int top = 0;
        stack[0] = root;
        next[0] = 0;
        root.mark = stamp;
        while (top >= 0) {
            Node n = stack[top];
            Tensor[] in = n.inputs;
            if (next[top] < in.length) {
                Node child = in[next[top]++].gradFn();
                if (child != null && child.isFreed()) {
                    throw new IllegalStateException("backward: part of this graph (an output of " + child.op()
                            + ") was already freed by an earlier backward(); recompute the forward pass");
                }
                if (child != null && child.mark != stamp) {
                    child.mark = stamp;
                    if (++top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                        next = Arrays.copyOf(next, top * 2);
                    }
                    stack[top] = child;
                    next[top] = 0;
                }
            } else {
                order.add(n);
                top--;
            }
        }
        return order;
    }

    private static void checkBackward(Node node) {
        Tensor[] in = node.inputs;
        for (int k = 0; k < in.length; k++) {
            Tensor g = in[k].grad();
            if (g != null) {
                int bad = firstNonFinite(g.data());
                if (bad >= 0) {
                    throw new AnomalyException("anomaly: backward of " + node.op() + " produced " + g.data()[bad]
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
