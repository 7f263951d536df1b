package dev.residuum.stability;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * Weyl's inequality at one block: with {@code epsilon = ||J_{alpha F}||_2}, every singular value of
 * {@code I + J_{alpha F}} lies in {@code [1 - epsilon, 1 + epsilon]}. A skip keeps a block whose
 * branch is small ({@code epsilon < 1}) invertible and within {@code epsilon} of an isometry.
 *
 * <p>{@link #of(Block, Tensor, boolean, IterationOptions)} measures epsilon by power iteration on the
 * scaled branch and the extreme singular values of {@code I + J_{alpha F}} (the Jacobian of the sum
 * before the activation) by Lanczos, and checks the inclusion on those estimates, allowing
 * {@code slack = tolerance * (1 + epsilon)} for their own error (see {@link IterationOptions}).
 *
 * @param epsilon the branch's spectral norm {@code ||J_{alpha F}||_2} used for the bounds
 * @param sigmaMin the smallest singular value of {@code I + J_{alpha F}}
 * @param sigmaMax the largest one
 * @param slack what the comparison allows for estimation error
 * @param holds whether {@code 1 - epsilon - slack <= sigmaMin} and {@code sigmaMax <= 1 + epsilon + slack}
 */
public record WeylCheck(double epsilon, double sigmaMin, double sigmaMax, double slack, boolean holds) {

    /** Checks given values (an epsilon of your own, for instance). */
    public static WeylCheck of(double epsilon, double sigmaMin, double sigmaMax, double slack) {
        if (!(epsilon >= 0) || !(slack >= 0)) {
            throw new IllegalArgumentException("WeylCheck: epsilon and slack must be non-negative, got " + epsilon
                    + ", " + slack);
        }
        boolean holds = sigmaMin >= 1 - epsilon - slack && sigmaMax <= 1 + epsilon + slack;
        return new WeylCheck(epsilon, sigmaMin, sigmaMax, slack, holds);
    }

    /**
     * Measures and checks one block at its input {@code x}.
     *
     * @param block a block with an identity skip ({@link Block#identitySkip()})
     * @param x the block's input; not modified
     * @throws IllegalArgumentException for a block without an identity skip
     */
    public static WeylCheck of(Block block, Tensor x, boolean training, IterationOptions options) {
        Objects.requireNonNull(block, "block");
        if (!block.identitySkip()) {
            throw new IllegalArgumentException("WeylCheck: block " + block + " has no identity skip; the check is"
                    + " about I + J_F");
        }
        try (BufferSnapshot ignored = new BufferSnapshot(block.module(), training)) {
            double epsilon = SpectralNorm.of(Autodiff.linearize(h -> block.scaledBranch(h, training), x), options)
                    .value();
            ExtremeSingularValues.Result sum = ExtremeSingularValues.of(
                    Autodiff.linearize(h -> block.residualSum(h, training), x), options);
            return of(epsilon, sum.smallest(), sum.largest(), options.tolerance() * (1 + epsilon));
        }
    }

    /** {@code 1 - epsilon}. */
    public double lowerBound() {
        return 1 - epsilon;
    }

    /** {@code 1 + epsilon}. */
    public double upperBound() {
        return 1 + epsilon;
    }
}
