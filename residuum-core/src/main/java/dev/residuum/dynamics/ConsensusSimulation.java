package dev.residuum.dynamics;

import java.util.SplittableRandom;

/**
 * Runs consensus {@code x_{k+1} = x_k − εLx_k} and measures what the spectrum predicts.
 *
 * <p>What is compared: the disagreement e_k = x_k − Px_k (P = {@link ConsensusLimit} projector; measured
 * by projecting the current state, so round-off drift of the preserved quantity does not count as error).
 * On the complement of the null space e_{k+1} = (I − εL)e_k, so for an initial vector in general position
 * (seeded uniform random: every mode excited) ‖e_{k+1}‖/‖e_k‖ tends to the spectral radius of I − εL there,
 * the predicted rate; for a symmetric L the ratio squared is a Rayleigh quotient of (I − εL)², so the gap
 * shrinks like (ρ₂/ρ)^{2k} with ρ₂ the next-slowest mode. The observed rate is the geometric mean of the
 * ratio over the last {@code window} = min(10, N/4) steps before the disagreement falls below
 * {@value #ROUND_OFF_FLOOR} of its start: past that floor the ratio measures round-off, not the dynamics
 * (a run that converges that far ends its window there; a diverging one that overflows ends it at the last
 * finite value).
 */
public final class ConsensusSimulation {
    /** Default number of steps. */
    public static final int DEFAULT_STEPS = 200;
    /** Default number of nodes whose trajectories are kept. */
    public static final int DEFAULT_SAMPLES = 12;
    /** Disagreement (relative to the initial one) below which steps are not used to measure the rate. */
    public static final double ROUND_OFF_FLOOR = 1e-9;

    private ConsensusSimulation() {
    }

    /** A seeded initial opinion vector, uniform in [0, 1). */
    public static double[] randomInitial(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble();
        }
        return x;
    }

    /**
     * Simulates consensus and compares it with the prediction.
     *
     * @param laplacian L
     * @param spectrum L's spectrum (for the prediction)
     * @param x0 initial state, length n (not modified)
     * @param eps step ε > 0
     * @param steps number of steps ≥ 1
     * @param sampleCount trajectories to keep (nodes evenly spaced over 0..n-1)
     */
    public static ConsensusRun run(Laplacian laplacian, LaplacianSpectrum spectrum, double[] x0, double eps, int steps,
            int sampleCount) {
        int n = laplacian.size();
        if (x0.length != n) {
            throw new IllegalArgumentException("consensus: initial state has length " + x0.length + ", expected " + n);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("consensus: steps must be ≥ 1, got " + steps);
        }
        ConsensusPrediction prediction = ConsensusPrediction.of(spectrum, eps);
        ConsensusLimit limitMap = ConsensusLimit.of(laplacian);
        double[] limit = new double[n];
        limitMap.project(x0, limit);
        int s = Math.min(Math.max(sampleCount, 0), n);
        int[] nodes = new int[s];
        for (int i = 0; i < s; i++) {
            nodes[i] = (int) ((long) i * n / s);
        }
        double[][] samples = new double[s][steps + 1];
        double[] disagreement = new double[steps + 1];
        double[] x = x0.clone();
        double[] lx = new double[n];
        double[] px = new double[n];
        for (int k = 0; ; k++) {
            limitMap.project(x, px);
            double e2 = 0;
            for (int i = 0; i < n; i++) {
                double d = x[i] - px[i];
                e2 += d * d;
            }
            disagreement[k] = Math.sqrt(e2);
            for (int i = 0; i < s; i++) {
                samples[i][k] = x[nodes[i]];
            }
            if (k == steps) {
                break;
            }
            laplacian.apply(x, lx);
            for (int i = 0; i < n; i++) {
                x[i] -= eps * lx[i];
            }
        }
        int end = steps;
        while (end > 1 && (!Double.isFinite(disagreement[end]) || disagreement[end] < ROUND_OFF_FLOOR * disagreement[0])) {
            end--;
        }
        int window = Math.max(1, Math.min(10, end / 4));
        double rate = Math.pow(disagreement[end] / disagreement[end - window], 1.0 / window);
        return new ConsensusRun(prediction, steps, disagreement, nodes, samples, x0.clone(), x, limit,
                limitMap.values(x0), rate, end - window, end);
    }
}
