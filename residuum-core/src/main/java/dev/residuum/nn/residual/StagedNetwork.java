package dev.residuum.nn.residual;

import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.Map;

/**
 * A network that reads stem, then blocks in order, then head:
 * {@code forward(x) = head(b_L(... b_1(stem(x)))))}, so that an instrument can take every block's
 * input and output from one recorded forward pass (dev.residuum.stability does). With
 * {@link LongSkips}, the activation after block t also receives {@code h_{longSkipSource(t)}}.
 */
public interface StagedNetwork {
    /** Everything before the first block (the identity when there is nothing). */
    Tensor stem(Tensor x, boolean training);

    /** The blocks in order, keyed by their state_dict prefix ({@code layers.0}, {@code blocks.7}, ...). */
    Map<String, Module> blocks();

    /** Everything after the last block (the identity when there is nothing). */
    Tensor head(Tensor h, boolean training);

    /**
     * For t = 1 .. L: the index i of the activation {@code h_i} added to {@code h_t = b_t(h_{t-1})} by a
     * long skip, or -1 (the default: no long skips). {@code h_0} is the first block's input.
     */
    default int longSkipSource(int t) {
        return -1;
    }
}
