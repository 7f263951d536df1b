package dev.residuum.dynamics;

import java.util.List;

/**
 * The gains g for which the loop {@code x_{k+1} = (A − gBK₀)x_k} is stable, i.e. ρ(A − gBK₀) &lt; 1, within a
 * searched window, and the gain with the fastest decay.
 *
 * @param stable disjoint stable intervals in increasing order (empty if no gain in the window stabilises)
 * @param bestGain the gain in the window that minimises ρ (stable or not)
 * @param bestRadius ρ at {@code bestGain}; the loop's per-step decay factor there
 * @param openLoopRadius ρ(A), the radius at g = 0
 * @param gMin lower end of the searched window
 * @param gMax upper end of the searched window
 * @param scanPoints grid points of the scan (an interval narrower than the grid spacing can be missed)
 * @param tolerance absolute accuracy of each interval end (bisection)
 */
public record GainRange(List<Interval> stable, double bestGain, double bestRadius, double openLoopRadius,
        double gMin, double gMax, int scanPoints, double tolerance) {

    public GainRange {
        stable = List.copyOf(stable);
    }

    /**
     * One stable interval (lo, hi).
     *
     * @param lo lower end (ρ = 1 there, or the window's edge)
     * @param hi upper end
     * @param belowWindow true when lo is the window's lower edge: the interval may extend further down
     * @param aboveWindow true when hi is the window's upper edge: the interval may extend further up
     */
    public record Interval(double lo, double hi, boolean belowWindow, boolean aboveWindow) {
        /** Whether g lies inside. */
        public boolean contains(double g) {
            return g > lo && g < hi;
        }
    }
}
