package dev.residuum.stability;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The full Jacobian of a small map, column by column (one forward-mode product per input element),
 * and all its singular values by EJML's SVD in double precision: the reference the iterative
 * estimates are checked against, and the exact answer where the map is small enough.
 */
public final class ExactSpectrum {
    /** Largest Jacobian built, in elements (8M doubles = 64 MB). */
    public static final long MAX_ELEMENTS = 8L << 20;

    private ExactSpectrum() {
    }

    /** {@code J_f(x)} as a dense {@code [m, n]} matrix (output and input flattened row-major). */
    public static DMatrixRMaj jacobian(Function<Tensor, Tensor> f, Tensor x) {
        return jacobian(Autodiff.linearize(f, x));
    }

    /** A recorded map's Jacobian as a dense {@code [m, n]} matrix. */
    public static DMatrixRMaj jacobian(Autodiff.Linearization map) {
        Objects.requireNonNull(map, "map");
        int n = map.input().numel(), m = map.output().numel();
        if ((long) n * m > MAX_ELEMENTS) {
            throw new IllegalArgumentException("ExactSpectrum: the Jacobian is " + m + " x " + n + " = " + (long) n * m
                    + " elements, over the limit of " + MAX_ELEMENTS + "; use SpectralNorm or ExtremeSingularValues");
        }
        DMatrixRMaj j = new DMatrixRMaj(m, n);
        for (int c = 0; c < n; c++) {
            float[] column = map.jvp(Vectors.basis(map.input().shape(), c)).data();
            for (int r = 0; r < m; r++) {
                j.set(r, c, column[r]);
            }
        }
        return j;
    }

    /** The singular values of {@code f}'s Jacobian at {@code x}, largest first. */
    public static double[] singularValues(Function<Tensor, Tensor> f, Tensor x) {
        return singularValues(jacobian(f, x));
    }

    /** The singular values of a matrix ({@code min(m, n)} of them), largest first. @param a not modified */
    public static double[] singularValues(DMatrixRMaj a) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(a.numRows, a.numCols, false, false, true);
        if (!svd.decompose(a.copy())) {
            throw new IllegalStateException("ExactSpectrum: SVD of a " + a.numRows + " x " + a.numCols
                    + " matrix did not converge");
        }
        double[] s = Arrays.copyOf(svd.getSingularValues(), Math.min(a.numRows, a.numCols));
        Arrays.sort(s);
        for (int i = 0, k = s.length - 1; i < k; i++, k--) {
            double t = s[i];
            s[i] = s[k];
            s[k] = t;
        }
        return s;
    }
}
