package dev.residuum.delta;

import java.util.Arrays;

/**
 * The SIR epidemic model with frequency-dependent transmission, integrated in double precision
 * by the classical fourth-order Runge–Kutta method at {@value #STEPS_PER_UNIT} steps per time unit:
 * <pre>
 *   dS/dt = -beta S I / N,   dI/dt = beta S I / N - gamma I,   dR/dt = gamma I
 * </pre>
 * starting at {@code t0} from {@code S = N - i0, I = i0, R = 0}.
 *
 * @param beta transmission rate per time unit (positive)
 * @param gamma recovery rate per time unit (positive)
 * @param population N (positive)
 * @param t0 start time
 * @param i0 infected at {@code t0}, in {@code (0, N]}
 */
public record SirModel(double beta, double gamma, double population, double t0, double i0) {
    /** RK4 steps per unit of time. */
    public static final int STEPS_PER_UNIT = 100;
    /**
     * Longest time after {@code t0} integrated ({@value} time units, ten million RK4 steps, about
     * a second): a later time is refused rather than integrated for hours.
     */
    public static final double MAX_SPAN = 100_000;

    public SirModel {
        if (!(beta > 0) || !(gamma > 0) || !(population > 0) || !(i0 > 0 && i0 <= population) || !Double.isFinite(t0)
                || Double.isInfinite(beta) || Double.isInfinite(gamma) || Double.isInfinite(population)) {
            throw new IllegalArgumentException("SirModel: need beta > 0, gamma > 0, N > 0, 0 < i0 <= N and a finite t0, got"
                    + " beta=" + beta + ", gamma=" + gamma + ", N=" + population + ", i0=" + i0 + ", t0=" + t0);
        }
    }

    /**
     * The state {@code (S, I, R)} at each time.
     *
     * @param times each at least {@code t0} and at most {@code t0 + }{@link #MAX_SPAN}, in any
     *     order; not modified
     * @return {@code [times.length][3]}
     * @throws IllegalArgumentException for a time before {@code t0}, not finite, or past
     *     {@code t0 + MAX_SPAN}
     */
    public double[][] states(double[] times) {
        Integer[] order = new Integer[times.length];
        for (int i = 0; i < times.length; i++) {
            if (!(times[i] >= t0) || Double.isInfinite(times[i])) {
                throw new IllegalArgumentException("SirModel: time " + times[i] + " is before the start t0 = " + t0
                        + " (or not finite)");
            }
            if (times[i] - t0 > MAX_SPAN || t0 + 1.0 / STEPS_PER_UNIT == t0) {
                throw new IllegalArgumentException("SirModel: time " + times[i] + " is " + (times[i] - t0) + " after the"
                        + " start t0 = " + t0 + "; at most " + MAX_SPAN + " time units are integrated (check the time"
                        + " column's units)");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b]));
        double[][] out = new double[times.length][];
        double[] y = {population - i0, i0, 0};
        double t = t0;
        double h = 1.0 / STEPS_PER_UNIT;
        for (int idx : order) {
            double target = times[idx];
            while (t < target) {
                double step = Math.min(h, target - t);
                rk4(y, step);
                t = target - t < h ? target : t + step;
            }
            out[idx] = y.clone();
        }
        return out;
    }

    /** The infected count I at each time (see {@link #states}). */
    public double[] infected(double[] times) {
        double[][] s = states(times);
        double[] out = new double[times.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = s[i][1];
        }
        return out;
    }

    /** The basic reproduction number {@code beta / gamma}. */
    public double r0() {
        return beta / gamma;
    }

    private void rk4(double[] y, double h) {
        double[] k1 = rate(y);
        double[] k2 = rate(add(y, k1, h / 2));
        double[] k3 = rate(add(y, k2, h / 2));
        double[] k4 = rate(add(y, k3, h));
        for (int i = 0; i < 3; i++) {
            y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
    }

    private double[] rate(double[] y) {
        double infection = beta * y[0] * y[1] / population;
        double recovery = gamma * y[1];
        return new double[] {-infection, infection - recovery, recovery};
    }

    private static double[] add(double[] y, double[] k, double h) {
        return new double[] {y[0] + h * k[0], y[1] + h * k[1], y[2] + h * k[2]};
    }
}
