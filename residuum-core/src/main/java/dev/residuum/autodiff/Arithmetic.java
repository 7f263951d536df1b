package dev.residuum.autodiff;

import dev.residuum.kernel.Lanes;
import dev.residuum.tensor.Broadcast;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;

/**
 * Element-wise binary arithmetic with broadcasting, and negation. Broadcasting follows NumPy;
 * the fast paths cover equal shapes, a scalar and a trailing block (a bias over rows), others
 * go through {@link Broadcast#expand}. A broadcast operand's gradient is summed back to its
 * shape with {@link Broadcast#sumTo}. Each function is followed by its {@link Primitive} record
 * ({@code sub} records an {@link Add} of sign -1).
 */
public final class Arithmetic {
    private enum Kind { ADD, SUB, MUL, DIV }

    private Arithmetic() {
    }

    /** {@code a + b}, broadcasting. */
    public static Tensor add(Tensor a, Tensor b) {
        return sum(binary("add", Kind.ADD, a, b), a, b, 1f);
    }

    /** {@code a - b}, broadcasting. */
    public static Tensor sub(Tensor a, Tensor b) {
        return sum(binary("sub", Kind.SUB, a, b), a, b, -1f);
    }

    private static Tensor sum(Tensor y, Tensor a, Tensor b, float sign) {
        return Graph.track(Add.class, y, a, b) ? Graph.attach(new Add(a, b, sign, y.shape()), y, a, b) : y;
    }

    /** {@code a + sign * b} (sign 1 or -1) at the broadcast shape: each gradient summed to its operand's shape. */
    record Add(Tensor a, Tensor b, float sign, Shape shape) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            accumulate(g, a, 1f);
            accumulate(g, b, sign);
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return Tangents.sum(shape, t[0], t[1], sign);
        }
    }

    /** {@code a * b} element-wise, broadcasting. */
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor y = binary("mul", Kind.MUL, a, b);
        return Graph.track(Mul.class, y, a, b) ? Graph.attach(new Mul(a, b, y.shape()), y, a, b) : y;
    }

    /** {@code a * b}: d/da = g b, d/db = g a. */
    record Mul(Tensor a, Tensor b, Shape shape) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            accumulateProduct(g, b, a);
            accumulateProduct(g, a, b);
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return Tangents.sum(shape, t[0] == null ? null : binary("mul", Kind.MUL, t[0], b),
                    t[1] == null ? null : binary("mul", Kind.MUL, a, t[1]), 1f);
        }
    }

    /** {@code a / b} element-wise, broadcasting. */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor y = binary("div", Kind.DIV, a, b);
        return Graph.track(Div.class, y, a, b) ? Graph.attach(new Div(a, b, y), y, a, b) : y;
    }

    /** {@code y = a / b}: d/da = g / b, d/db = -g y / b. */
    record Div(Tensor a, Tensor b, Tensor y) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            if (Graph.needsGrad(a)) {
                accumulateInto(a, binary("div", Kind.DIV, g, b));
            }
            if (Graph.needsGrad(b)) {
                Tensor t = binary("div", Kind.DIV, binary("mul", Kind.MUL, g, y), b);
                float[] td = t.data();
                for (int i = 0; i < td.length; i++) {
                    td[i] = -td[i];
                }
                accumulateInto(b, t);
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) { // (da - y db) / b
            Tensor num = t[1] == null ? t[0] : Tangents.sum(y.shape(), t[0], binary("mul", Kind.MUL, y, t[1]), -1f);
            return Tangents.to(y.shape(), binary("div", Kind.DIV, num, b));
        }
    }

    /**
     * {@code x + alpha * f} for a scalar {@code alpha}: the residual update, fused into one pass
     * forward and one backward (the generic {@code add(x, mul(alpha, f))} makes two and keeps an
     * intermediate; W6 of the benchmarks measured the difference).
     *
     * @param alpha a one-element tensor
     * @param f same shape as x
     */
    public static Tensor residualAdd(Tensor x, Tensor alpha, Tensor f) {
        if (alpha.numel() != 1 || !x.shape().equals(f.shape())) {
            throw new dev.residuum.tensor.ShapeException("residualAdd: needs a scalar alpha and equal shapes, got x "
                    + x.shape() + ", alpha " + alpha.shape() + ", f " + f.shape());
        }
        float a = alpha.data()[0];
        float[] xd = x.data(), fd = f.data();
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = xd[i] + a * fd[i];
        Tensor[] inputs = {x, alpha, f};
        boolean recorded = Graph.track(ResidualAdd.class, y, inputs);
        return recorded ? Graph.attach(new ResidualAdd(x, alpha, f, a, fd), y, inputs) : y;
    }

    /**
     * {@code x + alpha f}, with alpha's value {@code a} and f's values {@code fd} as they were in
     * forward: dx = g, df = a g, dalpha = g . f.
     */
    record ResidualAdd(Tensor x, Tensor alpha, Tensor f, float a, float[] fd) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gd = g.data();
            accumulate(g, x, 1f);
            if (Graph.needsGrad(f)) {
                float[] gf = Graph.existingGrad(f);
                if (gf == null) {
                    gf = Graph.newGrad(f);
                    for (int i = 0; i < gf.length; i++) gf[i] = a * gd[i];
                } else {
                    for (int i = 0; i < gf.length; i++) gf[i] += a * gd[i];
                }
            }
            float[] ga = Graph.gradBuffer(alpha);
            if (ga != null) {
                ga[0] += Lanes.dot(gd, fd, 0, gd.length);
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) { // dx + dalpha f + alpha df
            Tensor dy = Tensor.zeros(x.shape());
            float[] yd = dy.data();
            if (t[0] != null) {
                float[] dx = t[0].data();
                for (int i = 0; i < yd.length; i++) yd[i] += dx[i];
            }
            if (t[1] != null) {
                float da = t[1].data()[0];
                for (int i = 0; i < yd.length; i++) yd[i] += da * fd[i];
            }
            if (t[2] != null) {
                float[] df = t[2].data();
                for (int i = 0; i < yd.length; i++) yd[i] += a * df[i];
            }
            return dy;
        }
    }

    /** {@code -x}. */
    public static Tensor neg(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < yd.length; i++) {
            yd[i] = -xd[i];
        }
        return Graph.track(Neg.class, y, x) ? Graph.attach(new Neg(x), y, x) : y;
    }

    /** {@code -x}: dx = -g. */
    record Neg(Tensor x) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            accumulate(g, x, -1f);
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return neg(t[0]);
        }
    }

    // ------------------------------------------------------------------ kernels

    /** Forward kernel shared by the four ops (and by backward rules). */
    static Tensor binary(String name, Kind kind, Tensor a, Tensor b) {
        Shape shape = Shape.broadcast(name, a.shape(), b.shape());
        int n = shape.numel();
        float[] ad = operand(a, shape), bd = operand(b, shape);
        int pa = ad.length, pb = bd.length;
        Tensor y = Tensor.empty(shape);
        float[] yd = y.data();
        if (pa == n && pb == n) {
            switch (kind) {
                case ADD -> { for (int i = 0; i < n; i++) yd[i] = ad[i] + bd[i]; }
                case SUB -> { for (int i = 0; i < n; i++) yd[i] = ad[i] - bd[i]; }
                case MUL -> { for (int i = 0; i < n; i++) yd[i] = ad[i] * bd[i]; }
                case DIV -> { for (int i = 0; i < n; i++) yd[i] = ad[i] / bd[i]; }
            }
        } else if (pa == n) { // b repeats with period pb
            if (pb == 1) {
                float c = bd[0];
                switch (kind) {
                    case ADD -> { for (int i = 0; i < n; i++) yd[i] = ad[i] + c; }
                    case SUB -> { for (int i = 0; i < n; i++) yd[i] = ad[i] - c; }
                    case MUL -> { for (int i = 0; i < n; i++) yd[i] = ad[i] * c; }
                    case DIV -> { for (int i = 0; i < n; i++) yd[i] = ad[i] / c; }
                }
            } else {
                for (int base = 0; base < n; base += pb) {
                    switch (kind) {
                        case ADD -> { for (int j = 0; j < pb; j++) yd[base + j] = ad[base + j] + bd[j]; }
                        case SUB -> { for (int j = 0; j < pb; j++) yd[base + j] = ad[base + j] - bd[j]; }
                        case MUL -> { for (int j = 0; j < pb; j++) yd[base + j] = ad[base + j] * bd[j]; }
                        case DIV -> { for (int j = 0; j < pb; j++) yd[base + j] = ad[base + j] / bd[j]; }
                    }
                }
            }
        } else { // a repeats with period pa, b is full
            for (int base = 0; base < n; base += pa) {
                switch (kind) {
                    case ADD -> { for (int j = 0; j < pa; j++) yd[base + j] = ad[j] + bd[base + j]; }
                    case SUB -> { for (int j = 0; j < pa; j++) yd[base + j] = ad[j] - bd[base + j]; }
                    case MUL -> { for (int j = 0; j < pa; j++) yd[base + j] = ad[j] * bd[base + j]; }
                    case DIV -> { for (int j = 0; j < pa; j++) yd[base + j] = ad[j] / bd[base + j]; }
                }
            }
        }
        return y;
    }

    /**
     * {@code t}'s data if it is full-size or repeats with a period in {@code shape}; otherwise its
     * broadcast to {@code shape}, materialised. At most one operand of a pair can be periodic,
     * since the other then has the full shape, unless both are materialised.
     */
    private static float[] operand(Tensor t, Shape shape) {
        int p = Broadcast.period(t.shape(), shape);
        if (p > 0) {
            return t.data();
        }
        Tensor full = Tensor.empty(shape);
        Broadcast.expand(t.data(), t.shape(), full.data(), shape, false);
        return full.data();
    }

    /** {@code grad(x) += sign * g}, summed to x's shape. */
    private static void accumulate(Tensor g, Tensor x, float sign) {
        if (!Graph.needsGrad(x)) {
            return;
        }
        float[] gd = g.data();
        if (x.numel() == gd.length && Graph.existingGrad(x) == null) {
            float[] gx = Graph.newGrad(x);
            if (sign == 1f) {
                System.arraycopy(gd, 0, gx, 0, gd.length);
            } else {
                for (int i = 0; i < gx.length; i++) gx[i] = -gd[i];
            }
            return;
        }
        float[] gx = Graph.gradBuffer(x);
        if (gx.length == gd.length) {
            if (sign == 1f) {
                for (int i = 0; i < gx.length; i++) gx[i] += gd[i];
            } else {
                for (int i = 0; i < gx.length; i++) gx[i] -= gd[i];
            }
        } else if (sign == 1f) {
            Broadcast.sumTo(gd, g.shape(), gx, x.shape());
        } else {
            Tensor t = Tensor.empty(g.shape());
            float[] td = t.data();
            for (int i = 0; i < td.length; i++) td[i] = -gd[i];
            Broadcast.sumTo(td, g.shape(), gx, x.shape());
        }
    }

    /** {@code grad(x) += g * other}, summed to x's shape. */
    private static void accumulateProduct(Tensor g, Tensor other, Tensor x) {
        if (!Graph.needsGrad(x)) {
            return;
        }
        float[] gd = g.data();
        if (x.numel() == gd.length && Graph.existingGrad(x) == null && (other.numel() == gd.length || other.numel() == 1)) {
            float[] gx = Graph.newGrad(x);
            float[] od = other.data();
            if (od.length == 1) {
                float c = od[0];
                for (int i = 0; i < gx.length; i++) gx[i] = gd[i] * c;
            } else {
                for (int i = 0; i < gx.length; i++) gx[i] = gd[i] * od[i];
            }
            return;
        }
        float[] gx = Graph.gradBuffer(x);
        if (gx.length == gd.length && other.numel() == gd.length) {
            float[] od = other.data();
            for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * od[i];
        } else if (gx.length == gd.length && other.numel() == 1) {
            float c = other.data()[0];
            for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * c;
        } else if (x.numel() == 1) { // a scalar factor such as ReZero's alpha: one fused pass
            float[] od = other.data();
            if (od.length == gd.length) {
                gx[0] += Lanes.dot(gd, od, 0, gd.length);
            } else {
                Tensor prod = binary("mul", Kind.MUL, g, other);
                double s = 0;
                for (float v : prod.data()) s += v;
                gx[0] += (float) s;
            }
        } else {
            accumulateInto(x, binary("mul", Kind.MUL, g, other));
        }
    }

    /** {@code grad(x) += full}, summed from {@code full}'s (broadcast) shape to x's shape. */
    private static void accumulateInto(Tensor x, Tensor full) {
        float[] gx = Graph.gradBuffer(x);
        Broadcast.sumTo(full.data(), full.shape(), gx, x.shape());
    }
}
