package dev.residuum.manifold;

import static dev.residuum.manifold.ManifoldGeometryTest.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parallel transport where it is closed-form on the matrix manifolds (Grassmann, SO(n)) and the
 * SO(n) log map for n > 3: isometric, tangent, the geodesic's own velocity carried to its end, the
 * limit of many small projection transports.
 */
class ParallelTransportTest {
    static Stream<Manifold> manifolds() {
        return Stream.of(new Grassmann(6, 2), new Grassmann(7, 3), new SpecialOrthogonal(3), new SpecialOrthogonal(4),
                new SpecialOrthogonal(6));
    }

    private static double[] tangent(Manifold m, double[] x, Rng rng, double norm) {
        return ManifoldGeometryTest.tangentOfNorm(m, x, rng, norm);
    }

    @ParameterizedTest
    @MethodSource("manifolds")
    void transportIsAnIsometryOntoTheNewTangentSpace(Manifold m) {
        Rng rng = new Rng(21);
        double[] x = m.random(1, rng);
        double[] y = m.exp(x, tangent(m, x, rng, 1.1));
        double[] a = tangent(m, x, rng, 1), b = tangent(m, x, rng, 0.7);
        double[] ta = m.parallelTransport(x, y, a), tb = m.parallelTransport(x, y, b);
        assertTrue(maxAbsDiff(ta, m.projectTangent(y, ta)) < 1e-12, m + ": not tangent at y");
        assertEquals(m.inner(x, a, b), m.inner(y, ta, tb), 1e-12, m + ": inner product");
        assertEquals(m.inner(x, a, a), m.inner(y, ta, ta), 1e-12, m + ": norm");
    }

    @ParameterizedTest
    @MethodSource("manifolds")
    void theGeodesicsVelocityIsCarriedToItsEnd(Manifold m) {
        Rng rng = new Rng(22);
        double[] x = m.random(1, rng);
        double[] u = tangent(m, x, rng, 1.3);
        double h = 1e-5;
        double[] velocity = Matrices.scale(1 / (2 * h), Matrices.addScaled(m.exp(x, Matrices.scale(1 + h, u)), -1,
                m.exp(x, Matrices.scale(1 - h, u))));
        double[] moved = m.parallelTransport(x, m.exp(x, u), u);
        assertTrue(maxAbsDiff(moved, velocity) < 1e-8, m + ": off the velocity by " + maxAbsDiff(moved, velocity));
    }

    /** Projection transports over N steps of the geodesic converge (first order) to parallel transport. */
    @ParameterizedTest
    @MethodSource("manifolds")
    void manySmallProjectionTransportsConvergeToIt(Manifold m) {
        Rng rng = new Rng(23);
        double[] x = m.random(1, rng);
        double[] u = tangent(m, x, rng, 1.0);
        double[] v = tangent(m, x, rng, 1.0);
        double[] exact = m.parallelTransport(x, m.exp(x, u), v);
        double[] err = new double[2];
        int[] steps = {250, 500};
        for (int k = 0; k < 2; k++) {
            double[] at = x, w = v;
            for (int i = 1; i <= steps[k]; i++) {
                double[] next = m.exp(x, Matrices.scale((double) i / steps[k], u));
                w = m.transport(at, next, w);
                at = next;
            }
            err[k] = Reductions.norm(Matrices.addScaled(w, -1, exact));
        }
        assertTrue(err[1] < 5e-3, m + ": " + err[1] + " from parallel transport after " + steps[1] + " steps");
        assertTrue(err[1] < 0.6 * err[0] || err[1] < 1e-9, m + ": no convergence, " + err[0] + " then " + err[1]);
    }

    @Test
    void onGrassmannAnotherBasisOfTheEndGetsTheSameVectorInItsCoordinates() {
        Grassmann g = new Grassmann(6, 3);
        Rng rng = new Rng(24);
        double[] x = g.random(1, rng);
        double[] u = tangent(g, x, rng, 0.9), v = tangent(g, x, rng, 1);
        double[] y = g.exp(x, u);
        double[] q = new SpecialOrthogonal(3).random(1, rng);
        double[] yq = Matrices.multiply(y, q, 6, 3, 3);
        double[] expected = Matrices.multiply(g.parallelTransport(x, y, v), q, 6, 3, 3);
        assertTrue(maxAbsDiff(g.parallelTransport(x, yq, v), expected) < 1e-10);
    }

    @Test
    void soNLogInvertsExpOnRandomRotations() {
        Rng rng = new Rng(25);
        for (int n = 4; n <= 8; n++) {
            SpecialOrthogonal so = new SpecialOrthogonal(n);
            double[] id = Matrices.identity(n);
            for (int trial = 0; trial < 5; trial++) {
                double[] r = so.random(1, rng);
                double[] omega = so.log(id, r);
                assertTrue(maxAbsDiff(omega, Matrices.scale(-1, Grassmann.transpose(omega, n, n))) < 1e-12,
                        "log not skew, n = " + n);
                double[] back = so.exp(id, omega);
                assertTrue(maxAbsDiff(back, r) < 1e-10, "n = " + n + ": exp(log R) off by " + maxAbsDiff(back, r));
                double[] x = so.random(1, rng);
                double[] y = Matrices.multiply(x, r, n, n, n);
                assertTrue(maxAbsDiff(so.exp(x, so.log(x, y)), y) < 1e-10, "n = " + n + ": at a point x");
            }
        }
    }

    @Test
    void soNLogReturnsTheGeneratorForAnglesUpToNearPi() {
        int n = 5;
        SpecialOrthogonal so = new SpecialOrthogonal(n);
        double[] omega = new double[n * n];
        double[] angles = {3.1, 1e-6, 0};
        for (int k = 0; k < 2; k++) {
            omega[(2 * k) * n + 2 * k + 1] = -angles[k];
            omega[(2 * k + 1) * n + 2 * k] = angles[k];
        }
        double[] q = so.random(1, new Rng(26));
        double[] generator = Matrices.multiply(Matrices.multiply(q, omega, n, n, n), Grassmann.transpose(q, n, n), n, n, n);
        double[] id = Matrices.identity(n);
        double[] log = so.log(id, so.exp(id, generator));
        assertTrue(maxAbsDiff(log, generator) < 1e-9, "off by " + maxAbsDiff(log, generator));
        double[] halfTurn = id.clone();
        halfTurn[0] = -1;
        halfTurn[n + 1] = -1;
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> so.log(id, halfTurn));
        assertTrue(e.getMessage().contains("pi"), e.getMessage());
    }

    @Test
    void stiefelSaysItHasNoClosedFormParallelTransport() {
        Stiefel st = new Stiefel(5, 2);
        double[] x = st.random(1, new Rng(27));
        assertTrue(!st.hasParallelTransport());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> st.parallelTransport(x, x, new double[10]));
        assertTrue(e.getMessage().contains("projection"), e.getMessage());
    }
}
