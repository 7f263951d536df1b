package dev.residuum.autodiff;

import dev.residuum.kernel.FastMath;
import dev.residuum.kernel.Lanes;
import dev.residuum.tensor.Broadcast;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.function.BiFunction;

/**
 * Element-wise functions of one tensor, each followed by its {@link Primitive} record. The smooth
 * ones ({@link Smooth}) write their derivative beside their values in forward, and share one
 * vector–Jacobian and one Jacobian–vector product; ReLU and tanh (the hot activations) keep only
 * their output and derive from it in backward.
 */
public final class Pointwise {
    private Pointwise() {
    }

    /**
     * An element-wise function whose forward pass also wrote its derivative {@code dydx} (only when
     * recorded): the gradient is {@code g * dydx} and the tangent {@code dx * dydx}, written once here
     * for every such function.
     */
    sealed interface Smooth extends Primitive permits Exp, Log, Sqrt, Pow, Abs, Sigmoid, Softplus {
        /** The input. */
        Tensor x();

        /** dy/dx at each element, of x's size. Not modified. */
        float[] dydx();

        @Override
        default void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x()), gd = g.data(), d = dydx();
            for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * d[i];
        }

        @Override
        default Tensor jvp(Tensor[] t) {
            Tensor dy = Tensor.empty(t[0].shape());
            float[] dx = t[0].data(), dyd = dy.data(), d = dydx();
            for (int i = 0; i < dyd.length; i++) dyd[i] = dx[i] * d[i];
            return dy;
        }
    }

    /** Writes the values {@code y} of an element-wise function at {@code x} (same sizes). */
    @FunctionalInterface
    private interface Values {
        void at(float[] x, float[] y);
    }

    /** Writes the derivative {@code d} of an element-wise function at {@code x}, where its values are {@code y}. */
    @FunctionalInterface
    private interface Derivative {
        void at(float[] x, float[] y, float[] d);
    }

    /**
     * The forward pass of a {@link Smooth} function: its values, then, only when recorded, its
     * derivative (null for a function that is its own derivative, whose values serve) and the record.
     */
    private static <P extends Smooth> Tensor smooth(Class<P> kind, Tensor x, BiFunction<Tensor, float[], P> record,
                                                    Values values, Derivative derivative) {
        Tensor y = Tensor.empty(x.shape());
        float[] xd = x.data(), yd = y.data();
        values.at(xd, yd);
        if (!Graph.track(kind, y, x)) {
            return y;
        }
        float[] d = yd;
        if (derivative != null) {
            d = Tensor.empty(x.shape()).data();
            derivative.at(xd, yd, d);
        }
        return Graph.attach(record.apply(x, d), y, x);
    }

    /** {@code e^x}. */
    public static Tensor exp(Tensor x) {
        return smooth(Exp.class, x, Exp::new, (xd, yd) -> {
            for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.exp(xd[i]);
        }, null);
    }

    /** {@code e^x}, whose derivative is its output. */
    record Exp(Tensor x, float[] dydx) implements Smooth {
    }

    /** Natural logarithm. */
    public static Tensor log(Tensor x) {
        return smooth(Log.class, x, Log::new, (xd, yd) -> {
            for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.log(xd[i]);
        }, (xd, yd, d) -> {
            for (int i = 0; i < d.length; i++) d[i] = 1f / xd[i];
        });
    }

    /** Natural logarithm: dy/dx = 1/x. */
    record Log(Tensor x, float[] dydx) implements Smooth {
    }

    /** Square root. */
    public static Tensor sqrt(Tensor x) {
        return smooth(Sqrt.class, x, Sqrt::new, (xd, yd) -> {
            for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.sqrt(xd[i]);
        }, (xd, yd, d) -> {
            for (int i = 0; i < d.length; i++) d[i] = 0.5f / yd[i];
        });
    }

    /** Square root: dy/dx = 1/(2 y). */
    record Sqrt(Tensor x, float[] dydx) implements Smooth {
    }

    /** {@code x^p} for a constant exponent. */
    public static Tensor pow(Tensor x, float p) {
        if (p == 2f) {
            return smooth(Pow.class, x, Pow::new, (xd, yd) -> {
                for (int i = 0; i < yd.length; i++) yd[i] = xd[i] * xd[i];
            }, (xd, yd, d) -> {
                for (int i = 0; i < d.length; i++) d[i] = 2f * xd[i];
            });
        }
        return smooth(Pow.class, x, Pow::new, (xd, yd) -> {
            for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.pow(xd[i], p);
        }, (xd, yd, d) -> {
            for (int i = 0; i < d.length; i++) d[i] = p * (float) Math.pow(xd[i], p - 1f);
        });
    }

    /** {@code x^p}: dy/dx = p x^(p-1). */
    record Pow(Tensor x, float[] dydx) implements Smooth {
    }

    /** {@code |x|}; the derivative at 0 is taken as 0 (as in PyTorch). */
    public static Tensor abs(Tensor x) {
        return smooth(Abs.class, x, Abs::new, (xd, yd) -> {
            for (int i = 0; i < yd.length; i++) yd[i] = Math.abs(xd[i]);
        }, (xd, yd, d) -> {
            for (int i = 0; i < d.length; i++) d[i] = Math.signum(xd[i]);
        });
    }

    /** {@code |x|}: dy/dx = sign(x). */
    record Abs(Tensor x, float[] dydx) implements Smooth {
    }

    /** {@code max(x, 0)}; derivative 0 at 0. */
    public static Tensor relu(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = Math.max(xd[i], 0f);
        return Graph.track(Relu.class, y, x) ? Graph.attach(new Relu(x, yd), y, x) : y;
    }

    /** {@code max(x, 0)}: the gradient passes where y > 0. */
    record Relu(Tensor x, float[] y) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.existingGrad(x);
            Lanes.maskedCopy(g.data(), y, gx == null ? Graph.newGrad(x) : gx, 0, y.length, gx != null);
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return Tangents.masked(t[0], y);
        }
    }

    /** Hyperbolic tangent ({@link FastMath#tanh}, a few ulps from the exact value). */
    public static Tensor tanh(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        FastMath.tanh(x.data(), yd, yd.length);
        return Graph.track(Tanh.class, y, x) ? Graph.attach(new Tanh(x, yd), y, x) : y;
    }

    /**
     * Hyperbolic tangent: dy/dx = 1 - y^2. Also the activation of {@link Products.LinearTanh}, whose
     * backward uses {@link #scaleByDerivative}.
     */
    record Tanh(Tensor x, float[] y) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.existingGrad(x);
            boolean accumulate = gx != null;
            scaleByDerivative(g.data(), y, accumulate ? gx : Graph.newGrad(x), accumulate);
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            Tensor dy = Tensor.empty(t[0].shape());
            scaleByDerivative(t[0].data(), y, dy.data(), false);
            return dy;
        }
    }

    /** {@code out (+)= d * (1 - y^2)} element-wise: through a tanh whose output is y (same sizes). */
    static void scaleByDerivative(float[] d, float[] y, float[] out, boolean accumulate) {
        if (accumulate) {
            for (int i = 0; i < out.length; i++) out[i] += d[i] * (1f - y[i] * y[i]);
        } else {
            for (int i = 0; i < out.length; i++) out[i] = d[i] * (1f - y[i] * y[i]);
        }
    }

    /** Logistic sigmoid {@code 1 / (1 + e^-x)}. */
    public static Tensor sigmoid(Tensor x) {
        return smooth(Sigmoid.class, x, Sigmoid::new, (xd, yd) -> {
            for (int i = 0; i < yd.length; i++) yd[i] = (float) (1.0 / (1.0 + Math.exp(-xd[i])));
        }, (xd, yd, d) -> {
            for (int i = 0; i < d.length; i++) d[i] = yd[i] * (1f - yd[i]);
        });
    }

    /** Logistic sigmoid: dy/dx = y (1 - y). */
    record Sigmoid(Tensor x, float[] dydx) implements Smooth {
    }

    /** {@code log(1 + e^x)}, computed stably; like PyTorch (beta 1) it returns x where x > 20. */
    public static Tensor softplus(Tensor x) {
        return smooth(Softplus.class, x, Softplus::new, (xd, yd) -> {
            for (int i = 0; i < yd.length; i++) {
                float v = xd[i];
                yd[i] = v > 20f ? v : (float) (Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v))));
            }
        }, (xd, yd, d) -> {
            for (int i = 0; i < d.length; i++) d[i] = xd[i] > 20f ? 1f : (float) (1.0 / (1.0 + Math.exp(-xd[i])));
        });
    }

    /** {@code log(1 + e^x)}: dy/dx = sigmoid(x), 1 where x > 20. */
    record Softplus(Tensor x, float[] dydx) implements Smooth {
    }

    /**
     * Soft thresholding {@code sign(x) * max(|x| - tau, 0)}, the shrinkage of Deep Residual
     * Shrinkage Networks. Differentiable in {@code x} (1 where {@code |x| > tau}, else 0) and in
     * {@code tau} ({@code -sign(x)} where {@code |x| > tau}, summed over the axes where tau
     * broadcasts).
     *
     * @param tau thresholds, broadcastable to x (a scalar, one per channel as {@code [N, C, 1, 1]}
     *     or {@code [N, C]}); should be non-negative
     */
    public static Tensor softThreshold(Tensor x, Tensor tau) {
        Shape shape = Shape.broadcast("softThreshold", x.shape(), tau.shape());
        if (!shape.equals(x.shape())) {
            throw new dev.residuum.tensor.ShapeException("softThreshold: thresholds " + tau.shape()
                    + " must broadcast to the input " + x.shape() + " without enlarging it");
        }
        float[] xd = x.data();
        float[] td = expanded(tau, shape);
        Tensor y = Tensor.empty(shape);
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) {
            float m = Math.abs(xd[i]) - td[i];
            yd[i] = m > 0f ? Math.copySign(m, xd[i]) : 0f;
        }
        boolean recorded = Graph.track(SoftThreshold.class, y, x, tau);
        return recorded ? Graph.attach(new SoftThreshold(x, tau, xd, td), y, x, tau) : y;
    }

    /**
     * Soft thresholding, given x's values and the thresholds broadcast to x's shape: where
     * {@code |x| > tau}, dy = dx - sign(x) dtau, else 0.
     */
    record SoftThreshold(Tensor x, Tensor tau, float[] xd, float[] td) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gd = g.data();
            float[] gx = Graph.gradBuffer(x);
            if (gx != null) {
                for (int i = 0; i < gx.length; i++) gx[i] += Math.abs(xd[i]) > td[i] ? gd[i] : 0f;
            }
            float[] gt = Graph.gradBuffer(tau);
            if (gt != null) {
                Tensor full = Tensor.empty(x.shape());
                float[] fd = full.data();
                for (int i = 0; i < fd.length; i++) {
                    fd[i] = Math.abs(xd[i]) > td[i] ? -Math.signum(xd[i]) * gd[i] : 0f;
                }
                Broadcast.sumTo(fd, x.shape(), gt, tau.shape());
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            float[] dx = t[0] == null ? null : t[0].data();
            float[] dt = t[1] == null ? null : expanded(t[1], x.shape());
            Tensor dy = Tensor.empty(x.shape());
            float[] dyd = dy.data();
            for (int i = 0; i < dyd.length; i++) {
                float v = 0f;
                if (Math.abs(xd[i]) > td[i]) {
                    v = (dx == null ? 0f : dx[i]) - (dt == null ? 0f : Math.signum(xd[i]) * dt[i]);
                }
                dyd[i] = v;
            }
            return dy;
        }
    }

    private static float[] expanded(Tensor t, Shape shape) {
        if (t.shape().numel() == shape.numel()) {
            return t.data();
        }
        Tensor full = Tensor.empty(shape);
        Broadcast.expand(t.data(), t.shape(), full.data(), shape, false);
        return full.data();
    }

    /**
     * {@code y[i] = relu?(x[i] * scale + shift + r[i])} for {@code i} in {@code [off, off + n)}, on
     * the row kernels; x and y may be the same array. No recording: a building block for fused
     * inference kernels.
     *
     * @param r added when not null
     */
    public static void affine(float[] x, float[] r, float[] y, int off, int n, float scale, float shift, boolean relu) {
        Lanes.normalize(x, r, y, off, n, 0f, scale, shift, relu);
    }
}
