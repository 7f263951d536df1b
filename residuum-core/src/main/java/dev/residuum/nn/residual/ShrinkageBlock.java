package dev.residuum.nn.residual;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Module;
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
 * with thresholds the block learns for each input ({@link ChannelThreshold}). Sub-modules:
 * {@code branch}, {@code threshold} ({@code threshold.fc1}, {@code threshold.fc2}),
 * {@code shortcut.proj} if any.
 */
public final class ShrinkageBlock extends Module {
    private final Module branch;
    private final ChannelThreshold threshold;
    private final Shortcut shortcut;
    private final Activation.Kind activation;

    /**
     * @param branch the residual function F; its output has {@code channels} on axis 1
     * @param channels C
     * @param shortcut the skip path
     * @param activation applied after the sum (ReLU in the paper; identity allowed)
     */
    public ShrinkageBlock(Module branch, int channels, Shortcut shortcut, Activation.Kind activation, Rng rng) {
        this.branch = child("branch", Objects.requireNonNull(branch, "branch"));
        this.threshold = child("threshold", new ChannelThreshold(channels, rng));
        Objects.requireNonNull(shortcut, "shortcut");
        this.shortcut = shortcut instanceof Shortcut.Identity ? shortcut : child("shortcut", shortcut);
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** The thresholds tau this block applies to {@code z = F(x)}, broadcastable to z. */
    public Tensor thresholds(Tensor z, boolean training) {
        return threshold.forward(z, training);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor z = branch.forward(x, training);
        Tensor shrunk = z.softThreshold(threshold.forward(z, training));
        Tensor s = shortcut.forward(x, training);
        if (!s.shape().equals(shrunk.shape())) {
            throw new ShapeException("ShrinkageBlock: branch output " + shrunk.shape() + " and shortcut output "
                    + s.shape() + " differ; use a projection shortcut where the shape changes");
        }
        return Activation.apply(activation, s.add(shrunk));
    }
}
