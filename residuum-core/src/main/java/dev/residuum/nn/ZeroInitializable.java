package dev.residuum.nn;

/**
 * A layer that can make its output zero at initialisation (a linear layer zeroes its weight and
 * bias, a normalisation layer its gain). A residual block with {@code zeroInitLast} applies this
 * to the last such layer of its branch, so that the block starts as its shortcut.
 */
public interface ZeroInitializable {
    /** Sets the parameters so that the layer's output is zero. */
    void zeroInit();
}
