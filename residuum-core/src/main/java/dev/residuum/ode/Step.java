package dev.residuum.ode;

import dev.residuum.autodiff.Graph;
import dev.residuum.tensor.Tensor;

/**
 * One Runge–Kutta step from {@code (t, x0)} to {@code (tEnd, x1)} with its stages, and the dense
 * output inside it: the pair's interpolant where it has one, else the cubic Hermite interpolant on
 * {@code x0, x1} and the slopes {@code f(t, x0) = k[0]} and {@code f(tEnd, x1)}.
 */
final class Step {
    final double t;
    final double h;
    final double tEnd;
    final Tensor x0;
    final Tensor x1;
    final Tensor[] k;
    private final Solver solver;
    private Tensor endSlope;
    private boolean endSlopeRecorded;

    Step(Solver solver, double t, double h, double tEnd, Tensor x0, Tensor x1, Tensor[] k) {
        this.solver = solver;
        this.t = t;
        this.h = h;
        this.tEnd = tEnd;
        this.x0 = x0;
        this.x1 = x1;
        this.k = k;
    }

    /** {@code f(tEnd, x1)}: the last stage of an FSAL pair, otherwise one more evaluation (kept). */
    Tensor endSlope(CountedField f) {
        if (solver.tableau().fsal()) {
            return k[k.length - 1];
        }
        boolean recording = Graph.isGradEnabled();
        if (endSlope == null || (recording && !endSlopeRecorded)) {
            endSlope = f.apply(tEnd, x1);
            endSlopeRecorded = recording;
        }
        return endSlope;
    }

    /** The state at {@code time} in {@code [t, tEnd]}: exact at the ends, dense output inside. */
    Tensor at(double time, CountedField f) {
        if (time == tEnd) {
            return x1;
        }
        if (time == t) {
            return x0;
        }
        double theta = (time - t) / h;
        double[][] p = solver.interpolantCoefficients();
        if (p != null) {
            double[] w = new double[k.length];
            for (int i = 0; i < w.length; i++) {
                double bi = 0;
                for (int q = p[i].length - 1; q >= 0; q--) {
                    bi = (bi + p[i][q]) * theta;
                }
                w[i] = bi;
            }
            return Solver.combine(x0, h, w, k, k.length);
        }
        Tensor f1 = endSlope(f);
        double th2 = theta * theta;
        double th3 = th2 * theta;
        double h00 = 2 * th3 - 3 * th2 + 1;
        double h10 = th3 - 2 * th2 + theta;
        double h01 = -2 * th3 + 3 * th2;
        double h11 = th3 - th2;
        return x0.mul((float) h00).add(x1.mul((float) h01))
                .add(k[0].mul((float) (h * h10)).add(f1.mul((float) (h * h11))));
    }
}
