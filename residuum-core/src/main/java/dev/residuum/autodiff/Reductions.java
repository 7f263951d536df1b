package dev.residuum.autodiff;

import dev.residuum.tensor.Broadcast;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;

/** Sums, means and maxima over axes. */
public final class Reductions {
    private Reductions() {
    }

    /** Sum of all elements, as a scalar. */
    public static Tensor sum(Tensor x) {
        return reduce(Op.SUM, x, allAxes(x), false, 1f);
    }

    /** Mean of all elements, as a scalar. */
    public static Tensor mean(Tensor x) {
        return reduce(Op.MEAN, x, allAxes(x), false, 1f / Math.max(1, x.numel()));
    }

    /**
     * Sum over the given axes.
     *
     * @param keepDim keep reduced axes with size 1 (so the result broadcasts against x)
     */
    public static Tensor sum(Tensor x, int[] axes, boolean keepDim) {
        return reduce(Op.SUM, x, axes, keepDim, 1f);
    }

    /** Mean over the given axes. */
    public static Tensor mean(Tensor x, int[] axes, boolean keepDim) {
        int count = 1;
        for (int a : normalise(x, axes)) {
            count *= x.shape().dim(a);
        }
        return reduce(Op.MEAN, x, axes, keepDim, 1f / Math.max(1, count));
    }

    private static Tensor reduce(Op op, Tensor x, int[] axes, boolean keepDim, float scale) {
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
        if (Graph.track(op, y, x)) {
            Graph.attach(op, y, g -> {
                float[] gx = Graph.gradBuffer(x);
                float[] gd = g.data();
                if (scale == 1f) {
                    Broadcast.expand(gd, keep, gx, s, true);
                } else {
                    Tensor scaled = Tensor.empty(g.shape());
                    float[] sd = scaled.data();
                    for (int i = 0; i < sd.length; i++) sd[i] = gd[i] * scale;
                    Broadcast.expand(sd, keep, gx, s, true);
                }
            }, t -> reduce(op, t[0], axes, keepDim, scale), x);
        }
        return y;
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
        if (Graph.track(Op.MAX, y, x)) {
            Graph.attach(Op.MAX, y, g -> {
                float[] gx = Graph.gradBuffer(x), gd = g.data();
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        gx[(o * size + arg[o * inner + i]) * inner + i] += gd[o * inner + i];
                    }
                }
            }, t -> { // the tangent at the position of the maximum
                Tensor dy = Tensor.empty(out);
                float[] dx = t[0].data(), dyd = dy.data();
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        dyd[o * inner + i] = dx[(o * size + arg[o * inner + i]) * inner + i];
                    }
                }
                return dy;
            }, x);
        }
        return y;
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
