package dev.residuum.stability;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * The Jacobian of a whole stack of residual blocks, {@code x_0 -> x_L}, against the bounds that the
 * blocks' branch norms {@code epsilon_l} give: by submultiplicativity and Weyl,
 * {@code sigma_max <= prod (1 + epsilon_l)} and {@code sigma_min >= prod (1 - epsilon_l)} (this one
 * when every {@code epsilon_l < 1}, else the bound is 0).
 *
 * <p>Every block must have an identity skip. The upper bound holds with any activation after the sum
 * whose derivative lies in [0, 1] (ReLU, tanh, sigmoid, softplus: {@code ||D|| <= 1}); the lower one
 * needs blocks that are exactly {@code x + alpha F(x)} (no activation after the sum, as in a residual
 * MLP), since an activation can collapse a direction; otherwise it is reported as 0.
 *
 * @param epsilons each block's {@code ||J_{alpha F}||_2} at its own input
 * @param sigmaMin the stack Jacobian's smallest singular value (Lanczos)
 * @param sigmaMax its largest (Lanczos)
 * @param lowerBound {@code prod max(0, 1 - epsilon_l)} for pure residual sums, else 0
 * @param upperBound {@code prod (1 + epsilon_l)}
 * @param slack what the comparison allows for estimation error ({@code tolerance * upperBound})
 * @param converged whether the Lanczos run met its stopping rule
 */
public record EndToEndCheck(double[] epsilons, double sigmaMin, double sigmaMax, double lowerBound,
                            double upperBound, double slack, boolean converged) {

    /** {@code sigmaMax <= upperBound + slack}. */
    public boolean upperHolds() {
        return sigmaMax <= upperBound + slack;
    }

    /** {@code sigmaMin >= lowerBound - slack}. */
    public boolean lowerHolds() {
        return sigmaMin >= lowerBound - slack;
    }

    /**
     * Measures the stack of a staged network at the blocks' input {@code stem(x)}.
     *
     * @param x the network's input; not modified
     * @throws IllegalArgumentException when a block has no identity skip
     */
    public static EndToEndCheck of(Module model, Tensor x, boolean training, IterationOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        List<Block> blocks = Block.of(model);
        for (int t = 1; t <= blocks.size(); t++) {
            if (Block.staged(model).longSkipSource(t) >= 0) {
                throw new IllegalArgumentException("EndToEndCheck: the network has long skips (activation " + t
                        + " receives activation " + Block.staged(model).longSkipSource(t) + "); the bounds are about"
                        + " a chain of blocks I + J_F");
            }
        }
        boolean pure = true;
        for (Block b : blocks) {
            if (!b.identitySkip()) {
                throw new IllegalArgumentException("EndToEndCheck: block " + b + " has no identity skip; the bounds"
                        + " are about products of I + J_F");
            }
            pure &= b.activation() == Activation.Kind.IDENTITY;
        }
        try (BufferSnapshot ignored = new BufferSnapshot(model, training)) {
            Tensor h;
            try (Graph.NoGradScope off = Graph.noGrad()) {
                h = Block.staged(model).stem(x, training);
            }
            Tensor start = h;
            double[] eps = new double[blocks.size()];
            double upper = 1, lower = 1;
            for (int l = 0; l < blocks.size(); l++) {
                Block b = blocks.get(l);
                eps[l] = SpectralNorm.of(Autodiff.linearize(v -> b.scaledBranch(v, training), h), options).value();
                upper *= 1 + eps[l];
                lower *= Math.max(0, 1 - eps[l]);
                try (Graph.NoGradScope off = Graph.noGrad()) {
                    h = b.forward(h, training);
                }
            }
            ExtremeSingularValues.Result stack = ExtremeSingularValues.of(Autodiff.linearize(v -> {
                Tensor y = v;
                for (Block b : blocks) {
                    y = b.forward(y, training);
                }
                return y;
            }, start), options);
            return new EndToEndCheck(eps, stack.smallest(), stack.largest(), pure ? lower : 0, upper,
                    options.tolerance() * upper, stack.converged());
        }
    }
}
