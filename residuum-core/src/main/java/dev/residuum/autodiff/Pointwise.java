package dev.residuum.autodiff;

import dev.residuum.kernel.FastMath;
import dev.residuum.kernel.Lanes;
import dev.residuum.tensor.Broadcast;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;

/** Element-wise functions of one tensor, each with its derivative beside it. */
public final class Pointwise {
    private Pointwise() {
    }

    /** {@code e^x}. */
    public static Tensor exp(Tensor x) {
        float[] xd = x.data();
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.exp(xd[i]);
        if (Graph.track(Op.EXP, y, x)) {
            Graph.attach(Op.EXP, y, g -> { // dy/dx = y
                float[] gx = Graph.gradBuffer(x), gd = g.data();
                for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * yd[i];
            }, t -> Tangents.scaled(t[0], i -> yd[i]), x);
        }
        return y;
    }

    /** Natural logarithm. */
    public static Tensor log(Tensor x) {
        float[] xd = x.data();
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.log(xd[i]);
        if (Graph.track(Op.LOG, y, x)) {
            Graph.attach(Op.LOG, y, g -> { // 1/x
                float[] gx = Graph.gradBuffer(x), gd = g.data();
                for (int i = 0; i < gx.length; i++) gx[i] += gd[i] / xd[i];
            }, t -> Tangents.scaled(t[0], i -> 1.0 / xd[i]), x);
        }
        return y;
    }

    /** Square root. */
    public static Tensor sqrt(Tensor x) {
        float[] xd = x.data();
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.sqrt(xd[i]);
        if (Graph.track(Op.SQRT, y, x)) {
            Graph.attach(Op.SQRT, y, g -> { // 1/(2 sqrt x)
                float[] gx = Graph.gradBuffer(x), gd = g.data();
                for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * 0.5f / yd[i];
            }, t -> Tangents.scaled(t[0], i -> 0.5 / yd[i]), x);
        }
        return y;
    }

    /** {@code x^p} for a constant exponent. */
    public static Tensor pow(Tensor x, float p) {
        float[] xd = x.data();
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        if (p == 2f) {
            for (int i = 0; i < yd.length; i++) yd[i] = xd[i] * xd[i];
        } else {
            for (int i = 0; i < yd.length; i++) yd[i] = (float) Math.pow(xd[i], p);
        }
        if (Graph.track(Op.POW, y, x)) {
            Graph.attach(Op.POW, y, g -> { // p x^(p-1)
                float[] gx = Graph.gradBuffer(x), gd = g.data();
                for (int i = 0; i < gx.length; i++) {
                    gx[i] += gd[i] * (p == 2f ? 2f * xd[i] : p * (float) Math.pow(xd[i], p - 1f));
                }
            }, t -> Tangents.scaled(t[0], i -> p == 2f ? 2.0 * xd[i] : p * Math.pow(xd[i], p - 1.0)), x);
        }
        return y;
    }

    /** {@code |x|}; the derivative at 0 is taken as 0 (as in PyTorch). */
    public static Tensor abs(Tensor x) {
        float[] xd = x.data();
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = Math.abs(xd[i]);
        if (Graph.track(Op.ABS, y, x)) {
            Graph.attach(Op.ABS, y, g -> {
                float[] gx = Graph.gradBuffer(x), gd = g.data();
                for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * Math.signum(xd[i]);
            }, t -> Tangents.scaled(t[0], i -> Math.signum(xd[i])), x);
        }
        return y;
    }

    /** {@code max(x, 0)}; derivative 0 at 0. */
    public static Tensor relu(Tensor x) {
        float[] xd = x.data();
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = Math.max(xd[i], 0f);
        if (Graph.track(Op.RELU, y, x)) {
            Graph.attach(Op.RELU, y, g -> {
                float[] gx = Graph.existingGrad(x), gd = g.data();
                boolean accumulate = gx != null;
                if (gx == null) {
                    gx = Graph.newGrad(x);
                }
                Lanes.maskedCopy(gd, yd, gx, 0, gx.length, accumulate);
            }, t -> Tangents.masked(t[0], yd), x);
        }
        return y;
    }

    /** Hyperbolic tangent ({@link FastMath#tanh}, a few ulps from the exact value). */
    public static Tensor tanh(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        FastMath.tanh(x.data(), yd, yd.length);
        if (Graph.track(Op.TANH, y, x)) {
            Graph.attach(Op.TANH, y, g -> { // 1 - y^2
                float[] gx = Graph.existingGrad(x), gd = g.data();
                if (gx == null) {
                    gx = Graph.newGrad(x);
                    for (int i = 0; i < gx.length; i++) gx[i] = gd[i] * (1f - yd[i] * yd[i]);
                } else {
                    for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * (1f - yd[i] * yd[i]);
                }
            }, t -> Tangents.scaled(t[0], i -> 1f - yd[i] * yd[i]), x);
        }
        return y;
    }

    /** Logistic sigmoid {@code 1 / (1 + e^-x)}. */
    public static Tensor sigmoid(Tensor x) {
        float[] xd = x.data();
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = (float) (1.0 / (1.0 + Math.exp(-xd[i])));
        if (Graph.track(Op.SIGMOID, y, x)) {
            Graph.attach(Op.SIGMOID, y, g -> { // y (1 - y)
                float[] gx = Graph.gradBuffer(x), gd = g.data();
                for (int i = 0; i < gx.length; i++) gx[i] += gd[i] * yd[i] * (1f - yd[i]);
            }, t -> Tangents.scaled(t[0], i -> yd[i] * (1f - yd[i])), x);
        }
        return y;
    }

    /** {@code log(1 + e^x)}, computed stably; like PyTorch (beta 1) it returns x where x > 20. */
    public static Tensor softplus(Tensor x) {
        float[] xd = x.data();
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) {
            float v = xd[i];
            yd[i] = v > 20f ? v : (float) (Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v))));
        }
        if (Graph.track(Op.SOFTPLUS, y, x)) {
            Graph.attach(Op.SOFTPLUS, y, g -> { // sigmoid(x)
                float[] gx = Graph.gradBuffer(x), gd = g.data();
                for (int i = 0; i < gx.length; i++) {
                    gx[i] += xd[i] > 20f ? gd[i] : gd[i] * (float) (1.0 / (1.0 + Math.exp(-xd[i])));
                }
            }, t -> Tangents.scaled(t[0], i -> xd[i] > 20f ? 1.0 : 1.0 / (1.0 + Math.exp(-xd[i]))), x);
        }
        return y;
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
        if (Graph.track(Op.SOFT_THRESHOLD, y, x, tau)) {
            Graph.attach(Op.SOFT_THRESHOLD, y, g -> {
                float[] gd = g.data();
                float[] gx = Graph.gradBuffer(x);
                if (gx != null) {
                    for (int i = 0; i < gx.length; i++) gx[i] += Math.abs(xd[i]) > td[i] ? gd[i] : 0f;
                }
                float[] gt = Graph.gradBuffer(tau);
                if (gt != null) {
                    Tensor full = Tensor.empty(shape);
                    float[] fd = full.data();
                    for (int i = 0; i < fd.length; i++) {
                        fd[i] = Math.abs(xd[i]) > td[i] ? -Math.signum(xd[i]) * gd[i] : 0f;
                    }
                    Broadcast.sumTo(fd, shape, gt, tau.shape());
                }
            }, t -> { // where |x| > tau: dx - sign(x) dtau
                float[] dx = t[0] == null ? null : t[0].data();
                float[] dt = t[1] == null ? null : expanded(t[1], shape);
                Tensor dy = Tensor.empty(shape);
                float[] dyd = dy.data();
                for (int i = 0; i < dyd.length; i++) {
                    float v = 0f;
                    if (Math.abs(xd[i]) > td[i]) {
                        v = (dx == null ? 0f : dx[i]) - (dt == null ? 0f : Math.signum(xd[i]) * dt[i]);
                    }
                    dyd[i] = v;
                }
                return dy;
            }, x, tau);
        }
        return y;
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
