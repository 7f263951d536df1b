package dev.residuum.autodiff;

import dev.residuum.kernel.FastMath;
import dev.residuum.kernel.Lanes;
import dev.residuum.tensor.Broadcast;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;

/**
 * Element-wise functions of one tensor, each followed by its {@link Primitive} record: what its
 * derivative needs (the input, or the output where the derivative is a function of it) and the
 * two products.
 */
public final class Pointwise {
    private Pointwise() {
    }

    /** {@code e^x}. */
    public static Tensor exp(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.exp(xd[i]);
        return Graph.track(Exp.class, y, x) ? Graph.attach(new Exp(x, yd), y, x) : y;
    }

    /** {@code e^x}: dy/dx = y. */
    record Exp(Tensor x, float[] y) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * y[i];
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return Tangents.scaled(t[0], i -> y[i]);
        }
    }

    /** Natural logarithm. */
    public static Tensor log(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.log(xd[i]);
        return Graph.track(Log.class, y, x) ? Graph.attach(new Log(x, xd), y, x) : y;
    }

    /** Natural logarithm: dy/dx = 1/x. */
    record Log(Tensor x, float[] xd) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int i = 0; i < gx.length; i++) gx[i] += gd[i] / xd[i];
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return Tangents.scaled(t[0], i -> 1.0 / xd[i]);
        }
    }

    /** Square root. */
    public static Tensor sqrt(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.sqrt(xd[i]);
        return Graph.track(Sqrt.class, y, x) ? Graph.attach(new Sqrt(x, yd), y, x) : y;
    }

    /** Square root: dy/dx = 1/(2 y). */
    record Sqrt(Tensor x, float[] y) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * 0.5f / y[i];
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return Tangents.scaled(t[0], i -> 0.5 / y[i]);
        }
    }

    /** {@code x^p} for a constant exponent. */
    public static Tensor pow(Tensor x, float p) {
        Tensor y = Tensor.empty(x.shape());
        float[] xd = x.data(), yd = y.data();
        if (p == 2f) {
            for (int i = 0; i < yd.length; i++) yd[i] = xd[i] * xd[i];
        } else {
            for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.pow(xd[i], p);
        }
        return Graph.track(Pow.class, y, x) ? Graph.attach(new Pow(x, xd, p), y, x) : y;
    }

    /** {@code x^p}: dy/dx = p x^(p-1). */
    record Pow(Tensor x, float[] xd, float p) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int i = 0; i < gx.length; i++) {
                gx[i] += gd[i] * (p == 2f ? 2f * xd[i] : p * (float) Math.pow(xd[i], p - 1f));
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return Tangents.scaled(t[0], i -> p == 2f ? 2.0 * xd[i] : p * Math.pow(xd[i], p - 1.0));
        }
    }

    /** {@code |x|}; the derivative at 0 is taken as 0 (as in PyTorch). */
    public static Tensor abs(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = Math.abs(xd[i]);
        return Graph.track(Abs.class, y, x) ? Graph.attach(new Abs(x, xd), y, x) : y;
    }

    /** {@code |x|}: dy/dx = sign(x). */
    record Abs(Tensor x, float[] xd) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * Math.signum(xd[i]);
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return Tangents.scaled(t[0], i -> Math.signum(xd[i]));
        }
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
            boolean accumulate = gx != null;
            if (gx == null) {
                gx = Graph.newGrad(x);
            }
            Lanes.maskedCopy(g.data(), y, gx, 0, gx.length, accumulate);
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
        Tensor y = Tensor.empty(x.shape());
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = (float) (1.0 / (1.0 + Math.exp(-xd[i])));
        return Graph.track(Sigmoid.class, y, x) ? Graph.attach(new Sigmoid(x, yd), y, x) : y;
    }

    /** Logistic sigmoid: dy/dx = y (1 - y). */
    record Sigmoid(Tensor x, float[] y) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * y[i] * (1f - y[i]);
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return Tangents.scaled(t[0], i -> y[i] * (1f - y[i]));
        }
    }

    /** {@code log(1 + e^x)}, computed stably; like PyTorch (beta 1) it returns x where x > 20. */
    public static Tensor softplus(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < yd.length; i++) {
            float v = xd[i];
            yd[i] = v > 20f ? v : (float) (Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v))));
        }
        return Graph.track(Softplus.class, y, x) ? Graph.attach(new Softplus(x, xd), y, x) : y;
    }

    /** {@code log(1 + e^x)}: dy/dx = sigmoid(x), 1 where x > 20. */
    record Softplus(Tensor x, float[] xd) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int i = 0; i < gx.length; i++) {
                gx[i] += xd[i] > 20f ? gd[i] : gd[i] * (float) (1.0 / (1.0 + Math.exp(-xd[i])));
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return Tangents.scaled(t[0], i -> xd[i] > 20f ? 1.0 : 1.0 / (1.0 + Math.exp(-xd[i])));
        }
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
