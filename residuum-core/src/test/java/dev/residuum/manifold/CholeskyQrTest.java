package dev.residuum.manifold;

import static dev.residuum.manifold.ManifoldGeometryTest.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import org.junit.jupiter.api.Test;

/** CholeskyQR2 gives Householder's sign-fixed Q on well-conditioned inputs and declines ill-conditioned ones. */
class CholeskyQrTest {
    @Test
    void theRetractionOfAStiefelStepMatchesHouseholder() {
        Rng rng = new Rng(41);
        int n = 256, p = 64;
        Stiefel st = new Stiefel(n, p);
        double[] x = st.random(1, rng);
        double[] u = st.projectTangent(x, Matrices.scale(0.05, Matrices.gaussian(rng, n * p)));
        double[] a = Matrices.add(x, u);
        double[] q = CholeskyQr.q(a, n, p);
        double[] h = Matrices.householderQr(a, n, p);
        assertTrue(maxAbsDiff(q, h) < 1e-12, "vs Householder " + maxAbsDiff(q, h));
        assertTrue(Matrices.orthonormalityError(q, n, p) < 1e-14, "orthonormality " + Matrices.orthonormalityError(q, n, p));
    }

    @Test
    void aGaussianMatrixMatchesHouseholderAndAnIllConditionedOneIsDeclined() {
        Rng rng = new Rng(42);
        int n = 300, p = 40;
        double[] g = Matrices.gaussian(rng, n * p);
        double[] q = CholeskyQr.q(g, n, p);
        assertTrue(maxAbsDiff(q, Matrices.householderQr(g, n, p)) < 1e-11);
        // column 1 = column 0 + 1e-9 noise: condition number ~1e9
        double[] bad = g.clone();
        for (int i = 0; i < n; i++) {
            bad[i * p + 1] = bad[i * p] + 1e-9 * rng.nextGaussian();
        }
        assertNull(CholeskyQr.q(bad, n, p));
        double[] fallback = Matrices.qrWithSignFix(bad, n, p);
        assertTrue(Matrices.orthonormalityError(fallback, n, p) < 1e-12);
    }
}
