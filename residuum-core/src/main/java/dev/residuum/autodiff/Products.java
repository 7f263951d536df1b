package dev.residuum.autodiff;

import dev.residuum.kernel.Gemm;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;

/** Matrix products on BLAS ({@link Gemm}), with either operand read transposed. */
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
        Tensor y = Tensor.empty(dev.residuum.tensor.Shape.of(m, n));
        Gemm.gemm(transA, transB, m, n, k, 1f, a.data(), b.data(), 0f, y.data());
        if (Graph.track(Op.MATMUL, y, a, b)) {
            Graph.attach(Op.MATMUL, y, g -> {
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
            }, t -> { // op(da) op(b) + op(a) op(db)
                Tensor left = t[0] == null ? null : matmul(t[0], transA, b, transB);
                Tensor right = t[1] == null ? null : matmul(a, transA, t[1], transB);
                return Tangents.sum(y.shape(), left, right, 1f);
            }, a, b);
        }
        return y;
    }
}
