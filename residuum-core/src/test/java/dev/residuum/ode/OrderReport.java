package dev.residuum.ode;

/** Prints the observed order of every method on every problem (for the record; not a test). */
final class OrderReport {
    private OrderReport() {
    }

    public static void main(String[] args) {
        String[] names = {"euler", "midpoint", "heun", "rk4", "rk4_38", "bosh3", "dopri5", "tsit5"};
        for (String n : names) {
            StringBuilder row = new StringBuilder(String.format("%-9s", n));
            for (ExactProblem p : ExactProblem.values()) {
                SolverOrderTest.Fit f = SolverOrderTest.observedOrder(p, Solvers.named(n).tableau());
                row.append(String.format("  %s %.2f (%d pts)", p, f.order(), f.count()));
            }
            System.out.println(row);
        }
    }
}
