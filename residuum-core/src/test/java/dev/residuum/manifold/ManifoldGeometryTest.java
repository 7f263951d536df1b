package dev.residuum.manifold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The geometric invariants of every manifold, in double precision. */
class ManifoldGeometryTest {
    static Stream<Manifold> manifolds() {
        return Stream.of(new Euclidean(), new Sphere(5), new Stiefel(6, 3), new Stiefel(6, 3, Stiefel.Retraction.POLAR),
                new Stiefel(4, 4), SpecialOrthogonal.so3(), new SpecialOrthogonal(4),
                new SpecialOrthogonal(3, SpecialOrthogonal.Retraction.EXP), new Grassmann(6, 2),
                new PoincareBall(4, 0.7), Product.of(new Sphere(3), SpecialOrthogonal.so3(), new PoincareBall(2, 1)));
    }

    /** Two points per array where the manifold is batched by rows, one otherwise. */
    static int points(Manifold m) {
        return m instanceof Sphere || m instanceof PoincareBall || m instanceof Euclidean ? 3 : 1;
    }

    static double[] gaussian(Rng rng, int n, double scale) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = scale * rng.nextGaussian();
        }
        return g;
    }

    /** A random tangent vector at {@code x} of Riemannian norm {@code norm}. */
    static double[] tangentOfNorm(Manifold m, double[] x, Rng rng, double norm) {
        double[] u = m.projectTangent(x, gaussian(rng, x.length, 1));
        double s = Math.sqrt(m.inner(x, u, u));
        return Matrices.scale(norm / s, u);
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** How far {@code u} is from the tangent space at {@code x}. */
    static double tangencyError(Manifold m, double[] x, double[] u) {
        return maxAbsDiff(m.projectTangent(x, u), u);
    }

    @ParameterizedTest
    @MethodSource("manifolds")
    void randomAndProjectedPointsAreOnTheManifold(Manifold m) {
        Rng rng = new Rng(1);
        double[] x = m.random(points(m), rng);
        assertTrue(m.contains(x, 1e-12), m + ": random point off by " + m.membershipError(x));
        assertTrue(maxAbsDiff(m.projectPoint(x), x) < 1e-12, m + ": projecting a point moves it");
        double[] off = Matrices.add(x, gaussian(rng, x.length, 0.05));
        double[] back = m.projectPoint(off);
        assertTrue(m.contains(back, 1e-12), m + ": projection off by " + m.membershipError(back));
        if (!(m instanceof Euclidean) && !(m instanceof PoincareBall)) {
            assertTrue(m.membershipError(off) > 1e-4, m + ": the membership check does not see a perturbed point");
        }
    }

    @ParameterizedTest
    @MethodSource("manifolds")
    void tangentProjectionIsIdempotentAndRetractionsStayOn(Manifold m) {
        Rng rng = new Rng(2);
        double[] x = m.random(points(m), rng);
        double[] u = m.projectTangent(x, gaussian(rng, x.length, 1));
        assertTrue(tangencyError(m, x, u) < 1e-12, m + ": projection not idempotent");
        double[] y = m.retract(x, Matrices.scale(0.3, u));
        assertTrue(m.contains(y, 1e-12), m + ": retraction leaves the manifold by " + m.membershipError(y));
        if (m.hasExp()) {
            double[] e = m.exp(x, Matrices.scale(0.3, u));
            assertTrue(m.contains(e, 1e-10), m + ": exp leaves the manifold by " + m.membershipError(e));
        }
    }

    @ParameterizedTest
    @MethodSource("manifolds")
    void transportKeepsVectorsTangent(Manifold m) {
        Rng rng = new Rng(3);
        double[] x = m.random(points(m), rng);
        double[] y = m.retract(x, tangentOfNorm(m, x, rng, 0.8));
        double[] v = m.projectTangent(x, gaussian(rng, x.length, 1));
        double[] t = m.transport(x, y, v);
        assertTrue(tangencyError(m, y, t) < 1e-12, m + ": transported vector not tangent");
        if (m.hasParallelTransport()) {
            double[] p = m.parallelTransport(x, y, v);
            assertTrue(tangencyError(m, y, p) < 1e-12, m + ": parallel transport not tangent");
            assertEquals(m.inner(x, v, v), m.inner(y, p, p), 1e-10 * m.inner(x, v, v),
                    m + ": parallel transport changes the norm");
        }
    }

    @ParameterizedTest
    @MethodSource("manifolds")
    void logInvertsExpAndTheDistanceIsTheSpeed(Manifold m) {
        if (!m.hasExp() || !m.hasLog()) {
            return;
        }
        Rng rng = new Rng(4);
        double[] x = m.random(1, rng);
        double[] u = tangentOfNorm(m, x, rng, 0.7);
        double[] y = m.exp(x, u);
        assertTrue(maxAbsDiff(m.log(x, y), u) < 1e-9, m + ": log(exp(u)) != u, off by " + maxAbsDiff(m.log(x, y), u));
        assertEquals(0.7, m.distance(x, y)[0], 1e-9, m + ": distance along a short geodesic");
    }

    /**
     * Second-order agreement: ‖retract(x, t u) − exp(x, t u)‖ falls as t³ (slope ≥ 2.7 in log₂ as t
     * halves); the QR retraction of Stiefel is first order only (slope 2).
     */
    @ParameterizedTest
    @MethodSource("manifolds")
    void retractionAgreesWithExpToSecondOrder(Manifold m) {
        if (!m.hasExp() || m instanceof Euclidean || m instanceof PoincareBall
                || m instanceof SpecialOrthogonal so && so.name().equals("so(3)") && isExp(so)) {
            return;
        }
        Rng rng = new Rng(5);
        double[] x = m.random(1, rng);
        double[] u = tangentOfNorm(m, x, rng, 1);
        double[] err = new double[5];
        for (int k = 0; k < err.length; k++) {
            double t = 0.2 / (1 << k);
            double[] r = m.retract(x, Matrices.scale(t, u));
            double[] e = m.exp(x, Matrices.scale(t, u));
            err[k] = m instanceof Grassmann g ? Reductions.norm(g.principalAngles(r, e)) : Reductions.norm(Matrices.addScaled(r, -1, e));
        }
        double slope = Math.log(err[3] / err[4]) / Math.log(2);
        boolean firstOrder = m instanceof Stiefel s && s.retraction() == Stiefel.Retraction.QR;
        if (firstOrder) {
            assertEquals(2, slope, 0.2, m + ": QR retraction error slope, errors " + java.util.Arrays.toString(err));
        } else {
            assertTrue(slope > 2.7, m + ": error slope " + slope + " < 3, errors " + java.util.Arrays.toString(err));
        }
    }

    private static boolean isExp(SpecialOrthogonal so) {
        Rng rng = new Rng(9);
        double[] x = so.random(1, rng);
        double[] u = tangentOfNorm(so, x, rng, 0.5);
        return maxAbsDiff(so.retract(x, u), so.exp(x, u)) < 1e-14;
    }

    /**
     * The Riemannian gradient against central differences along geodesics (retraction curves
     * where there is no exp): d/dt f(exp_x(t u)) at 0 equals ⟨rgrad f(x), u⟩_x for
     * f(x) = ⟨a, x⟩ + ½ Σ w_i x_i².
     */
    @ParameterizedTest
    @MethodSource("manifolds")
    void riemannianGradientMatchesFiniteDifferencesAlongGeodesics(Manifold m) {
        Rng rng = new Rng(6);
        double[] x = m.random(points(m), rng);
        int n = x.length;
        double[] a = gaussian(rng, n, 1);
        double[] w = gaussian(rng, n, 1);
        java.util.function.ToDoubleFunction<double[]> f = z -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += a[i] * z[i] + 0.5 * w[i] * z[i] * z[i];
            }
            return s;
        };
        double[] egrad = new double[n];
        for (int i = 0; i < n; i++) {
            egrad[i] = a[i] + w[i] * x[i];
        }
        double[] rgrad = m.egradToRgrad(x, egrad);
        assertTrue(tangencyError(m, x, rgrad) < 1e-12, m + ": Riemannian gradient not tangent");
        for (int trial = 0; trial < 3; trial++) {
            double[] u = tangentOfNorm(m, x, rng, 1);
            double h = 1e-5;
            double[] plus = m.hasExp() ? m.exp(x, Matrices.scale(h, u)) : m.retract(x, Matrices.scale(h, u));
            double[] minus = m.hasExp() ? m.exp(x, Matrices.scale(-h, u)) : m.retract(x, Matrices.scale(-h, u));
            double fd = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
            double analytic = m.inner(x, rgrad, u);
            assertEquals(analytic, fd, 1e-7 * (1 + Math.abs(analytic)), m + ": directional derivative");
        }
    }

    @Test
    void sphereClosedFormsMatchTheCircle() {
        Sphere s = new Sphere(2);
        double[] x = {1, 0};
        double[] y = s.exp(x, new double[] {0, Math.PI / 2});
        assertEquals(0, y[0], 1e-15);
        assertEquals(1, y[1], 1e-15);
        assertEquals(Math.PI / 2, s.distance(x, y)[0], 1e-15);
        double[] pt = s.parallelTransport(x, y, new double[] {0, 1});
        assertEquals(-1, pt[0], 1e-15);
        assertEquals(0, pt[1], 1e-15);
    }

    @Test
    void so3LogHandlesAnglesNearPi() {
        SpecialOrthogonal so3 = SpecialOrthogonal.so3();
        double[] id = Matrices.identity(3);
        for (double angle : new double[] {1e-9, 0.5, 3.0, Math.PI - 1e-7}) {
            double[] axis = {2 / 3.0, -1 / 3.0, 2 / 3.0};
            double[] u = {0, -axis[2] * angle, axis[1] * angle, axis[2] * angle, 0, -axis[0] * angle,
                -axis[1] * angle, axis[0] * angle, 0};
            double[] r = so3.exp(id, u);
            assertTrue(maxAbsDiff(so3.log(id, r), u) < 1e-7, "angle " + angle + ": log off by "
                    + maxAbsDiff(so3.log(id, r), u));
            assertEquals(angle * Math.sqrt(2), so3.distance(id, r)[0], 1e-7, "angle " + angle);
        }
    }

    @Test
    void poincareDistanceFromTheCentreIsTwiceArtanh() {
        PoincareBall ball = new PoincareBall(3, 2.0);
        double[] x = {0.1, 0.2, -0.3};
        double r = Math.sqrt(2.0) * Reductions.norm(x);
        double expected = 2 / Math.sqrt(2.0) * 0.5 * Math.log((1 + r) / (1 - r));
        assertEquals(expected, ball.distance(new double[3], x)[0], 1e-12);
        // the distance is Möbius-invariant: d(a ⊕ x, a ⊕ y) = d(x, y)
        double[] a = {0.2, -0.1, 0.05};
        double[] y = {-0.2, 0.1, 0.3};
        assertEquals(ball.distance(x, y)[0], ball.distance(ball.mobiusAdd(a, x), ball.mobiusAdd(a, y))[0], 1e-12);
    }

    @Test
    void unsupportedOperationsSayWhy() {
        Stiefel st = new Stiefel(4, 2);
        double[] x = st.random(1, new Rng(1));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> st.log(x, x));
        assertTrue(e.getMessage().contains("stiefel(4,2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sphere(3).projectPoint(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> st.projectPoint(new double[7]));
        assertThrows(IllegalArgumentException.class, () -> new Stiefel(2, 3));
    }
}
