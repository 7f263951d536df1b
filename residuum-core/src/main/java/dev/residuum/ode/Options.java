package dev.residuum.ode;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to solve: the solver, tolerances or step, limits, the gradient mode and an optional
 * terminal event. Immutable; start from {@link #defaults()} and change fields with the
 * {@code with*} methods.
 *
 * @param solver the method (default {@code dopri5})
 * @param rtol relative tolerance of the adaptive solvers, {@code >= 0}
 * @param atol absolute tolerance of the adaptive solvers, {@code > 0}; also the time tolerance
 *     of event location
 * @param step fixed-step solvers: the largest step (each interval between output times is cut
 *     into equal steps no longer than this); NaN means one step per interval
 * @param firstStep adaptive solvers: the first step's size; NaN selects it by Hairer's algorithm
 * @param maxSteps the most steps (accepted plus rejected) one solve may take
 * @param piBeta adaptive solvers: β of the PI step-size controller (Hairer–Wanner use 0.04 for
 *     DOPRI5); 0 gives the classical I controller (the default)
 * @param gradient how the solve is differentiated
 * @param checkpointEvery {@link Gradient#CHECKPOINT}: steps between stored states
 * @param event a terminal event, or null
 */
public record Options(Solver solver, double rtol, double atol, double step, double firstStep, int maxSteps,
        double piBeta, Gradient gradient, int checkpointEvery, EventFunction event) {
    /** The default relative tolerance (float32 states: tighter than ~1e-6 only meets rounding). */
    public static final double DEFAULT_RTOL = 1e-5;
    /** The default absolute tolerance. */
    public static final double DEFAULT_ATOL = 1e-6;
    /** The default step limit. */
    public static final int DEFAULT_MAX_STEPS = 100_000;
    /** The default checkpoint spacing. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 32;

    public Options {
        Objects.requireNonNull(solver, "solver");
        Objects.requireNonNull(gradient, "gradient");
        if (!(rtol >= 0) || !Double.isFinite(rtol)) {
            throw new IllegalArgumentException("Options: rtol must be finite and >= 0, got " + rtol);
        }
        if (!(atol > 0) || !Double.isFinite(atol)) {
            throw new IllegalArgumentException("Options: atol must be finite and > 0, got " + atol
                    + " (a zero atol divides by zero where the state is zero)");
        }
        if (!Double.isNaN(step) && !(step > 0 && Double.isFinite(step))) {
            throw new IllegalArgumentException("Options: step must be > 0 (or NaN for one step per output interval),"
                    + " got " + step);
        }
        if (!Double.isNaN(firstStep) && !(firstStep > 0 && Double.isFinite(firstStep))) {
            throw new IllegalArgumentException("Options: firstStep must be > 0 (or NaN for Hairer's selection), got "
                    + firstStep);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("Options: maxSteps must be >= 1, got " + maxSteps);
        }
        if (!(piBeta >= 0 && piBeta < 0.2)) {
            throw new IllegalArgumentException("Options: piBeta must be in [0, 0.2), got " + piBeta
                    + " (0 = I controller; 0.04 is Hairer's choice for dopri5)");
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("Options: checkpointEvery must be >= 1, got " + checkpointEvery);
        }
    }

    /** dopri5, rtol 1e-5, atol 1e-6, I controller, backprop, no event. */
    public static Options defaults() {
        return new Options(Solvers.named(Solvers.DEFAULT), DEFAULT_RTOL, DEFAULT_ATOL, Double.NaN, Double.NaN,
                DEFAULT_MAX_STEPS, 0, Gradient.BACKPROP, DEFAULT_CHECKPOINT_EVERY, null);
    }

    /** The solver registered under {@code name} ({@link Solvers#named}). */
    public Options withMethod(String name) {
        return withSolver(Solvers.named(name));
    }

    /** These options with solver {@code s} (a fixed-step or an adaptive Butcher tableau). */
    public Options withSolver(Solver s) {
        return with(c -> c.solver = s);
    }

    /** These options with relative and absolute tolerances of the adaptive step control (mixed norm). */
    public Options withTolerances(double relative, double absolute) {
        return with(c -> {
            c.rtol = relative;
            c.atol = absolute;
        });
    }

    /** These options with the largest step {@code h} of a fixed-step solver. */
    public Options withStep(double h) {
        return with(c -> c.step = h);
    }

    /** These options with the first step {@code h} of an adaptive solver (NaN: Hairer's selection). */
    public Options withFirstStep(double h) {
        return with(c -> c.firstStep = h);
    }

    /** These options with at most {@code n} steps (accepted plus rejected) per solve. */
    public Options withMaxSteps(int n) {
        return with(c -> c.maxSteps = n);
    }

    /** The PI controller with this β (0.04 for Hairer's choice); 0 for the I controller. */
    public Options withPiController(double beta) {
        return with(c -> c.piBeta = beta);
    }

    /** These options with gradient mode {@code g}: backpropagation, adjoint or checkpointed backpropagation. */
    public Options withGradient(Gradient g) {
        return with(c -> c.gradient = g);
    }

    /** These options storing the state every {@code k} steps in checkpointed backpropagation. */
    public Options withCheckpointEvery(int k) {
        return with(c -> c.checkpointEvery = k);
    }

    /** A terminal event (null for none). */
    public Options withEvent(EventFunction g) {
        return with(c -> c.event = g);
    }

    /** These options with the fields that {@code change} sets in a mutable copy; checked anew. */
    private Options with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new Options(c.solver, c.rtol, c.atol, c.step, c.firstStep, c.maxSteps, c.piBeta, c.gradient,
                c.checkpointEvery, c.event);
    }

    /** The fields of an {@link Options}, mutable, for the {@code with*} methods (one constructor call for all). */
    private static final class Copy {
        Solver solver;
        double rtol, atol, step, firstStep, piBeta;
        int maxSteps, checkpointEvery;
        Gradient gradient;
        EventFunction event;

        Copy(Options o) {
            solver = o.solver;
            rtol = o.rtol;
            atol = o.atol;
            step = o.step;
            firstStep = o.firstStep;
            maxSteps = o.maxSteps;
            piBeta = o.piBeta;
            gradient = o.gradient;
            checkpointEvery = o.checkpointEvery;
            event = o.event;
        }
    }
}
