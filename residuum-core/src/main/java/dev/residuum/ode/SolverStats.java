package dev.residuum.ode;

/**
 * What a solve cost.
 *
 * @param nfe evaluations of the vector field
 * @param accepted accepted steps
 * @param rejected rejected steps (always 0 for a fixed-step solver)
 */
public record SolverStats(int nfe, int accepted, int rejected) {
}
