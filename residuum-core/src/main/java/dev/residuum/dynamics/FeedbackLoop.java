package dev.residuum.dynamics;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * A closed loop {@code x_{k+1} = (A − BK)x_k} with the feedback K = gK₀ scaled by a scalar gain g — e.g. an
 * economy x under a policy rule u = −gK₀x. The stable set {g : ρ(A − gBK₀) &lt; 1} can be an interval or a union
 * of intervals. It is found by a scan of ρ on a uniform grid over a window, then bisection of every sign change
 * of ρ − 1 to {@link #TOLERANCE} relative; the best gain by the scan's minimum refined by golden-section search.
 * Spectral radii come from EJML's general eigen-decomposition. Not thread-safe (reuses a decomposition).
 */
public final class FeedbackLoop {
    /** Relative accuracy of interval ends and of the best gain. */
    public static final double TOLERANCE = 1e-12;
    /** Default number of scan points. */
    public static final int DEFAULT_SCAN = 4001;

    private final DMatrixRMaj a;
    private final DMatrixRMaj bk0;
    private final DMatrixRMaj work;
    private final EigenDecomposition_F64<DMatrixRMaj> eig;

    /**
     * @param a state matrix, n × n (not modified)
     * @param b input matrix, n × p (not modified)
     * @param k0 feedback direction, p × n (not modified)
     * @throws IllegalArgumentException when the shapes do not chain
     */
    public FeedbackLoop(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj k0) {
        if (a.numRows != a.numCols) {
            throw new IllegalArgumentException("feedback: A must be square, got " + a.numRows + " × " + a.numCols);
        }
        int n = a.numRows;
        if (b.numRows != n) {
            throw new IllegalArgumentException("feedback: B must have n = " + n + " rows like A, got " + b.numRows + " × " + b.numCols);
        }
        if (k0.numRows != b.numCols || k0.numCols != n) {
            throw new IllegalArgumentException("feedback: K0 must be " + b.numCols + " × " + n + " (inputs × states), got "
                    + k0.numRows + " × " + k0.numCols);
        }
        this.a = a.copy();
        this.bk0 = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(b, k0, bk0);
        this.work = new DMatrixRMaj(n, n);
        this.eig = DecompositionFactory_DDRM.eig(n, false, false);
    }

    /** The closed-loop matrix A − gBK₀ (a new matrix). */
    public DMatrixRMaj closedLoop(double g) {
        DMatrixRMaj m = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.add(a, -g, bk0, m);
        return m;
    }

    /** ρ(A − gBK₀), the largest eigenvalue modulus. */
    public double spectralRadius(double g) {
        CommonOps_DDRM.add(a, -g, bk0, work);
        if (!eig.decompose(work)) {
            throw new IllegalStateException("EJML eigen-decomposition failed at g = " + g);
        }
        double r = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            r = Math.max(r, eig.getEigenvalue(i).getMagnitude());
        }
        return r;
    }

    /**
     * The default search window [−G, G] with G = 10(‖A‖_F + 1)/‖BK₀‖_F: beyond it the −gBK₀ term dominates A
     * tenfold, and the loop is stable there only if BK₀ is nearly nilpotent (then the window's edge is flagged).
     */
    public double[] defaultWindow() {
        double m = NormOps_DDRM.normF(bk0);
        if (m == 0) {
            throw new IllegalArgumentException("feedback: B·K0 is zero, the gain has no effect");
        }
        double g = 10 * (NormOps_DDRM.normF(a) + 1) / m;
        return new double[] {-g, g};
    }

    /** {@link #stableGains(double, double, int)} over the default window with {@link #DEFAULT_SCAN} points. */
    public GainRange stableGains() {
        double[] w = defaultWindow();
        return stableGains(w[0], w[1], DEFAULT_SCAN);
    }

    /**
     * Stable intervals of g within [gMin, gMax] and the gain minimising ρ.
     *
     * @param scanPoints grid points ≥ 3
     */
    public GainRange stableGains(double gMin, double gMax, int scanPoints) {
        if (!(gMin < gMax) || !Double.isFinite(gMin) || !Double.isFinite(gMax)) {
            throw new IllegalArgumentException("feedback: gain window must have gMin < gMax, got [" + gMin + ", " + gMax + "]");
        }
        if (scanPoints < 3) {
            throw new IllegalArgumentException("feedback: scan needs at least 3 points, got " + scanPoints);
        }
        double h = (gMax - gMin) / (scanPoints - 1);
        double[] g = new double[scanPoints];
        double[] rho = new double[scanPoints];
        int best = 0;
        for (int i = 0; i < scanPoints; i++) {
            g[i] = i == scanPoints - 1 ? gMax : gMin + i * h;
            rho[i] = spectralRadius(g[i]);
            if (rho[i] < rho[best]) {
                best = i;
            }
        }
        double tol = TOLERANCE * Math.max(Math.abs(gMin), Math.abs(gMax));
        List<GainRange.Interval> intervals = new ArrayList<>();
        double lo = Double.NaN;
        boolean loAtEdge = false;
        for (int i = 0; i < scanPoints; i++) {
            boolean stable = rho[i] < 1;
            if (stable && Double.isNaN(lo)) {
                loAtEdge = i == 0;
                lo = loAtEdge ? gMin : boundary(g[i - 1], g[i], tol);
            }
            boolean endsHere = stable && (i == scanPoints - 1 || rho[i + 1] >= 1);
            if (endsHere) {
                boolean hiAtEdge = i == scanPoints - 1;
                double hi = hiAtEdge ? gMax : boundary(g[i], g[i + 1], tol);
                intervals.add(new GainRange.Interval(lo, hi, loAtEdge, hiAtEdge));
                lo = Double.NaN;
            }
        }
        double gBest = refineMinimum(g[Math.max(best - 1, 0)], g[Math.min(best + 1, scanPoints - 1)], tol);
        double rBest = spectralRadius(gBest);
        if (rho[best] < rBest) {
            gBest = g[best];
            rBest = rho[best];
        }
        return new GainRange(intervals, gBest, rBest, spectralRadius(0), gMin, gMax, scanPoints, tol);
    }

    /** The point in [x, y] where ρ crosses 1 (ρ − 1 changes sign between the ends), by bisection to tol. */
    private double boundary(double x, double y, double tol) {
        boolean xStable = spectralRadius(x) < 1;
        double lo = x;
        double hi = y;
        for (int it = 0; it < 200 && hi - lo > tol; it++) {
            double mid = 0.5 * (lo + hi);
            if ((spectralRadius(mid) < 1) == xStable) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** Golden-section search for the minimum of ρ on [x, y] to tol. */
    private double refineMinimum(double x, double y, double tol) {
        double r = (Math.sqrt(5) - 1) / 2;
        double lo = x;
        double hi = y;
        double c = hi - r * (hi - lo);
        double d = lo + r * (hi - lo);
        double fc = spectralRadius(c);
        double fd = spectralRadius(d);
        for (int it = 0; it < 300 && hi - lo > tol; it++) {
            if (fc < fd) {
                hi = d;
                d = c;
                fd = fc;
                c = hi - r * (hi - lo);
                fc = spectralRadius(c);
            } else {
                lo = c;
                c = d;
                fc = fd;
                d = lo + r * (hi - lo);
                fd = spectralRadius(d);
            }
        }
        return 0.5 * (lo + hi);
    }
}
