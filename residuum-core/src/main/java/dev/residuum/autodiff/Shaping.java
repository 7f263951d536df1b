package dev.residuum.autodiff;

import dev.residuum.tensor.Broadcast;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * Operations that move values without arithmetic: reshape, transpose, expand, concat, slice and
 * index selection (both a {@link Gather}); each function followed by its {@link Primitive} record.
 */
public final class Shaping {
    private Shaping() {
    }

    /** The same values in another shape with the same element count ({@code -1} is not inferred). */
    public static Tensor reshape(Tensor x, Shape shape) {
        if (shape.numel() != x.numel()) {
            throw new ShapeException("reshape: cannot reshape " + x.shape() + " (" + x.numel() + " elements) to "
                    + shape + " (" + shape.numel() + " elements)");
        }
        Tensor y = Tensor.empty(shape);
        System.arraycopy(x.data(), 0, y.data(), 0, x.numel());
        return Graph.track(Reshape.class, y, x) ? Graph.attach(new Reshape(x, shape), y, x) : y;
    }

    /** The same values in {@code shape}: the gradient and the tangent are reshaped back and forth. */
    record Reshape(Tensor x, Shape shape) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int i = 0; i < gx.length; i++) gx[i] += gd[i];
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return reshape(t[0], shape);
        }
    }

    /** Swaps two axes (materialised). */
    public static Tensor transpose(Tensor x, int axis0, int axis1) {
        Shape s = x.shape();
        int a0 = s.axis(axis0), a1 = s.axis(axis1);
        int[] dims = s.dims();
        int t = dims[a0];
        dims[a0] = dims[a1];
        dims[a1] = t;
        Shape out = Shape.of(dims);
        Tensor y = Tensor.empty(out);
        permute(x.data(), s, a0, a1, y.data(), false);
        return Graph.track(Transpose.class, y, x) ? Graph.attach(new Transpose(x, a0, a1, out), y, x) : y;
    }

    /** Axes {@code a0} and {@code a1} swapped, giving shape {@code out}: the gradient swaps them back. */
    record Transpose(Tensor x, int a0, int a1, Shape out) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            permute(g.data(), out, a0, a1, Graph.gradBuffer(x), true);
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return transpose(t[0], a0, a1);
        }
    }

    /** dst (+)= src with axes a0, a1 swapped; src has shape {@code s}. */
    private static void permute(float[] src, Shape s, int a0, int a1, float[] dst, boolean accumulate) {
        int r = s.rank();
        int[] dims = s.dims();
        int[] srcStride = new int[r];
        for (int i = r - 1, st = 1; i >= 0; i--) {
            srcStride[i] = st;
            st *= dims[i];
        }
        // walk dst in row-major order; dst axis i corresponds to src axis perm(i)
        int[] dDims = dims.clone();
        dDims[a0] = dims[a1];
        dDims[a1] = dims[a0];
        int[] step = srcStride.clone();
        step[a0] = srcStride[a1];
        step[a1] = srcStride[a0];
        int[] ctr = new int[r];
        int j = 0;
        for (int i = 0; i < src.length; i++) {
            dst[i] = accumulate ? dst[i] + src[j] : src[j];
            for (int ax = r - 1; ax >= 0; ax--) {
                ctr[ax]++;
                j += step[ax];
                if (ctr[ax] < dDims[ax]) {
                    break;
                }
                j -= step[ax] * dDims[ax];
                ctr[ax] = 0;
            }
        }
    }

    /** Broadcasts x to {@code shape} (materialised); the gradient sums back. */
    public static Tensor expand(Tensor x, Shape shape) {
        Shape b = Shape.broadcast("expand", x.shape(), shape);
        if (!b.equals(shape)) {
            throw new ShapeException("expand: " + x.shape() + " cannot be expanded to " + shape
                    + " (it would need " + b + ")");
        }
        Tensor y = Tensor.empty(shape);
        Broadcast.expand(x.data(), x.shape(), y.data(), shape, false);
        return Graph.track(Expand.class, y, x) ? Graph.attach(new Expand(x, shape), y, x) : y;
    }

    /** x broadcast to {@code shape}: the gradient is summed back to x's shape. */
    record Expand(Tensor x, Shape shape) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            Broadcast.sumTo(g.data(), shape, Graph.gradBuffer(x), x.shape());
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return expand(t[0], shape);
        }
    }

    /**
     * Joins tensors along an axis; all other sizes must agree.
     *
     * @param parts at least one tensor. Not modified.
     */
    public static Tensor concat(int axis, Tensor... parts) {
        Objects.requireNonNull(parts, "parts");
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Shape first = parts[0].shape();
        int ax = first.axis(axis);
        int sum = 0;
        for (Tensor p : parts) {
            Shape s = Objects.requireNonNull(p, "concat: a part is null").shape();
            if (s.rank() != first.rank() || !s.with(ax, 1).equals(first.with(ax, 1))) {
                throw new ShapeException("concat: along axis " + ax + " all other sizes must agree; got "
                        + first + " and " + s);
            }
            sum += s.dim(ax);
        }
        final int total = sum;
        Shape out = first.with(ax, total);
        int outer = first.count(0, ax), inner = first.count(ax + 1, first.rank());
        Tensor y = Tensor.empty(out);
        float[] yd = y.data();
        int[] offsets = new int[parts.length];
        for (int p = 0, off = 0; p < parts.length; p++) {
            offsets[p] = off;
            int len = parts[p].shape().dim(ax) * inner;
            float[] pd = parts[p].data();
            for (int o = 0; o < outer; o++) {
                System.arraycopy(pd, o * len, yd, o * total * inner + off, len);
            }
            off += len;
        }
        if (!Graph.track(Concat.class, y, parts)) {
            return y;
        }
        Tensor[] inputs = parts.clone();
        return Graph.attach(new Concat(inputs, ax, outer, inner, total, offsets), y, inputs);
    }

    /**
     * The parts joined along axis {@code ax} ({@code total} entries there; part p starts at
     * {@code offsets[p]} within each of the {@code outer} blocks of {@code total * inner} values).
     */
    record Concat(Tensor[] parts, int ax, int outer, int inner, int total, int[] offsets) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gd = g.data();
            for (int p = 0; p < parts.length; p++) {
                float[] gp = Graph.gradBuffer(parts[p]);
                if (gp == null) {
                    continue;
                }
                int len = parts[p].shape().dim(ax) * inner;
                for (int o = 0; o < outer; o++) {
                    int base = o * total * inner + offsets[p];
                    for (int i = 0; i < len; i++) gp[o * len + i] += gd[base + i];
                }
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) { // the parts' tangents joined, zeros for parts without one
            Tensor[] d = new Tensor[parts.length];
            for (int p = 0; p < d.length; p++) {
                d[p] = t[p] != null ? t[p] : Tensor.zeros(parts[p].shape());
            }
            return concat(ax, d);
        }
    }

    /** Elements {@code [from, to)} along an axis. */
    public static Tensor slice(Tensor x, int axis, int from, int to) {
        Shape s = x.shape();
        int ax = s.axis(axis);
        int size = s.dim(ax);
        if (from < 0 || to > size || from > to) {
            throw new ShapeException("slice: range [" + from + ", " + to + ") is outside axis " + ax + " of "
                    + s + " (allowed 0 <= from <= to <= " + size + ")");
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) idx[i] = from + i;
        return gather(x, ax, idx);
    }

    /** The entries at {@code indices} along an axis (repeats allowed; gradients add up). */
    public static Tensor indexSelect(Tensor x, int axis, int... indices) {
        Shape s = x.shape();
        int ax = s.axis(axis);
        for (int i : indices) {
            if (i < 0 || i >= s.dim(ax)) {
                throw new IndexOutOfBoundsException("indexSelect: index " + i + " out of range for axis " + ax
                        + " of " + s);
            }
        }
        return gather(x, ax, indices.clone());
    }

    private static Tensor gather(Tensor x, int ax, int[] idx) {
        Shape s = x.shape();
        int outer = s.count(0, ax), inner = s.count(ax + 1, s.rank()), size = s.dim(ax);
        Shape out = s.with(ax, idx.length);
        Tensor y = Tensor.empty(out);
        float[] xd = x.data(), yd = y.data();
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < idx.length; k++) {
                System.arraycopy(xd, (o * size + idx[k]) * inner, yd, (o * idx.length + k) * inner, inner);
            }
        }
        return Graph.track(Gather.class, y, x) ? Graph.attach(new Gather(x, ax, idx, outer, inner, size), y, x) : y;
    }

    /**
     * The entries {@code idx} along axis {@code ax} (of {@code size}, between {@code outer} and
     * {@code inner} values): a slice or an index selection. The gradient adds back to the positions.
     */
    record Gather(Tensor x, int ax, int[] idx, int outer, int inner, int size) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int o = 0; o < outer; o++) {
                for (int k = 0; k < idx.length; k++) {
                    int src = (o * idx.length + k) * inner, dst = (o * size + idx[k]) * inner;
                    for (int i = 0; i < inner; i++) gx[dst + i] += gd[src + i];
                }
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return gather(t[0], ax, idx);
        }
    }
}
