package dev.residuum.nn;

/**
 * A layer that can make its output zero at initialisation (a linear layer zeroes its weight and
 * bias, a normalisation layer its gain). A residual block with {@code zeroInitLast} applies this
 * to the last such layer of its branch, so that the block starts as its shortcut.
 */
public interface ZeroInitializable {
    /** Sets the parameters so that the layer's output is zero. */
    void zeroInit();

    /**
     * Zeroes the last zero-initialisable layer of {@code branch} (in registration order), so that
     * a residual block over it starts as its shortcut. {@code branch}'s parameters are modified.
     *
     * @param who the block, for the message
     * @throws IllegalArgumentException when the branch has no such layer
     */
    static void zeroInitLast(Module branch, String who) {
        ZeroInitializable last = null;
        for (Module m : branch.namedModules().values()) {
            if (m instanceof ZeroInitializable z) {
                last = z;
            }
        }
        if (last == null) {
            throw new IllegalArgumentException(who + ": zeroInitLast needs a branch with a layer that can be"
                    + " zero-initialised (Linear, normalisation); this branch has none");
        }
        last.zeroInit();
    }
}
