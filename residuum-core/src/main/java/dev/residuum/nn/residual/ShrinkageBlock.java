package dev.residuum.nn.residual;

import dev.residuum.autodiff.Reductions;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Rng;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * Residual shrinkage block with channel-wise thresholds (DRSN-CW, Zhao et al. 2020):
 * <pre>
 *   z   = F(x)                                   [N, C, ...]
 *   m   = mean over positions of |z|             [N, C]
 *   a   = sigmoid(FC(ReLU(FC(m))))               [N, C], in (0, 1)
 *   tau = a * m                                  per sample and channel, 0 &lt; tau &lt; mean|z|
 *   out = act(shortcut(x) + softThreshold(z, tau))
 * </pre>
 * Soft thresholding zeroes the small (noise-like) features of the branch and shrinks the rest,
 * with thresholds the block learns for each input. Sub-modules: {@code branch}, {@code threshold}
 * (the two FC layers as {@code threshold.0}, {@code threshold.2}), {@code shortcut.proj} if any.
 */
public final class ShrinkageBlock extends Module {
    private final Module branch;
    private final Sequential threshold;
    private final Shortcut shortcut;
    private final Activation.Kind activation;
    private final int channels;

    /**
     * @param branch the residual function F; its output has {@code channels} on axis 1
     * @param channels C
     * @param shortcut the skip path
     * @param activation applied after the sum (ReLU in the paper; identity allowed)
     */
    public ShrinkageBlock(Module branch, int channels, Shortcut shortcut, Activation.Kind activation, Rng rng) {
        if (channels < 1) {
            throw new IllegalArgumentException("ShrinkageBlock: channels must be positive, got " + channels);
        }
        this.channels = channels;
        this.branch = child("branch", Objects.requireNonNull(branch, "branch"));
        this.threshold = child("threshold", new Sequential(
                new Linear(channels, channels, true, rng),
                new Activation(Activation.Kind.RELU),
                new Linear(channels, channels, true, rng)));
        Objects.requireNonNull(shortcut, "shortcut");
        this.shortcut = shortcut instanceof Shortcut.Identity ? shortcut : child("shortcut", shortcut);
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** The thresholds tau {@code [N, C]} this block applies to {@code z = F(x)}. */
    public Tensor thresholds(Tensor z, boolean training) {
        if (z.shape().rank() < 2 || z.shape().dim(1) != channels) {
            throw new ShapeException("ShrinkageBlock: branch output " + z.shape() + " must be [N, " + channels
                    + ", ...]");
        }
        Tensor absZ = z.abs();
        int rank = z.shape().rank();
        Tensor m = absZ;
        if (rank > 2) {
            int[] positions = new int[rank - 2];
            for (int i = 0; i < positions.length; i++) positions[i] = i + 2;
            m = Reductions.mean(absZ, positions, false);
        }
        Tensor a = threshold.forward(m, training).sigmoid();
        return a.mul(m);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor z = branch.forward(x, training);
        Tensor tau = thresholds(z, training);
        int rank = z.shape().rank();
        if (rank > 2) {
            int[] dims = new int[rank];
            java.util.Arrays.fill(dims, 1);
            dims[0] = z.shape().dim(0);
            dims[1] = channels;
            tau = tau.reshape(dims);
        }
        Tensor shrunk = z.softThreshold(tau);
        Tensor s = shortcut.forward(x, training);
        if (!s.shape().equals(shrunk.shape())) {
            throw new ShapeException("ShrinkageBlock: branch output " + shrunk.shape() + " and shortcut output "
                    + s.shape() + " differ; use a projection shortcut where the shape changes");
        }
        return Activation.apply(activation, s.add(shrunk));
    }
}
