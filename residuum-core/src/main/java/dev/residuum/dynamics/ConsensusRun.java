package dev.residuum.dynamics;

/**
 * An observed consensus trajectory next to the predictions it is checked against.
 *
 * @param prediction what the spectrum predicts at this step size
 * @param steps number of steps simulated
 * @param disagreement ‖x_k − Px_k‖₂ for k = 0..steps (length steps + 1), the distance to the limit
 * @param sampleNodes the nodes whose trajectories are kept
 * @param samples {@code samples[s][k]} = x_k at node {@code sampleNodes[s]}, k = 0..steps
 * @param initial x₀, length n
 * @param finalState x_steps, length n
 * @param limit the predicted limit Px₀, length n
 * @param limitValues consensus values ({@link ConsensusLimit#values})
 * @param rateObserved observed asymptotic contraction per step: the geometric mean of ‖e_{k+1}‖/‖e_k‖
 *     over the late window, (‖e_b‖/‖e_a‖)^{1/(b−a)}
 * @param windowStart first step a of the window
 * @param windowEnd last step b of the window: N, or earlier when the run converged to round-off before N
 */
public record ConsensusRun(ConsensusPrediction prediction, int steps, double[] disagreement, int[] sampleNodes,
        double[][] samples, double[] initial, double[] finalState, double[] limit, double[] limitValues,
        double rateObserved, int windowStart, int windowEnd) {

    /** Relative gap |observed − predicted| / predicted of the contraction rate. */
    public double rateRelativeError() {
        return Math.abs(rateObserved - prediction.rate()) / prediction.rate();
    }

    /** Whether the disagreement shrank over the run (observed rate below 1). */
    public boolean observedStable() {
        return rateObserved < 1;
    }

    /** max_i |x_N,i − x_∞,i|: how close the last state is to the predicted limit. */
    public double distanceToLimit() {
        double worst = 0;
        for (int i = 0; i < limit.length; i++) {
            worst = Math.max(worst, Math.abs(finalState[i] - limit[i]));
        }
        return worst;
    }
}
