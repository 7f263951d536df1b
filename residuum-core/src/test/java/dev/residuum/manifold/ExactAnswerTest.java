package dev.residuum.manifold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;
import org.junit.jupiter.api.Test;

/** The problems with exact answers: the Riemannian optimisers reach them. */
class ExactAnswerTest {
    static double[] gaussian(Rng rng, int n) {
        return ManifoldGeometryTest.gaussian(rng, n, 1);
    }

    @Test
    void rotationFitReturnsTheKabschOptimum() {
        RotationProblem problem = RotationProblem.synthetic(50, 0.05, 21);
        double[] kabsch = problem.kabsch();
        FitResult fit = problem.fit(5);
        double[] r = fit.point();
        double diff = Reductions.norm(Matrices.addScaled(r, -1, kabsch));
        assertTrue(diff < 1e-3, "‖R − R_Kabsch‖ = " + diff + " after " + fit.iterations() + " iterations");
        assertEquals(problem.loss(kabsch), problem.loss(r), 1e-5 * problem.loss(kabsch) + 1e-7);
        assertTrue(SpecialOrthogonal.so3().contains(r, 1e-6));
        // the optimum is a minimum: rotations near it are worse
        Rng rng = new Rng(1);
        for (int t = 0; t < 5; t++) {
            double[] u = ManifoldGeometryTest.tangentOfNorm(SpecialOrthogonal.so3(), kabsch, rng, 0.01);
            assertTrue(problem.loss(SpecialOrthogonal.so3().exp(kabsch, u)) > problem.loss(kabsch));
        }
    }

    @Test
    void subspaceFitReturnsTheTopSingularVectors() {
        int d = 12, k = 3;
        SubspaceProblem problem = SubspaceProblem.synthetic(300, d, k, 22);
        double[] top = problem.topSingularVectors();
        for (Manifold m : new Manifold[] {new Stiefel(d, k), new Grassmann(d, k)}) {
            FitResult fit = problem.fit(m, 3);
            double[] angles = problem.principalAngles(fit.point(), top);
            for (double angle : angles) {
                assertTrue(angle <= 1e-3, m + ": principal angle " + angle + " after " + fit.iterations() + " iterations");
            }
            assertTrue(m.contains(fit.point(), 1e-6));
        }
        assertThrows(IllegalArgumentException.class, () -> new SubspaceProblem(new double[12], 2, 6, 3));
    }

    @Test
    void sphereMeanMatchesNewtonsIteration() {
        Sphere s = new Sphere(4);
        double[] points = FrechetMean.scatter(s, 40, 0.6, 23);
        FitResult gd = FrechetMean.gradientDescent(s, points, 200, 1e-12);
        double[] newton = FrechetMean.newtonOnSphere(s, points, 50, 1e-14);
        assertTrue(s.distance(gd.point(), newton)[0] < 1e-10, "Karcher vs Newton: " + s.distance(gd.point(), newton)[0]);
        assertTrue(gd.gradientNorm() <= 1e-12);
        // Newton's answer is a critical point: the mean of the logs vanishes there
        double[] sum = new double[4];
        for (int i = 0; i < 40; i++) {
            sum = Matrices.add(sum, s.log(newton, java.util.Arrays.copyOfRange(points, i * 4, i * 4 + 4)));
        }
        assertTrue(Reductions.norm(sum) / 40 < 1e-12);
        // SO(3): Karcher's iteration converges too and its gradient vanishes
        SpecialOrthogonal so3 = SpecialOrthogonal.so3();
        assertTrue(FrechetMean.gradientDescent(so3, FrechetMean.scatter(so3, 10, 0.5, 24), 200, 1e-12).gradientNorm()
                <= 1e-12);
    }

    @Test
    void riemannianDescentFindsTheDominantEigenvector() {
        int n = 128;
        double[] a = DominantEigenvector.randomSymmetric(n, 24);
        double[] x0 = gaussian(new Rng(25), n);
        FitResult fit = DominantEigenvector.solve(a, n, x0, 100_000, 1e-9);
        double err = DominantEigenvector.errorUpToSign(fit.point(), DominantEigenvector.reference(a, n));
        assertTrue(err <= 1e-6, "eigenvector error " + err + " after " + fit.iterations() + " iterations");
    }
}
