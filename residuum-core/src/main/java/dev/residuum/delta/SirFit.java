package dev.residuum.delta;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Least-squares fit of the SIR model's {@code beta} and {@code gamma} to observed infected
 * counts, with the population, start time and initial infected fixed: Levenberg–Marquardt on
 * {@code (ln beta, ln gamma)} (so both stay positive) with a central-difference Jacobian, started
 * from a small grid of guesses, keeping the smallest sum of squares.
 */
public final class SirFit {
    private static final double[] BETA_GUESSES = {0.5, 1, 2, 4};
    private static final double[] GAMMA_GUESSES = {0.1, 0.3, 1};
    private static final int ITERATIONS = 200;

    private SirFit() {
    }

    /**
     * @param times observation times, each at least {@code t0}; not modified
     * @param infected observed I at those times (finite); not modified
     * @return the fitted model
     */
    public static SirModel fit(double[] times, double[] infected, double population, double t0, double i0) {
        if (times.length != infected.length || times.length < 2) {
            throw new IllegalArgumentException("SirFit: need at least 2 observations with one time each, got "
                    + times.length + " times and " + infected.length + " values");
        }
        for (double v : infected) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("SirFit: observed values must be finite, got " + v);
            }
        }
        double[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (double b : BETA_GUESSES) {
            for (double g : GAMMA_GUESSES) {
                double[] p = levenbergMarquardt(new double[] {Math.log(b), Math.log(g)}, times, infected, population, t0, i0);
                double c = cost(p, times, infected, population, t0, i0);
                if (c < bestCost) {
                    bestCost = c;
                    best = p;
                }
            }
        }
        return model(best, population, t0, i0);
    }

    /** Sum of squared residuals of the model {@code exp(p)} (infinite where the model is invalid). */
    static double cost(double[] p, double[] times, double[] obs, double n, double t0, double i0) {
        double[] r = residuals(p, times, obs, n, t0, i0);
        if (r == null) {
            return Double.POSITIVE_INFINITY;
        }
        double s = 0;
        for (double v : r) {
            s += v * v;
        }
        return s;
    }

    private static SirModel model(double[] p, double n, double t0, double i0) {
        return new SirModel(Math.exp(p[0]), Math.exp(p[1]), n, t0, i0);
    }

    private static double[] residuals(double[] p, double[] times, double[] obs, double n, double t0, double i0) {
        if (!(Math.abs(p[0]) < 20 && Math.abs(p[1]) < 20)) {
            return null;
        }
        double[] pred = model(p, n, t0, i0).infected(times);
        double[] r = new double[obs.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = pred[i] - obs[i];
        }
        return r;
    }

    private static double[] levenbergMarquardt(double[] p, double[] times, double[] obs, double n, double t0, double i0) {
        double lambda = 1e-3;
        double cost = cost(p, times, obs, n, t0, i0);
        int m = obs.length;
        for (int it = 0; it < ITERATIONS && Double.isFinite(cost); it++) {
            double[] r = residuals(p, times, obs, n, t0, i0);
            DMatrixRMaj jac = new DMatrixRMaj(m, 2);
            for (int k = 0; k < 2; k++) {
                double h = 1e-6;
                double[] up = p.clone();
                double[] down = p.clone();
                up[k] += h;
                down[k] -= h;
                double[] ru = residuals(up, times, obs, n, t0, i0);
                double[] rd = residuals(down, times, obs, n, t0, i0);
                if (ru == null || rd == null) {
                    return p;
                }
                for (int i = 0; i < m; i++) {
                    jac.set(i, k, (ru[i] - rd[i]) / (2 * h));
                }
            }
            DMatrixRMaj jtj = new DMatrixRMaj(2, 2);
            CommonOps_DDRM.multTransA(jac, jac, jtj);
            DMatrixRMaj jtr = new DMatrixRMaj(2, 1);
            CommonOps_DDRM.multTransA(jac, new DMatrixRMaj(m, 1, true, r), jtr);
            boolean improved = false;
            while (lambda < 1e12) {
                DMatrixRMaj a = jtj.copy();
                for (int k = 0; k < 2; k++) {
                    a.set(k, k, jtj.get(k, k) * (1 + lambda) + 1e-12);
                }
                DMatrixRMaj step = new DMatrixRMaj(2, 1);
                if (!CommonOps_DDRM.solve(a, jtr, step)) {
                    lambda *= 10;
                    continue;
                }
                double[] q = {p[0] - step.get(0), p[1] - step.get(1)};
                double c = cost(q, times, obs, n, t0, i0);
                if (c < cost) {
                    boolean converged = cost - c <= 1e-12 * cost;
                    p = q;
                    cost = c;
                    lambda = Math.max(lambda / 10, 1e-12);
                    improved = !converged;
                    break;
                }
                lambda *= 10;
            }
            if (!improved) {
                break;
            }
        }
        return p;
    }
}
