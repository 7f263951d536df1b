package dev.residuum.ode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The registry of solvers by name: fixed-step {@code euler, midpoint, heun, rk4, rk4_38}; adaptive {@code dopri5, bosh3, tsit5}. */
public final class Solvers {
    /** The default solver's name. */
    public static final String DEFAULT = "dopri5";

    private static final Map<String, Solver> BY_NAME = new LinkedHashMap<>();

    static {
        for (ButcherTableau t : new ButcherTableau[] {Tableaus.EULER, Tableaus.MIDPOINT, Tableaus.HEUN, Tableaus.RK4,
            Tableaus.RK4_38}) {
            BY_NAME.put(t.name(), new FixedStepSolver(t));
        }
        for (ButcherTableau t : new ButcherTableau[] {Tableaus.DOPRI5, Tableaus.BOSH3, Tableaus.TSIT5}) {
            BY_NAME.put(t.name(), new AdaptiveSolver(t));
        }
    }

    private Solvers() {
    }

    /**
     * The solver registered under {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Solver named(String name) {
        Objects.requireNonNull(name, "solver name");
        Solver s = BY_NAME.get(name.trim().toLowerCase(java.util.Locale.ROOT));
        if (s == null) {
            throw new IllegalArgumentException("unknown ODE solver '" + name + "'; known: "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return s;
    }

    /** The registered names, fixed-step first. */
    public static java.util.List<String> names() {
        return java.util.List.copyOf(BY_NAME.keySet());
    }
}
