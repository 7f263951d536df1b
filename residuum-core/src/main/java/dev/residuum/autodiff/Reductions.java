package dev.residuum.autodiff;

import dev.residuum.tensor.Broadcast;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;

/**
 * Sums, means (a scaled {@link Sum}) and maxima over axes; each function followed by its
 * {@link Primitive} record.
 */
public final class Reductions {
    private Reductions() {
    }

    /** Sum of all elements, as a scalar. */
    public static Tensor sum(Tensor x) {
        return reduce(x, allAxes(x), false, 1f);
    }

    /** Mean of all elements, as a scalar. */
    public static Tensor mean(Tensor x) {
        return reduce(x, allAxes(x), false, 1f / Math.max(1, x.numel()));
    }

    /**
     * Sum over the given axes.
     *
     * @param keepDim keep reduced axes with size 1 (so the result broadcasts against x)
     */
    public static Tensor sum(Tensor x, int[] axes, boolean keepDim) {
        return reduce(x, axes, keepDim, 1f);
    }

    /** Mean over the given axes. */
    public static Tensor mean(Tensor x, int[] axes, boolean keepDim) {
        int count = 1;
        for (int a : normalise(x, axes)) {
            count *= x.shape().dim(a);
        }
        return reduce(x, axes, keepDim, 1f / Math.max(1, count));
    }

    private static Tensor reduce(Tensor x, int[] axes, boolean keepDim, float scale) {
        Shape s = x.shape();
        int[] ax = normalise(x, axes);
        int[] kept = s.dims();
        for (int a : ax) {
            kept[a] = 1;
        }
        Shape keep = Shape.of(kept);
        Shape out = keepDim ? keep : squeeze(s, ax);
        Tensor y = Tensor.zeros(out);
        float[] yd = y.data();
        Broadcast.sumTo(x.data(), s, yd, keep);
        if (scale != 1f) {
            for (int i = 0; i < yd.length; i++) yd[i] *= scale;
        }
        boolean recorded = Graph.track(Sum.class, y, x);
        return recorded ? Graph.attach(new Sum(x, axes, keepDim, scale, keep), y, x) : y;
    }

    /**
     * {@code scale} times the sum over {@code axes} (a mean when scale is one over the count), of
     * shape {@code keep} with the reduced axes kept: the gradient, scaled, broadcasts back to x.
     */
    record Sum(Tensor x, int[] axes, boolean keepDim, float scale, Shape keep) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x);
            float[] gd = g.data();
            if (scale == 1f) {
                Broadcast.expand(gd, keep, gx, x.shape(), true);
            } else {
                Tensor scaled = Tensor.empty(g.shape());
                float[] sd = scaled.data();
                for (int i = 0; i < sd.length; i++) sd[i] = gd[i] * scale;
                Broadcast.expand(sd, keep, gx, x.shape(), true);
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return reduce(t[0], axes, keepDim, scale);
        }
    }

    /**
     * Maximum along one axis. The gradient goes to the first position of the maximum (ties
     * broken by index, deterministic).
     */
    public static Tensor max(Tensor x, int axis, boolean keepDim) {
        Shape s = x.shape();
        int ax = s.axis(axis);
        int outer = s.count(0, ax), size = s.dim(ax), inner = s.count(ax + 1, s.rank());
        if (size == 0) {
            throw new dev.residuum.tensor.ShapeException("max: axis " + ax + " of " + s + " is empty");
        }
        Shape out = keepDim ? s.with(ax, 1) : s.without(ax);
        Tensor y = Tensor.empty(out);
        float[] xd = x.data(), yd = y.data();
        int[] arg = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = 0;
                float m = xd[o * size * inner + i];
                for (int k = 1; k < size; k++) {
                    float v = xd[(o * size + k) * inner + i];
                    if (v > m || (Float.isNaN(v) && !Float.isNaN(m))) {
                        m = v;
                        best = k;
                    }
                }
                yd[o * inner + i] = m;
                arg[o * inner + i] = best;
            }
        }
        return Graph.track(Max.class, y, x) ? Graph.attach(new Max(x, arg, outer, size, inner, out), y, x) : y;
    }

    /**
     * The maximum along an axis of {@code size} (between {@code outer} and {@code inner} values), at
     * positions {@code arg}, giving shape {@code out}: gradient and tangent go through those positions.
     */
    record Max(Tensor x, int[] arg, int outer, int size, int inner, Shape out) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    gx[(o * size + arg[o * inner + i]) * inner + i] += gd[o * inner + i];
                }
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            Tensor dy = Tensor.empty(out);
            float[] dx = t[0].data(), dyd = dy.data();
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    dyd[o * inner + i] = dx[(o * size + arg[o * inner + i]) * inner + i];
                }
            }
            return dy;
        }
    }

    private static int[] allAxes(Tensor x) {
        int[] a = new int[x.shape().rank()];
        for (int i = 0; i < a.length; i++) a[i] = i;
        return a;
    }

    private static int[] normalise(Tensor x, int[] axes) {
        int[] ax = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            ax[i] = x.shape().axis(axes[i]);
        }
        int[] sorted = ax.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("reduction: axis " + sorted[i] + " given twice in "
                        + Arrays.toString(axes));
            }
        }
        return ax;
    }

    private static Shape squeeze(Shape s, int[] ax) {
        int[] dims = s.dims();
        int[] out = new int[dims.length - ax.length];
        int j = 0;
        outer:
        for (int i = 0; i < dims.length; i++) {
            for (int a : ax) {
                if (a == i) {
                    continue outer;
                }
            }
            out[j++] = dims[i];
        }
        return Shape.of(out);
    }
}
