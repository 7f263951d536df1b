package dev.residuum.manifold;

import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The leading eigenvector of a symmetric matrix A by Riemannian steepest descent on the sphere
 * (pymanopt's {@code dominant_eigenvector} example): minimise {@code f(x) = −xᵀAx} on
 * {@code Sⁿ⁻¹}, Riemannian gradient {@code −2(Ax − (xᵀAx)x)}, with an Armijo backtracking line
 * search along the normalising retraction. The reference is EJML's symmetric eigen-decomposition.
 */
public final class DominantEigenvector {
    private DominantEigenvector() {
    }

    /**
     * @param a a symmetric {@code n × n} matrix, row-major; not modified
     * @param x0 the starting unit vector; not modified
     */
    public static FitResult solve(double[] a, int n, double[] x0, int maxIterations, double tolerance) {
        Sphere sphere = new Sphere(n);
        double[] x = sphere.projectPoint(x0);
        double[] losses = new double[maxIterations + 1];
        long start = System.nanoTime();
        double step = 1;
        int it = 0;
        while (true) {
            double[] ax = multiply(a, x, n);
            double f = -Reductions.dot(x, ax);
            losses[it] = f;
            double[] g = sphere.egradToRgrad(x, Matrices.scale(-2, ax));
            double g2 = Reductions.dot(g, g);
            if (Math.sqrt(g2) <= tolerance || it == maxIterations) {
                return new FitResult(x, f, it, (System.nanoTime() - start) / 1e9, Math.sqrt(g2),
                        Arrays.copyOf(losses, it + 1));
            }
            step *= 2; // let the step grow back after shrinking
            double[] y;
            while (true) {
                y = sphere.retract(x, Matrices.scale(-step, g));
                double fy = -Reductions.dot(y, multiply(a, y, n));
                if (fy <= f - 1e-4 * step * g2 || step < 1e-20) {
                    break;
                }
                step /= 2;
            }
            x = y;
            it++;
        }
    }

    /** pymanopt's matrix: {@code (G + Gᵀ)/2} for a Gaussian {@code n × n} G drawn from {@code seed}. */
    public static double[] randomSymmetric(int n, long seed) {
        return Matrices.symmetricPart(Matrices.gaussian(new Rng(seed), n * n), n);
    }

    /** EJML's eigenvector of the largest eigenvalue, normalised (its sign is arbitrary). */
    public static double[] reference(double[] a, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(DMatrixRMaj.wrap(n, n, a.clone()))) {
            throw new ArithmeticException("DominantEigenvector: eigen-decomposition failed");
        }
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (eig.getEigenvalue(i).real > eig.getEigenvalue(best).real) {
                best = i;
            }
        }
        double[] v = eig.getEigenVector(best).data.clone();
        return Matrices.scale(1 / Reductions.norm(v), v);
    }

    /** {@code min(‖x − v‖, ‖x + v‖)}: the distance between two unit vectors up to sign. */
    public static double errorUpToSign(double[] x, double[] v) {
        return Math.min(Reductions.norm(Matrices.addScaled(x, -1, v)), Reductions.norm(Matrices.add(x, v)));
    }

    private static double[] multiply(double[] a, double[] x, int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += a[i * n + j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }
}
