package dev.residuum.cli.options;

import dev.residuum.ode.Gradient;
import dev.residuum.ode.Options;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --gradient backprop|adjoint|checkpoint}, {@code --rtol}, {@code --atol}: how the solves of a
 * command that fits an ODE are differentiated and to what tolerances ({@link Options}), with one
 * default and one check each.
 */
public final class SolverOption {
    @Option(names = "--gradient", defaultValue = "backprop", paramLabel = "backprop|adjoint|checkpoint",
            description = "How the solves are differentiated (default ${DEFAULT-VALUE}).")
    String gradient;

    @Option(names = "--rtol", defaultValue = "1e-5", description = "Relative tolerance of the solves of the learned"
            + " field (default ${DEFAULT-VALUE}).")
    double rtol;

    @Option(names = "--atol", defaultValue = "1e-6", description = "Absolute tolerance (default ${DEFAULT-VALUE}).")
    double atol;

    /**
     * The parsed {@code --gradient}.
     *
     * @throws IllegalArgumentException one line naming the option and the choices
     */
    public Gradient gradient() {
        return switch (gradient.toLowerCase(Locale.ROOT)) {
            case "backprop" -> Gradient.BACKPROP;
            case "adjoint" -> Gradient.ADJOINT;
            case "checkpoint" -> Gradient.CHECKPOINT;
            default -> throw new IllegalArgumentException("--gradient must be backprop, adjoint or checkpoint, got '"
                    + gradient + "'");
        };
    }

    /**
     * {@code base} with these tolerances and gradient mode, the options checked.
     *
     * @throws IllegalArgumentException one line naming the option at fault
     */
    public Options apply(Options base) {
        if (!(rtol >= 0 && rtol < 1) || !(atol > 0 && atol < 1)) {
            throw new IllegalArgumentException("--rtol must be in [0, 1) and --atol in (0, 1), got " + rtol + " and "
                    + atol);
        }
        return base.withTolerances(rtol, atol).withGradient(gradient());
    }

    /** For a report: {@code rtol 1.0E-5, atol 1.0E-6, gradient backprop} (the gradient as given). */
    public String describe() {
        return "rtol " + rtol + ", atol " + atol + ", gradient " + gradient;
    }
}
