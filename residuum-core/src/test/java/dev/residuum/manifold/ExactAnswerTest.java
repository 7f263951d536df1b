package dev.residuum.manifold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import org.junit.jupiter.api.Test;

/** The problems with exact answers: the Riemannian optimisers reach them. */
class ExactAnswerTest {
    static double[] gaussian(Rng rng, int n) {
        return ManifoldGeometryTest.gaussian(rng, n, 1);
    }

    @Test
    void rotationFitReturnsTheKabschOptimum() {
        Rng rng = new Rng(21);
        int n = 50;
        double[] a = gaussian(rng, n * 3);
        double[] truth = SpecialOrthogonal.so3().random(1, rng);
        double[] b = Matrices.multiplyTranspose(a, truth, n, 3, 3);
        for (int i = 0; i < b.length; i++) {
            b[i] += 0.05 * rng.nextGaussian();
        }
        RotationProblem problem = new RotationProblem(a, b);
        double[] kabsch = problem.kabsch();
        FitResult fit = problem.fit(5);
        double[] r = fit.point();
        double diff = Matrices.norm(Matrices.addScaled(r, -1, kabsch));
        assertTrue(diff < 1e-3, "‖R − R_Kabsch‖ = " + diff + " after " + fit.iterations() + " iterations");
        assertEquals(problem.loss(kabsch), problem.loss(r), 1e-5 * problem.loss(kabsch) + 1e-7);
        assertTrue(SpecialOrthogonal.so3().contains(r, 1e-6));
        // the optimum is a minimum: random rotations near it are worse
        for (int t = 0; t < 5; t++) {
            double[] u = ManifoldGeometryTest.tangentOfNorm(SpecialOrthogonal.so3(), kabsch, rng, 0.01);
            assertTrue(problem.loss(SpecialOrthogonal.so3().exp(kabsch, u)) > problem.loss(kabsch));
        }
    }

    @Test
    void subspaceFitReturnsTheTopSingularVectors() {
        Rng rng = new Rng(22);
        int rows = 300, d = 12, k = 3;
        double[] scales = {5, 4, 3, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};
        double[] rot = new SpecialOrthogonal(d).random(1, rng);
        double[] z = new double[rows * d];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                z[i * d + j] = scales[j] * rng.nextGaussian() + 2.0;
            }
        }
        double[] x = Matrices.multiply(z, rot, rows, d, d);
        SubspaceProblem problem = new SubspaceProblem(x, rows, d, k);
        double[] top = problem.topSingularVectors();
        for (Manifold m : new Manifold[] {new Stiefel(d, k), new Grassmann(d, k)}) {
            FitResult fit = problem.fit(m, 3);
            double[] angles = problem.principalAngles(fit.point(), top);
            for (double angle : angles) {
                assertTrue(angle <= 1e-3, m + ": principal angle " + angle + " after " + fit.iterations() + " iterations");
            }
            assertTrue(m.contains(fit.point(), 1e-6));
        }
        assertThrows(IllegalArgumentException.class, () -> new SubspaceProblem(x, rows, d, d + 1));
    }

    @Test
    void sphereMeanMatchesNewtonsIteration() {
        Rng rng = new Rng(23);
        Sphere s = new Sphere(4);
        double[] centre = s.random(1, rng);
        int count = 40;
        double[] points = new double[count * 4];
        for (int i = 0; i < count; i++) {
            double[] u = ManifoldGeometryTest.tangentOfNorm(s, centre, rng, 0.6 * rng.nextDouble());
            System.arraycopy(s.exp(centre, u), 0, points, i * 4, 4);
        }
        FitResult gd = FrechetMean.gradientDescent(s, points, 200, 1e-12);
        double[] newton = FrechetMean.newtonOnSphere(s, points, 50, 1e-14);
        assertTrue(s.distance(gd.point(), newton)[0] < 1e-10, "Karcher vs Newton: " + s.distance(gd.point(), newton)[0]);
        assertTrue(gd.gradientNorm() <= 1e-12);
        // SO(3): Karcher's iteration converges too and its gradient vanishes
        SpecialOrthogonal so3 = SpecialOrthogonal.so3();
        double[] r0 = so3.random(1, rng);
        double[] rs = new double[10 * 9];
        for (int i = 0; i < 10; i++) {
            System.arraycopy(so3.exp(r0, ManifoldGeometryTest.tangentOfNorm(so3, r0, rng, 0.5)), 0, rs, i * 9, 9);
        }
        assertTrue(FrechetMean.gradientDescent(so3, rs, 200, 1e-12).gradientNorm() <= 1e-12);
    }

    @Test
    void riemannianDescentFindsTheDominantEigenvector() {
        int n = 128;
        Rng rng = new Rng(24);
        double[] g = gaussian(rng, n * n);
        double[] a = Matrices.symmetricPart(g, n);
        double[] x0 = gaussian(rng, n);
        FitResult fit = DominantEigenvector.solve(a, n, x0, 100_000, 1e-9);
        double err = DominantEigenvector.errorUpToSign(fit.point(), DominantEigenvector.reference(a, n));
        assertTrue(err <= 1e-6, "eigenvector error " + err + " after " + fit.iterations() + " iterations");
    }
}
