package dev.residuum.ode;

import dev.residuum.autodiff.Graph;
import dev.residuum.tensor.Tensor;
import java.util.Locale;

/**
 * The adaptive loop of an embedded pair, as in Hairer–Nørsett–Wanner, <i>Solving ODEs I</i>,
 * §II.4:
 *
 * <ul>
 *   <li>error {@code e = h Σ (b_i - b̂_i) k_i}, measured in the mixed RMS norm
 *       {@code sqrt(mean((e_j / (atol + rtol max(|x0_j|, |x1_j|)))²))} over every element of the
 *       state (a batch shares one step size); a step is accepted when the norm is at most 1;</li>
 *   <li>new step {@code h · min(10, max(0.2, 0.9 err^(-1/(q+1))))} with {@code q} the lower of
 *       the two orders, never growing right after a rejection; with {@link Options#piBeta()} = β
 *       > 0 the PI controller {@code 0.9 err^(-(1/(q+1) - 0.75β)) errPrev^β} (Hairer–Wanner, §IV.2;
 *       their code {@code dopri5.f});</li>
 *   <li>first step by Hairer's algorithm (§II.4, p. 169) unless {@link Options#firstStep()} is set;</li>
 *   <li>outputs between steps from the dense output; the last step is cut to land on the last time.</li>
 * </ul>
 */
public final class AdaptiveSolver extends Solver {
    /** The safety factor on the optimal step. */
    public static final double SAFETY = 0.9;
    /** The least factor by which a step may shrink. */
    public static final double MIN_FACTOR = 0.2;
    /** The greatest factor by which a step may grow. */
    public static final double MAX_FACTOR = 10;

    private final double[] bError;
    private final double exponent;

    /**
     * @param tableau an embedded pair
     * @throws IllegalArgumentException for a tableau without embedded weights
     */
    public AdaptiveSolver(ButcherTableau tableau) {
        super(tableau);
        if (!tableau.hasEmbedded()) {
            throw new IllegalArgumentException("AdaptiveSolver: " + tableau.name() + " has no embedded weights to"
                    + " estimate the error; use FixedStepSolver");
        }
        double[] b = tableau.b();
        double[] bHat = tableau.bHat();
        bError = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            bError[i] = b[i] - bHat[i];
        }
        exponent = 1.0 / (Math.min(tableau.order(), tableau.embeddedOrder()) + 1);
    }

    @Override
    Trajectory integrate(CountedField f, Tensor x0, double[] times, Options o, StepLog log) {
        Trajectory out = new Trajectory(times.length);
        out.output(x0);
        double[] eventValue = initialEventValue(o, times[0], x0);
        double t = times[0];
        double tFinal = times[times.length - 1];
        double dir = Math.signum(tFinal - t);
        Tensor x = x0;
        Tensor k1 = f.apply(t, x);
        double h = dir * (Double.isNaN(o.firstStep()) ? initialStep(f, t, x, k1, tFinal, o) : o.firstStep());
        double errPrev = 1e-4;
        boolean rejectedLast = false;
        int next = 1;
        while (!out.done()) {
            if (out.accepted + out.rejected >= o.maxSteps()) {
                throw tooManySteps(o.maxSteps(), t);
            }
            boolean last = (t + h - tFinal) * dir >= 0;
            if (last) {
                h = tFinal - t;
            }
            if (Math.abs(h) <= 16 * Math.ulp(Math.max(Math.abs(t), Math.abs(tFinal)))) {
                throw new IntegrationException(String.format(Locale.ROOT, "step size underflow at t = %.17g"
                        + " (step %.3g after %d accepted and %d rejected steps): the problem may be stiff; try a"
                        + " looser tolerance or a fixed-step solver", t, h, out.accepted, out.rejected));
            }
            double tEnd = last ? tFinal : t + h;
            Step s = step(f, t, h, tEnd, x, k1);
            double err = errorNorm(s, o);
            if (err <= 1) {
                if (log != null) {
                    log.accepted(t, h, tEnd, x);
                }
                next = finishStep(s, out.accepted, times, next, o, eventValue, f, out, log);
                out.accepted++;
                t = tEnd;
                x = s.x1;
                k1 = tableau().fsal() ? s.k[s.k.length - 1] : null;
                double factor = err == 0 ? MAX_FACTOR
                        : SAFETY * Math.pow(err, -(exponent - 0.75 * o.piBeta())) * Math.pow(errPrev, o.piBeta());
                factor = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));
                if (rejectedLast) {
                    factor = Math.min(1, factor);
                }
                h *= factor;
                errPrev = Math.max(err, 1e-4);
                rejectedLast = false;
            } else {
                out.rejected++;
                for (int i = 1; i < s.k.length; i++) {
                    if (s.k[i].requiresGrad()) {
                        out.discardedRecorded++; // k[0] is kept for the retry; the other stages are dropped
                    }
                }
                double factor = Double.isNaN(err) ? MIN_FACTOR : SAFETY * Math.pow(err, -exponent);
                h *= Math.min(1, Math.max(MIN_FACTOR, factor));
                rejectedLast = true;
                k1 = s.k[0];
            }
        }
        return out;
    }

    static IntegrationException tooManySteps(int maxSteps, double t) {
        return new IntegrationException(String.format(Locale.ROOT, "maximum number of steps (%d) reached at t = %.17g;"
                + " raise Options.maxSteps, loosen the tolerance, or shorten the interval", maxSteps, t));
    }

    /** The mixed RMS norm of the step's error estimate. */
    private double errorNorm(Step s, Options o) {
        float[] x0 = s.x0.data();
        float[] x1 = s.x1.data();
        float[][] k = new float[s.k.length][];
        for (int i = 0; i < k.length; i++) {
            k[i] = bError[i] == 0 ? null : s.k[i].data();
        }
        double sum = 0;
        for (int j = 0; j < x0.length; j++) {
            double e = 0;
            for (int i = 0; i < k.length; i++) {
                if (k[i] != null) {
                    e += bError[i] * k[i][j];
                }
            }
            double scale = o.atol() + o.rtol() * Math.max(Math.abs(x0[j]), Math.abs(x1[j]));
            double r = s.h * e / scale;
            sum += r * r;
        }
        return Math.sqrt(sum / Math.max(1, x0.length));
    }

    /** Hairer's starting step (Hairer–Nørsett–Wanner I, §II.4, p. 169), one extra evaluation; positive. */
    private double initialStep(CountedField f, double t0, Tensor x0, Tensor f0, double tFinal, Options o) {
        float[] x = x0.data();
        float[] d = f0.data();
        double sumX = 0, sumF = 0;
        double[] scale = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            scale[j] = o.atol() + o.rtol() * Math.abs(x[j]);
            sumX += (x[j] / scale[j]) * (x[j] / scale[j]);
            sumF += (d[j] / scale[j]) * (d[j] / scale[j]);
        }
        int n = Math.max(1, x.length);
        double d0 = Math.sqrt(sumX / n);
        double d1 = Math.sqrt(sumF / n);
        double span = Math.abs(tFinal - t0);
        double h0 = Math.min(span, d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1);
        double dir = Math.signum(tFinal - t0);
        float[] f1;
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            Tensor x1 = x0.add(f0.mul((float) (dir * h0)));
            f1 = f.apply(t0 + dir * h0, x1).data();
        }
        double sumD = 0;
        for (int j = 0; j < x.length; j++) {
            double r = (f1[j] - d[j]) / scale[j];
            sumD += r * r;
        }
        double d2 = Math.sqrt(sumD / n) / h0;
        double m = Math.max(d1, d2);
        double h1 = m <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / m, 1.0 / (tableau().order() + 1));
        return Math.min(Math.min(100 * h0, h1), span);
    }
}
