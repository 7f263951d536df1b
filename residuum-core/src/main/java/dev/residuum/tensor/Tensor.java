package dev.residuum.tensor;

import dev.residuum.autodiff.Arithmetic;
import dev.residuum.autodiff.Graph;
import dev.residuum.autodiff.Losses;
import dev.residuum.autodiff.Node;
import dev.residuum.autodiff.Pointwise;
import dev.residuum.autodiff.Products;
import dev.residuum.autodiff.Reductions;
import dev.residuum.autodiff.Shaping;
import dev.residuum.kernel.Rng;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 tensor, row-major, with the bookkeeping of reverse-mode autodiff: whether it
 * requires a gradient, its gradient once {@link #backward()} has run, and the {@link Node} that
 * produced it. Operations are define-by-run: each call computes its result at once and, when an
 * input requires a gradient, records how to send gradients back.
 *
 * <p>The fluent methods here are thin: each calls one primitive of {@code dev.residuum.autodiff}
 * (where forward and backward stand side by side). Every tensor owns its own {@code float[]},
 * starting at index 0 (no views), which keeps kernels simple and lets the JIT vectorise them.
 */
public final class Tensor {
    private float[] data;
    private final Shape shape;
    private boolean requiresGrad;
    private boolean retainGrad;
    private Tensor grad;
    private Tensor spareGrad;
    private Node gradFn;
    private Workspace owner;

    private Tensor(float[] data, Shape shape) {
        this.data = data;
        this.shape = shape;
    }

    // ------------------------------------------------------------------ creation

    /**
     * A tensor over {@code data}, which it then owns (not copied).
     *
     * @throws ShapeException if the length does not match the shape
     */
    public static Tensor wrap(float[] data, Shape shape) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(shape, "shape");
        if (data.length != shape.numel()) {
            throw new ShapeException("Tensor.wrap: " + data.length + " values cannot fill shape " + shape
                    + " (" + shape.numel() + " elements)");
        }
        return new Tensor(data, shape);
    }

    /** A copy of {@code values} with the given shape. */
    public static Tensor of(float[] values, int... dims) {
        return wrap(values.clone(), Shape.of(dims));
    }

    /** A scalar (rank 0). */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, Shape.SCALAR);
    }

    /**
     * A tensor whose contents are unspecified, for an operation to fill. Inside an open
     * {@link Workspace} scope its buffer comes from (and returns to) the workspace.
     */
    public static Tensor empty(Shape shape) {
        Workspace ws = Workspace.current();
        if (ws == null) {
            return new Tensor(new float[shape.numel()], shape);
        }
        Tensor t = new Tensor(ws.take(shape.numel()), shape);
        t.owner = ws;
        ws.own(t);
        return t;
    }

    /** Zeros; from the open {@link Workspace} if any. */
    public static Tensor zeros(Shape shape) {
        Tensor t = empty(shape);
        Arrays.fill(t.data, 0f);
        return t;
    }

    /** Zeros. */
    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(Shape shape, float value) {
        Tensor t = empty(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /** Ones. */
    public static Tensor ones(int... dims) {
        return full(Shape.of(dims), 1f);
    }

    /** Standard normal values drawn from {@code rng}. */
    public static Tensor randn(Rng rng, int... dims) {
        Tensor t = empty(Shape.of(dims));
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) rng.nextGaussian();
        }
        return t;
    }

    /** Values uniform in {@code [low, high)} drawn from {@code rng}. */
    public static Tensor uniform(Rng rng, float low, float high, int... dims) {
        Tensor t = empty(Shape.of(dims));
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) (low + (high - low) * rng.nextDouble());
        }
        return t;
    }

    // ------------------------------------------------------------------ data

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** Number of elements. */
    public int numel() {
        return shape.numel();
    }

    /**
     * The backing array, row-major, starting at index 0. Writing to it changes the tensor (and
     * bypasses autodiff: do it only on leaves, outside a recorded computation).
     *
     * @throws IllegalStateException if the tensor's workspace scope has closed
     */
    public float[] data() {
        float[] d = data;
        if (d == null) {
            throw new IllegalStateException("tensor " + shape + " was released when its Workspace scope closed;"
                    + " read what you need inside the scope, or keep a copy() made outside it");
        }
        return d;
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (shape.numel() != 1) {
            throw new ShapeException("item: tensor of shape " + shape + " has " + shape.numel()
                    + " elements; item() needs exactly one");
        }
        return data()[0];
    }

    /** The value at a multi-index. */
    public float get(int... index) {
        if (index.length != shape.rank()) {
            throw new ShapeException("get: " + index.length + " indices for a tensor of rank " + shape.rank());
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            if (index[i] < 0 || index[i] >= d) {
                throw new IndexOutOfBoundsException("get: index " + index[i] + " out of range for axis " + i
                        + " of size " + d);
            }
            flat = flat * d + index[i];
        }
        return data()[flat];
    }

    /** A copy of the values. */
    public float[] toArray() {
        return data().clone();
    }

    /** A copy that does not require a gradient, outside any workspace. */
    public Tensor copy() {
        return new Tensor(data().clone(), shape);
    }

    /**
     * Hands this tensor's buffer back to its workspace before the scope closes, so the next
     * allocation of the same size reuses a buffer that is still in cache (backward does this
     * with intermediate gradients once they are consumed). The tensor is released; a tensor
     * not taken from a workspace is left alone.
     */
    public void recycle() {
        if (owner != null && data != null) {
            owner.giveBack(release());
        }
    }

    /** Invalidates this tensor and returns its buffer (null if already released). */
    float[] release() {
        float[] d = data;
        data = null;
        grad = null;
        gradFn = null;
        return d;
    }

    // ------------------------------------------------------------------ autodiff state

    /** Whether gradients flow to this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks this leaf as requiring a gradient (parameters, or inputs whose gradient you want).
     *
     * @return this
     * @throws IllegalStateException on a tensor produced by a recorded operation
     */
    public Tensor requiresGrad(boolean flag) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: only leaves can be marked; this tensor was produced by "
                    + gradFn.name() + " (use detach() to make a leaf)");
        }
        this.requiresGrad = flag;
        return this;
    }

    /** The gradient accumulated by {@link #backward()}, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Sets (or clears, with null) the gradient. */
    public void setGrad(Tensor g) {
        if (g != null && !g.shape.equals(shape)) {
            throw new ShapeException("setGrad: gradient shape " + g.shape + " differs from tensor shape " + shape);
        }
        this.grad = g;
    }

    /**
     * Drops the gradient, as PyTorch's {@code zero_grad(set_to_none=True)}: {@link #grad()} is
     * null until the next backward, which writes into the same buffer again (no allocation, no
     * zero fill).
     */
    public void clearGrad() {
        if (grad != null) {
            spareGrad = grad;
            grad = null;
        }
    }

    /** The buffer kept by {@link #clearGrad()}, handed out once; used by {@link Graph}. */
    public Tensor takeSpareGrad() {
        Tensor s = spareGrad;
        spareGrad = null;
        return s;
    }

    /** Keep this non-leaf tensor's gradient after backward (by default only leaves keep theirs). */
    public Tensor retainGrad() {
        this.retainGrad = true;
        return this;
    }

    /** Whether {@link #retainGrad()} was called. */
    public boolean retainsGrad() {
        return retainGrad;
    }

    /** The recorded operation that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** True for tensors not produced by a recorded operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Used by {@link Graph} to attach the producing node; not for user code. */
    public void attach(Node node) {
        this.gradFn = node;
        this.requiresGrad = node != null;
    }

    /**
     * The same values, cut from the graph: a new leaf that shares no memory with this tensor.
     * Like every tensor created while a {@link Workspace} scope is open, it is released when that
     * scope closes; use {@link #copy()} for one that outlives the scope.
     */
    public Tensor detach() {
        Tensor t = empty(shape);
        System.arraycopy(data(), 0, t.data, 0, t.data.length);
        return t;
    }

    /** Reverse-mode differentiation of this scalar: accumulates into every leaf's {@link #grad()}. */
    public void backward() {
        Graph.backward(this, null);
    }

    /** Reverse mode with an explicit output gradient {@code seed} (same shape as this tensor). */
    public void backward(Tensor seed) {
        Graph.backward(this, Objects.requireNonNull(seed, "seed"));
    }

    // ------------------------------------------------------------------ fluent operations
    // each records its backward and forward-mode rule when differentiation is on (see autodiff)

    /** {@code this + o}, broadcasting (NumPy rules). */
    public Tensor add(Tensor o) { return Arithmetic.add(this, o); }
    /** {@code this - o}, broadcasting. */
    public Tensor sub(Tensor o) { return Arithmetic.sub(this, o); }
    /** {@code this * o} elementwise, broadcasting. */
    public Tensor mul(Tensor o) { return Arithmetic.mul(this, o); }
    /** {@code this / o} elementwise, broadcasting. */
    public Tensor div(Tensor o) { return Arithmetic.div(this, o); }
    /** {@code -this}. */
    public Tensor neg() { return Arithmetic.neg(this); }
    /** {@code this + c}. */
    public Tensor add(float c) { return Arithmetic.add(this, scalar(c)); }
    /** {@code this * c}. */
    public Tensor mul(float c) { return Arithmetic.mul(this, scalar(c)); }
    /** {@code this} to the power {@code exponent}, elementwise. */
    public Tensor pow(float exponent) { return Pointwise.pow(this, exponent); }
    /** e to the power of each element. */
    public Tensor exp() { return Pointwise.exp(this); }
    /** Natural logarithm of each element. */
    public Tensor log() { return Pointwise.log(this); }
    /** Square root of each element. */
    public Tensor sqrt() { return Pointwise.sqrt(this); }
    /** Absolute value of each element. */
    public Tensor abs() { return Pointwise.abs(this); }
    /** {@code max(this, 0)} elementwise. */
    public Tensor relu() { return Pointwise.relu(this); }
    /** Hyperbolic tangent of each element. */
    public Tensor tanh() { return Pointwise.tanh(this); }
    /** {@code 1 / (1 + e^-x)} elementwise. */
    public Tensor sigmoid() { return Pointwise.sigmoid(this); }
    /** {@code log(1 + e^x)} elementwise. */
    public Tensor softplus() { return Pointwise.softplus(this); }
    /** {@code sign(x) max(|x| - tau, 0)} (the shrinkage of DRSN), {@code tau} broadcast. */
    public Tensor softThreshold(Tensor tau) { return Pointwise.softThreshold(this, tau); }
    /** Matrix product over the last two axes, batched over the leading ones. */
    public Tensor matmul(Tensor o) { return Products.matmul(this, o); }
    /** The last two axes swapped. */
    public Tensor t() { return Shaping.transpose(this, -2, -1); }
    /** Axes {@code a} and {@code b} swapped. */
    public Tensor transpose(int a, int b) { return Shaping.transpose(this, a, b); }
    /** The same elements in another shape (row-major order kept). */
    public Tensor reshape(int... dims) { return Shaping.reshape(this, Shape.of(dims)); }
    /** Broadcast to {@code dims} (axes of size 1 repeated). */
    public Tensor expand(int... dims) { return Shaping.expand(this, Shape.of(dims)); }
    /** Indices {@code [from, to)} along {@code axis}. */
    public Tensor slice(int axis, int from, int to) { return Shaping.slice(this, axis, from, to); }
    /** The given indices along {@code axis}, in that order. */
    public Tensor indexSelect(int axis, int... indices) { return Shaping.indexSelect(this, axis, indices); }
    /** Sum of all elements, a scalar. */
    public Tensor sum() { return Reductions.sum(this); }
    /** Sum along {@code axis} (kept as size 1 when {@code keepDim}). */
    public Tensor sum(int axis, boolean keepDim) { return Reductions.sum(this, new int[] {axis}, keepDim); }
    /** Mean of all elements, a scalar. */
    public Tensor mean() { return Reductions.mean(this); }
    /** Mean along {@code axis} (kept as size 1 when {@code keepDim}). */
    public Tensor mean(int axis, boolean keepDim) { return Reductions.mean(this, new int[] {axis}, keepDim); }
    /** Maximum along {@code axis} (kept as size 1 when {@code keepDim}). */
    public Tensor max(int axis, boolean keepDim) { return Reductions.max(this, axis, keepDim); }
    /** {@code log(softmax(this))} along {@code axis}, computed stably. */
    public Tensor logSoftmax(int axis) { return Losses.logSoftmax(this, axis); }
    /** Mean squared error against {@code target}, a scalar. */
    public Tensor mse(Tensor target) { return Losses.mse(this, target); }
    /** Mean cross-entropy of logits {@code [N, K]} against class labels, a scalar. */
    public Tensor crossEntropy(int[] labels) { return Losses.crossEntropy(this, labels); }

    @Override
    public String toString() {
        float[] d = data;
        if (d == null) {
            return "Tensor" + shape + "(released)";
        }
        int show = Math.min(d.length, 8);
        StringBuilder sb = new StringBuilder("Tensor").append(shape).append('[');
        for (int i = 0; i < show; i++) {
            sb.append(i > 0 ? ", " : "").append(d[i]);
        }
        sb.append(d.length > show ? ", ...]" : "]");
        if (gradFn != null) {
            sb.append(" gradFn=").append(gradFn.name());
        } else if (requiresGrad) {
            sb.append(" requiresGrad");
        }
        return sb.toString();
    }
}
