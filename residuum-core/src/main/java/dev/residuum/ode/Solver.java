package dev.residuum.ode;

import dev.residuum.autodiff.Graph;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * An explicit Runge–Kutta solver: a {@link ButcherTableau} and a loop. The stage computation,
 * the dense output, event location and the exact re-run of logged steps live here; the two
 * loops — {@link FixedStepSolver} and {@link AdaptiveSolver} — decide the steps.
 *
 * <p>Every state update is made of recorded tensor operations ({@code x + Σ (h a_ij) k_j}, the
 * scalar rounded to float32 first), so a solve run with recording on can be backpropagated
 * through, and a re-run of the same steps gives the same bits.
 */
public abstract sealed class Solver permits FixedStepSolver, AdaptiveSolver {
    private final ButcherTableau tableau;
    private final double[][] a;
    private final double[] b;
    private final double[] c;
    private final double[][] interpolant;

    Solver(ButcherTableau tableau) {
        this.tableau = Objects.requireNonNull(tableau, "tableau");
        this.a = tableau.a();
        this.b = tableau.b();
        this.c = tableau.c();
        this.interpolant = tableau.interpolant();
    }

    /** The method's coefficients. */
    public final ButcherTableau tableau() {
        return tableau;
    }

    /** The tableau's name. */
    public final String name() {
        return tableau.name();
    }

    /**
     * Runs the loop from {@code (times[0], x0)} over {@code times} (strictly monotone, either
     * direction), filling {@code out} with the state at each time reached.
     *
     * @param log where accepted steps are recorded, or null
     */
    abstract Trajectory integrate(CountedField f, Tensor x0, double[] times, Options options, StepLog log);

    final double[][] interpolantCoefficients() {
        return interpolant;
    }

    /**
     * One step of size {@code h} from {@code (t, x)}.
     *
     * @param k1 {@code f(t, x)} when already known (FSAL, or a rejected step's retry), else null
     */
    final Step step(CountedField f, double t, double h, double tEnd, Tensor x, Tensor k1) {
        int s = c.length;
        Tensor[] k = new Tensor[s];
        k[0] = k1 != null ? k1 : f.apply(t, x);
        Tensor xs = x;
        for (int i = 1; i < s; i++) {
            xs = combine(x, h, a[i], k, i);
            k[i] = f.apply(i == s - 1 && tableau.fsal() ? tEnd : t + c[i] * h, xs);
        }
        // FSAL: the last stage's input is the new state (its row of a is b)
        Tensor x1 = tableau.fsal() ? xs : combine(x, h, b, k, s);
        return new Step(this, t, h, tEnd, x, x1, k);
    }

    /**
     * {@code x + Σ_j (h w_j) k_j} over the first {@code count} stages, zero weights skipped: the
     * increments are summed first, then added to {@code x} (fewer roundings against a large x).
     */
    static Tensor combine(Tensor x, double h, double[] w, Tensor[] k, int count) {
        Tensor dx = null;
        for (int j = 0; j < count; j++) {
            if (w[j] != 0) {
                Tensor term = k[j].mul((float) (h * w[j]));
                dx = dx == null ? term : dx.add(term);
            }
        }
        return dx == null ? x : x.add(dx);
    }

    /**
     * Emits into {@code out} the outputs whose times lie in {@code (s.t, limit]} (in the direction
     * of the solve), starting at output {@code next}; returns the next output to emit.
     */
    static int emit(Step s, int stepIndex, double[] times, int next, double limit, CountedField f, Trajectory out,
            StepLog log) {
        double dir = Math.signum(s.h);
        while (next < times.length && (times[next] - limit) * dir <= 0) {
            out.output(s.at(times[next], f));
            if (log != null) {
                log.output(next, stepIndex);
            }
            next++;
        }
        return next;
    }

    /** Whether an event function changed sign (or reached zero) between two values. */
    static boolean crossed(double before, double after) {
        return (before < 0 && after >= 0) || (before > 0 && after <= 0);
    }

    /**
     * The time in {@code [s.t, s.tEnd]} where {@code g} changes sign on the step's dense output,
     * by the Illinois method (regula falsi that halves the stale end's value), to within
     * {@code tolerance} in time.
     */
    static double locate(EventFunction g, double gStart, double gEnd, Step s, CountedField f, double tolerance) {
        double ta = s.t, fa = gStart, tb = s.tEnd, fb = gEnd;
        if (fb == 0) {
            return tb;
        }
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            for (int iteration = 0; iteration < 200 && Math.abs(tb - ta) > tolerance; iteration++) {
                double tc = (ta * fb - tb * fa) / (fb - fa);
                if (!(Math.min(ta, tb) < tc && tc < Math.max(ta, tb))) {
                    tc = 0.5 * (ta + tb); // regula falsi left the bracket (rounding): bisect
                }
                double fc = g.value(tc, s.at(tc, f));
                if (fc == 0) {
                    return tc;
                }
                if ((fc < 0) != (fb < 0)) {
                    ta = tb;
                    fa = fb;
                } else {
                    fa *= 0.5;
                }
                tb = tc;
                fb = fc;
            }
        }
        return tb;
    }

    /**
     * The end of an accepted step: checks the event and emits the outputs the step reached.
     *
     * @return the next output to emit; {@code out.done()} when the event fired
     */
    static int finishStep(Step s, int stepIndex, double[] times, int next, Options o, double[] eventValue,
            CountedField f, Trajectory out, StepLog log) {
        EventFunction g = o.event();
        if (g != null) {
            double after;
            try (Graph.NoGradScope ignored = Graph.noGrad()) {
                after = g.value(s.tEnd, s.x1);
            }
            if (crossed(eventValue[0], after)) {
                double te = locate(g, eventValue[0], after, s, f, o.atol());
                int n = emit(s, stepIndex, times, next, te, f, out, log);
                out.eventTime = te;
                out.eventState = s.at(te, f);
                return n;
            }
            if (after != 0) {
                eventValue[0] = after;
            }
        }
        return emit(s, stepIndex, times, next, s.tEnd, f, out, log);
    }

    /** The event function at the start, or NaN without one. */
    static double[] initialEventValue(Options o, double t0, Tensor x0) {
        if (o.event() == null) {
            return new double[] {Double.NaN};
        }
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            return new double[] {o.event().value(t0, x0)};
        }
    }

    /**
     * Runs logged steps {@code [from, to)} again from {@code x} (the state before step
     * {@code from}), with the same sizes, so the operations and their results are those of the
     * original solve; the outputs those steps produced go to {@code outputs[i]}.
     *
     * @return the state after step {@code to - 1}
     */
    final Tensor replay(CountedField f, StepLog log, int from, int to, Tensor x, double[] times, Tensor[] outputs) {
        Tensor k1 = null;
        int next = 0;
        while (next < times.length && log.outputStep(next) < from) {
            next++;
        }
        for (int j = from; j < to; j++) {
            Step s = step(f, log.start(j), log.size(j), log.end(j), x, k1);
            while (next < times.length && log.outputStep(next) == j) {
                outputs[next] = s.at(times[next], f);
                next++;
            }
            x = s.x1;
            k1 = tableau.fsal() ? s.k[s.k.length - 1] : null;
        }
        return x;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + tableau.name() + ")";
    }
}
