package dev.residuum.ode;

import dev.residuum.tensor.Tensor;

/**
 * The fixed-step loop: each interval between consecutive output times is cut into
 * {@code n = ceil(|Δt| / step)} equal steps ({@code n = 1} without {@link Options#step()}), so
 * every output time is reached exactly by a step (no interpolation at the outputs). Any tableau
 * can run here; an embedded pair's error estimate is then unused.
 */
public final class FixedStepSolver extends Solver {
    /** Relative slack in the step count: a step that divides the interval up to rounding is taken as dividing it. */
    private static final double DIVIDES = 1e-9;

    /** @param tableau any explicit tableau */
    public FixedStepSolver(ButcherTableau tableau) {
        super(tableau);
    }

    /** The number of equal steps for an interval of length {@code span} with largest step {@code step}. */
    static int steps(double span, double step) {
        if (Double.isNaN(step)) {
            return 1;
        }
        double n = Math.abs(span) / step;
        long rounded = Math.round(n);
        long count = Math.abs(n - rounded) <= DIVIDES * n ? rounded : (long) Math.ceil(n);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fixed step " + step + " over an interval of " + Math.abs(span)
                    + " needs more than 2^31 steps; use a larger step");
        }
        return (int) Math.max(1, count);
    }

    @Override
    Trajectory integrate(CountedField f, Tensor x0, double[] times, Options o, StepLog log) {
        Trajectory out = new Trajectory(times.length);
        out.output(x0);
        double[] eventValue = initialEventValue(o, times[0], x0);
        Tensor x = x0;
        Tensor k1 = null;
        int next = 1;
        boolean fsal = tableau().fsal();
        for (int i = 1; i < times.length && !out.done(); i++) {
            double from = times[i - 1];
            double span = times[i] - from;
            int n = steps(span, o.step());
            double h = span / n;
            for (int j = 0; j < n && !out.done(); j++) {
                if (out.accepted >= o.maxSteps()) {
                    throw AdaptiveSolver.tooManySteps(o.maxSteps(), from + j * h);
                }
                double t = from + j * h;
                double tEnd = j == n - 1 ? times[i] : from + (j + 1) * h;
                Step s = step(f, t, h, tEnd, x, k1);
                if (log != null) {
                    log.accepted(t, h, tEnd, x);
                }
                next = finishStep(s, out.accepted, times, next, o, eventValue, f, out, log);
                out.accepted++;
                x = s.x1;
                k1 = fsal ? s.k[s.k.length - 1] : null;
            }
        }
        return out;
    }
}
