package dev.residuum.nn.residual;

import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * The skip path of a residual block: the identity where input and output shapes agree, a
 * learned projection where they do not.
 */
public abstract sealed class Shortcut extends Module permits Shortcut.Identity, Shortcut.Projection {

    private Shortcut() {
    }

    /** The identity {@code x -> x}. */
    public static Shortcut identity() {
        return new Identity();
    }

    /**
     * A learned projection (He et al.'s option B): a linear layer for vectors, a 1x1
     * convolution with normalisation for images.
     *
     * @param projection maps the block input to the branch's output shape; registered as {@code proj}
     */
    public static Shortcut projection(Module projection) {
        return new Projection(projection);
    }

    /** The identity shortcut. */
    public static final class Identity extends Shortcut {
        private Identity() {
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            return x;
        }
    }

    /** A learned projection shortcut. */
    public static final class Projection extends Shortcut {
        private final Module proj;

        private Projection(Module proj) {
            this.proj = child("proj", Objects.requireNonNull(proj, "projection"));
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            return proj.forward(x, training);
        }
    }
}
