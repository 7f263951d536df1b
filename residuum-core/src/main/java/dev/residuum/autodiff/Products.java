package dev.residuum.autodiff;

import dev.residuum.kernel.FastMath;
import dev.residuum.kernel.Gemm;
import dev.residuum.kernel.Lanes;
import dev.residuum.kernel.RowVectors;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;

/**
 * Matrix products on BLAS ({@link Gemm}), with either operand read transposed, and the fused
 * linear map {@code x W^T + b} of a linear layer, alone or with the tanh after it; each function
 * followed by its {@link Primitive} record.
 */
public final class Products {
    private Products() {
    }

    /** {@code a @ b} for {@code a [m, k]} and {@code b [k, n]}. */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, false, b, false);
    }

    /**
     * {@code op(a) @ op(b)} where {@code op} transposes when its flag is set, without copying:
     * {@code matmul(x, false, w, true)} is {@code x @ w^T}, a linear layer with PyTorch's
     * {@code [out, in]} weight layout.
     *
     * @param a {@code [m, k]}, or {@code [k, m]} if {@code transA}. Not modified.
     * @param b {@code [k, n]}, or {@code [n, k]} if {@code transB}. Not modified.
     * @return {@code [m, n]}
     * @throws ShapeException naming both shapes when the inner sizes differ or a rank is not 2
     */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        if (a.shape().rank() != 2 || b.shape().rank() != 2) {
            throw new ShapeException("matmul: expected two matrices (rank 2), got " + a.shape() + " and " + b.shape());
        }
        int m = a.shape().dim(transA ? 1 : 0);
        int k = a.shape().dim(transA ? 0 : 1);
        int kb = b.shape().dim(transB ? 1 : 0);
        int n = b.shape().dim(transB ? 0 : 1);
        if (k != kb) {
            throw new ShapeException("matmul: inner sizes differ: " + a.shape() + (transA ? "^T" : "") + " @ "
                    + b.shape() + (transB ? "^T" : "") + " (" + k + " vs " + kb + ")");
        }
        Tensor y = Tensor.empty(Shape.of(m, n));
        Gemm.gemm(transA, transB, m, n, k, 1f, a.data(), b.data(), 0f, y.data());
        boolean recorded = Graph.track(MatMul.class, y, a, b);
        return recorded ? Graph.attach(new MatMul(a, transA, b, transB, m, n, k), y, a, b) : y;
    }

    /**
     * {@code op(a) @ op(b)}, {@code [m, k] @ [k, n]}: dA = dC op(B)^T, dB = op(A)^T dC (each stored
     * transposed where its operand is read so).
     */
    record MatMul(Tensor a, boolean transA, Tensor b, boolean transB, int m, int n, int k) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gd = g.data();
            if (Graph.needsGrad(a)) { // a first gradient is written (beta 0), later ones added
                float[] ga = Graph.existingGrad(a);
                float beta = ga == null ? 0f : 1f;
                ga = ga == null ? Graph.newGrad(a) : ga;
                if (!transA) { // dA = dC op(B)^T
                    Gemm.gemm(false, !transB, m, k, n, 1f, gd, b.data(), beta, ga);
                } else {       // dA_stored [k, m] = op(B) dC^T
                    Gemm.gemm(transB, true, k, m, n, 1f, b.data(), gd, beta, ga);
                }
            }
            if (Graph.needsGrad(b)) {
                float[] gb = Graph.existingGrad(b);
                float beta = gb == null ? 0f : 1f;
                gb = gb == null ? Graph.newGrad(b) : gb;
                if (!transB) { // dB = op(A)^T dC
                    Gemm.gemm(!transA, false, k, n, m, 1f, a.data(), gd, beta, gb);
                } else {       // dB_stored [n, k] = dC^T op(A)
                    Gemm.gemm(true, transA, n, k, m, 1f, gd, a.data(), beta, gb);
                }
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) { // op(da) op(b) + op(a) op(db)
            Tensor left = t[0] == null ? null : matmul(t[0], transA, b, transB);
            Tensor right = t[1] == null ? null : matmul(a, transA, t[1], transB);
            return Tangents.sum(Shape.of(m, n), left, right, 1f);
        }
    }

    /**
     * {@code x W^T + b}, PyTorch's {@code F.linear}, as one primitive: the bias is written into
     * the output rows and the product added onto it by the same GEMM ({@code beta = 1}); backward
     * computes {@code dX = dY W}, {@code dW (+)= dY^T x} and {@code db (+)= the sum of dY's rows}
     * from the output gradient directly, so neither the biased sum nor a copy of its gradient
     * exists (the composition {@code add(matmul(x, w^T), b)} makes and keeps both; W5 measured
     * the difference).
     *
     * @param x {@code [m, k]}. Not modified.
     * @param w {@code [n, k]} (PyTorch's {@code [out, in]} layout). Not modified.
     * @param b {@code [n]}, or null for no bias. Not modified.
     * @return {@code [m, n]}
     * @throws ShapeException naming the shapes when x or w is not a matrix, the inner sizes differ,
     *     or b is not a vector of w's row count
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        Tensor[] inputs = linearInputs(x, w, b);
        Tensor y = affine(x, w, b);
        return Graph.track(Linear.class, y, inputs) ? Graph.attach(new Linear(x, w, b), y, inputs) : y;
    }

    /** {@code x W^T + b} (b null for no bias): see {@link #linearBackward} and {@link #linearTangent}. */
    record Linear(Tensor x, Tensor w, Tensor b) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            linearBackward(g.data(), x, w, b);
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return linearTangent(t, x, w, b);
        }
    }

    /**
     * {@code tanh(x W^T + b)} as one primitive: {@link #linear} with the tanh applied in place to
     * the product while it is in cache. Only the output is kept for backward (its derivative is
     * {@code 1 - y^2}); the pre-activation never exists as a tensor, which halves what a
     * tanh MLP keeps per layer. Same tanh as {@link Pointwise#tanh}.
     *
     * @param x {@code [m, k]}. Not modified.
     * @param w {@code [n, k]}. Not modified.
     * @param b {@code [n]}, or null. Not modified.
     * @return {@code [m, n]}
     * @throws ShapeException as {@link #linear}
     */
    public static Tensor linearTanh(Tensor x, Tensor w, Tensor b) {
        Tensor[] inputs = linearInputs(x, w, b);
        Tensor y = affine(x, w, b);
        float[] yd = y.data();
        FastMath.tanh(yd, yd, yd.length);
        return Graph.track(LinearTanh.class, y, inputs) ? Graph.attach(new LinearTanh(x, w, b, yd), y, inputs) : y;
    }

    /** {@code y = tanh(x W^T + b)}: the pre-activation's gradient is {@code g (1 - y^2)}, then as {@link Linear}. */
    record LinearTanh(Tensor x, Tensor w, Tensor b, float[] y) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            Tensor gz = Tensor.empty(g.shape()); // the pre-activation's gradient, consumed here
            float[] gzd = gz.data();
            Pointwise.scaleByDerivative(g.data(), y, gzd, false);
            linearBackward(gzd, x, w, b);
            gz.recycle();
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            Tensor dz = linearTangent(t, x, w, b); // fresh: scaled in place
            Pointwise.scaleByDerivative(dz.data(), y, dz.data(), false);
            return dz;
        }
    }

    /**
     * {@code x + alpha * (tanh(x W1^T + b1) W2^T + b2)}, the residual MLP block with a learned
     * scalar scale (ReZero's), as one primitive. The forward is that of the composition
     * {@code residualAdd(x, alpha, linear(linearTanh(x, w1, b1), w2, b2))} value for value; only x,
     * the hidden activation {@code h} and the operands are kept (the branch output f is a scratch
     * buffer), and backward forms the branch's gradients from {@code u = g W2} without the scaled
     * copy {@code alpha g}: {@code dalpha = <u, h> + <sum of g's rows, b2>}, {@code dW2 (+)= alpha g^T h},
     * {@code db2 (+)= alpha * the sum of g's rows}, {@code dz = alpha u (1 - h^2)}, then as
     * {@link #linearTanh} ({@code dW1, db1}) and {@code dx (+)= g + dz W1}. The sums are the same
     * as the composition's up to float rounding.
     *
     * @param x {@code [m, d]}. Not modified.
     * @param w1 {@code [k, d]}. Not modified.
     * @param b1 {@code [k]}, or null. Not modified.
     * @param w2 {@code [d, k]}. Not modified.
     * @param b2 {@code [d]}, or null. Not modified.
     * @param alpha one element. Not modified.
     * @return {@code [m, d]}
     * @throws ShapeException naming the shapes when they do not fit together
     */
    public static Tensor residualTanhMlp(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor alpha) {
        linearInputs(x, w1, b1);
        int m = x.shape().dim(0), d = x.shape().dim(1), k = w1.shape().dim(0);
        if (w2.shape().rank() != 2 || w2.shape().dim(0) != d || w2.shape().dim(1) != k || alpha.numel() != 1
                || (b2 != null && (b2.shape().rank() != 1 || b2.shape().dim(0) != d))) {
            throw new ShapeException("residualTanhMlp: for an input " + x.shape() + " and a first weight " + w1.shape()
                    + " expected a second weight [" + d + ", " + k + "], a bias [" + d + "] or none and one alpha,"
                    + " got " + w2.shape() + ", " + (b2 == null ? "none" : b2.shape()) + " and " + alpha.shape());
        }
        Tensor h = affine(x, w1, b1);
        float[] hd = h.data();
        FastMath.tanh(hd, hd, hd.length);
        Tensor f = affine(h, w2, b2); // scratch: backward does not need it
        float a = alpha.data()[0];
        float[] xd = x.data(), fd = f.data();
        Tensor y = Tensor.empty(x.shape());
        float[] yd = y.data();
        for (int i = 0; i < yd.length; i++) yd[i] = xd[i] + a * fd[i];
        f.recycle();
        Tensor[] inputs = residualInputs(x, w1, b1, w2, b2, alpha);
        boolean recorded = Graph.track(ResidualTanhMlp.class, y, inputs);
        if (!recorded) {
            h.recycle();
            return y;
        }
        return Graph.attach(new ResidualTanhMlp(x, w1, b1, w2, b2, alpha, a, h, m, d, k), y, inputs);
    }

    /** The recorded inputs of {@link #residualTanhMlp}: x, w1, [b1,] w2, [b2,] alpha. */
    private static Tensor[] residualInputs(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor alpha) {
        Tensor[] in = new Tensor[4 + (b1 == null ? 0 : 1) + (b2 == null ? 0 : 1)];
        int i = 0;
        in[i++] = x;
        in[i++] = w1;
        if (b1 != null) {
            in[i++] = b1;
        }
        in[i++] = w2;
        if (b2 != null) {
            in[i++] = b2;
        }
        in[i] = alpha;
        return in;
    }

    /**
     * {@code y = x + a (tanh(x W1^T + b1) W2^T + b2)} with alpha's value {@code a} and the hidden
     * activation {@code h} ({@code [m, k]}) as they were in forward.
     */
    record ResidualTanhMlp(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor alpha, float a, Tensor h,
                           int m, int d, int k) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gd = g.data(), hd = h.data();
            Tensor u = Tensor.empty(h.shape()); // g W2, then the pre-activation's gradient
            float[] ud = u.data();
            Gemm.gemm(false, false, m, k, d, 1f, gd, w2.data(), 0f, ud);
            float[] ga = Graph.gradBuffer(alpha);
            float[] rowSum = null;
            if (b2 != null && (ga != null || Graph.needsGrad(b2))) {
                rowSum = new float[d];
                RowVectors.sumRows(gd, m, d, rowSum, false);
            }
            if (ga != null) {
                ga[0] += Lanes.dot(ud, hd, 0, ud.length) + (rowSum == null ? 0f : Lanes.dot(rowSum, b2.data(), 0, d));
            }
            if (Graph.needsGrad(w2)) { // [d, m] x [m, k], scaled by a
                float[] gw = Graph.existingGrad(w2);
                float beta = gw == null ? 0f : 1f;
                gw = gw == null ? Graph.newGrad(w2) : gw;
                Gemm.gemm(true, false, d, k, m, a, gd, hd, beta, gw);
            }
            if (b2 != null && Graph.needsGrad(b2)) {
                float[] gb = Graph.existingGrad(b2);
                boolean accumulate = gb != null;
                gb = accumulate ? gb : Graph.newGrad(b2);
                for (int j = 0; j < d; j++) {
                    gb[j] = accumulate ? gb[j] + a * rowSum[j] : a * rowSum[j];
                }
            }
            for (int i = 0; i < ud.length; i++) { // dz = a u (1 - h^2)
                ud[i] = a * ud[i] * (1f - hd[i] * hd[i]);
            }
            if (Graph.needsGrad(x)) { // dx = g + dz W1, the shortcut's gradient first
                float[] gx = Graph.existingGrad(x);
                if (gx == null) {
                    gx = Graph.newGrad(x);
                    System.arraycopy(gd, 0, gx, 0, gd.length);
                } else {
                    for (int i = 0; i < gx.length; i++) gx[i] += gd[i];
                }
            }
            linearBackward(ud, x, w1, b1);
            u.recycle();
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            int at = 0;
            Tensor dx = t[at++], dw1 = t[at++], db1 = b1 == null ? null : t[at++];
            Tensor dw2 = t[at++], db2 = b2 == null ? null : t[at++];
            Tensor da = t[at];
            Tensor dz = dx == null && dw1 == null && db1 == null ? null
                    : linearTangent(new Tensor[] {dx, dw1, db1}, x, w1, b1);
            if (dz != null) { // dh = (1 - h^2) dz, in place
                Pointwise.scaleByDerivative(dz.data(), h.data(), dz.data(), false);
            }
            Tensor df = dz == null && dw2 == null && db2 == null ? null
                    : linearTangent(new Tensor[] {dz, dw2, db2}, h, w2, b2);
            Tensor dy = Tensor.zeros(x.shape());
            float[] yd = dy.data();
            if (dx != null) {
                float[] v = dx.data();
                for (int i = 0; i < yd.length; i++) yd[i] += v[i];
            }
            if (da != null) { // da f, f recomputed
                Tensor f = affine(h, w2, b2);
                float s = da.data()[0];
                float[] fd = f.data();
                for (int i = 0; i < yd.length; i++) yd[i] += s * fd[i];
            }
            if (df != null) {
                float[] v = df.data();
                for (int i = 0; i < yd.length; i++) yd[i] += a * v[i];
            }
            return dy;
        }
    }

    /** Checks the operands of {@link #linear}; returns the inputs to record (b left out when null). */
    private static Tensor[] linearInputs(Tensor x, Tensor w, Tensor b) {
        if (x.shape().rank() != 2 || w.shape().rank() != 2) {
            throw new ShapeException("linear: expected an input [batch, in] and a weight [out, in], got " + x.shape()
                    + " and " + w.shape());
        }
        int k = x.shape().dim(1), n = w.shape().dim(0);
        if (w.shape().dim(1) != k) {
            throw new ShapeException("linear: the input " + x.shape() + " has " + k + " features, the weight "
                    + w.shape() + " takes " + w.shape().dim(1));
        }
        if (b != null && (b.shape().rank() != 1 || b.shape().dim(0) != n)) {
            throw new ShapeException("linear: expected a bias [" + n + "] for the weight " + w.shape() + ", got "
                    + b.shape());
        }
        return b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
    }

    /** {@code x W^T + b} into a new tensor: the bias rows first, the product added by the GEMM. */
    private static Tensor affine(Tensor x, Tensor w, Tensor b) {
        int m = x.shape().dim(0), k = x.shape().dim(1), n = w.shape().dim(0);
        Tensor y = Tensor.empty(Shape.of(m, n));
        float[] yd = y.data();
        if (b != null) {
            RowVectors.fillRows(b.data(), yd, m, n);
        }
        Gemm.gemm(false, true, m, n, k, 1f, x.data(), w.data(), b == null ? 0f : 1f, yd);
        return y;
    }

    /**
     * The reverse pass of {@code z = x W^T + b} given {@code dZ} ({@code [m, n]}, not modified):
     * {@code dX = dZ W}, {@code dW = dZ^T x}, {@code db = the sum of dZ's rows}, each written
     * when it is the first contribution and added otherwise.
     */
    private static void linearBackward(float[] gd, Tensor x, Tensor w, Tensor b) {
        int m = x.shape().dim(0), k = x.shape().dim(1), n = w.shape().dim(0);
        if (Graph.needsGrad(x)) { // [m, n] x [n, k]
            float[] gx = Graph.existingGrad(x);
            float beta = gx == null ? 0f : 1f;
            gx = gx == null ? Graph.newGrad(x) : gx;
            Gemm.gemm(false, false, m, k, n, 1f, gd, w.data(), beta, gx);
        }
        if (Graph.needsGrad(w)) { // [n, m] x [m, k]
            float[] gw = Graph.existingGrad(w);
            float beta = gw == null ? 0f : 1f;
            gw = gw == null ? Graph.newGrad(w) : gw;
            Gemm.gemm(true, false, n, k, m, 1f, gd, x.data(), beta, gw);
        }
        if (b != null && Graph.needsGrad(b)) {
            float[] gb = Graph.existingGrad(b);
            boolean accumulate = gb != null;
            gb = accumulate ? gb : Graph.newGrad(b);
            RowVectors.sumRows(gd, m, n, gb, accumulate);
        }
    }

    /**
     * The tangent of {@code z = x W^T + b}: {@code dx W^T + db + x dW^T} (tangents in the order
     * x, w, b; null where zero, not all), a fresh tensor of the output's shape {@code [m, n]}.
     */
    private static Tensor linearTangent(Tensor[] t, Tensor x, Tensor w, Tensor b) {
        Tensor inputTerm = t[0] != null ? linear(t[0], w, b == null ? null : t[2]) : b == null ? null : t[2];
        Tensor weightTerm = t[1] == null ? null : matmul(x, false, t[1], true);
        Shape shape = Shape.of(x.shape().dim(0), w.shape().dim(0));
        return inputTerm == null ? weightTerm : Tangents.sum(shape, inputTerm, weightTerm, 1f);
    }
}
