package dev.residuum.dynamics;

import java.util.Arrays;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * What consensus needs from a Laplacian's spectrum. For an undirected graph every eigenvalue is real and
 * ≥ 0 and the number of zeros is the number of components; for a directed one eigenvalues are complex with
 * positive real parts except the zeros, and only the dense solver applies.
 *
 * @param kind which Laplacian
 * @param nullity number of zero eigenvalues (components when undirected)
 * @param lambda2 algebraic connectivity: the second-smallest eigenvalue (real part when directed); exactly 0
 *     when {@code nullity > 1}
 * @param lambdaMinNonzero smallest non-zero eigenvalue (real part when directed): equals λ₂ on a connected
 *     graph and sets the slow consensus mode on a disconnected one
 * @param lambdaMax largest eigenvalue (largest modulus when directed)
 * @param nonzeroRe real parts of the non-zero eigenvalues the step-size analysis needs: all of them (dense) or
 *     {λ_min≠0, λ_max} (Lanczos; enough for a real spectrum)
 * @param nonzeroIm imaginary parts, parallel to {@code nonzeroRe}
 * @param method {@link SpectrumMethod#DENSE} or {@link SpectrumMethod#LANCZOS}
 * @param lanczosSteps Krylov dimension used (0 when dense)
 * @param converged false only when Lanczos hit its step bound before its stopping rule
 */
public record LaplacianSpectrum(LaplacianKind kind, int nullity, double lambda2, double lambdaMinNonzero,
        double lambdaMax, double[] nonzeroRe, double[] nonzeroIm, SpectrumMethod method, int lanczosSteps,
        boolean converged) {

    /** Largest undirected graph that {@link SpectrumMethod#AUTO} solves densely. */
    public static final int DENSE_LIMIT = 1500;
    /** Largest graph the dense solver accepts (n² doubles, O(n³) time). */
    public static final int DENSE_MAX = 6000;
    /** Seed of Lanczos's start vector when none is given. */
    public static final long DEFAULT_SEED = 1;

    /** Spectrum with the default method, seed and tolerance. */
    public static LaplacianSpectrum of(Laplacian laplacian) {
        return of(laplacian, SpectrumMethod.AUTO, DEFAULT_SEED, Lanczos.DEFAULT_TOLERANCE);
    }

    /**
     * @param method how to compute it
     * @param seed Lanczos start vector seed
     * @param tolerance Lanczos stopping tolerance (see {@link Lanczos})
     * @throws IllegalArgumentException for Lanczos on a directed graph or a dense solve above {@link #DENSE_MAX}
     */
    public static LaplacianSpectrum of(Laplacian laplacian, SpectrumMethod method, long seed, double tolerance) {
        int n = laplacian.size();
        boolean directed = laplacian.graph().directed();
        SpectrumMethod m = method;
        if (m == SpectrumMethod.AUTO) {
            m = directed || n <= DENSE_LIMIT ? SpectrumMethod.DENSE : SpectrumMethod.LANCZOS;
        }
        if (m == SpectrumMethod.LANCZOS) {
            if (directed) {
                throw new IllegalArgumentException("Lanczos needs a symmetric Laplacian; a directed graph is solved densely"
                        + " (up to " + DENSE_MAX + " nodes)");
            }
            return lanczos(laplacian, seed, tolerance);
        }
        if (n > DENSE_MAX) {
            throw new IllegalArgumentException("dense eigen-decomposition of " + n + " nodes is too large (limit " + DENSE_MAX
                    + ")" + (directed ? "; directed graphs have no sparse solver here" : "; use Lanczos"));
        }
        return directed ? denseGeneral(laplacian) : denseSymmetric(laplacian);
    }

    private static LaplacianSpectrum lanczos(Laplacian laplacian, long seed, double tolerance) {
        NullSpace ns = NullSpace.of(laplacian);
        Lanczos.Result r = Lanczos.extremes(laplacian.symmetricForm(), laplacian.size(), ns, seed, tolerance,
                Lanczos.DEFAULT_MAX_STEPS);
        int nullity = ns.dimension();
        return new LaplacianSpectrum(laplacian.kind(), nullity, nullity == 1 ? r.smallest() : 0, r.smallest(), r.largest(),
                new double[] {r.smallest(), r.largest()}, new double[2], SpectrumMethod.LANCZOS, r.steps(), r.converged());
    }

    private static LaplacianSpectrum denseSymmetric(Laplacian laplacian) {
        DMatrixRMaj a = laplacian.denseSymmetricForm();
        int n = a.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(a)) {
            throw new IllegalStateException("EJML symmetric eigen-decomposition failed on " + n + " nodes");
        }
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) {
            ev[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(ev);
        int nullity = laplacian.graph().components().count(); // exact for an undirected graph
        double[] re = Arrays.copyOfRange(ev, nullity, n);
        double minNz = nullity < n ? ev[nullity] : 0;
        return new LaplacianSpectrum(laplacian.kind(), nullity, nullity == 1 ? ev[1] : 0, minNz, ev[n - 1], re,
                new double[re.length], SpectrumMethod.DENSE, 0, true);
    }

    private static LaplacianSpectrum denseGeneral(Laplacian laplacian) {
        DMatrixRMaj a = laplacian.dense();
        int n = a.numRows;
        int nullity = nullity(a);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, false);
        if (!eig.decompose(a.copy())) {
            throw new IllegalStateException("EJML eigen-decomposition failed on " + n + " nodes");
        }
        Complex_F64[] ev = new Complex_F64[n];
        for (int i = 0; i < n; i++) {
            ev[i] = eig.getEigenvalue(i);
        }
        // A Laplacian's zero eigenvalue is semisimple: the `nullity` eigenvalues of least modulus are the zeros.
        Arrays.sort(ev, (x, y) -> Double.compare(x.getMagnitude2(), y.getMagnitude2()));
        int k = n - nullity;
        double[] re = new double[k];
        double[] im = new double[k];
        double minRe = Double.POSITIVE_INFINITY;
        double maxAbs = 0;
        for (int i = 0; i < k; i++) {
            re[i] = ev[nullity + i].real;
            im[i] = ev[nullity + i].imaginary;
            minRe = Math.min(minRe, re[i]);
            maxAbs = Math.max(maxAbs, ev[nullity + i].getMagnitude());
        }
        if (k == 0) {
            minRe = 0;
        }
        return new LaplacianSpectrum(laplacian.kind(), nullity, nullity == 1 ? minRe : 0, minRe, maxAbs, re, im,
                SpectrumMethod.DENSE, 0, true);
    }

    /** Numerical nullity: singular values ≤ 1e-9 × σ_max count as zero. @param a not modified */
    static int nullity(DMatrixRMaj a) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(a.numRows, a.numCols, false, false, true);
        if (!svd.decompose(a.copy())) {
            throw new IllegalStateException("EJML SVD failed");
        }
        double[] s = svd.getSingularValues();
        double max = CommonOps_DDRM.elementMaxAbs(new DMatrixRMaj(1, s.length, true, s));
        return SingularOps_DDRM.nullity(svd, 1e-9 * Math.max(max, Double.MIN_NORMAL));
    }
}
