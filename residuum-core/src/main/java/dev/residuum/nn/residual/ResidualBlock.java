package dev.residuum.nn.residual;

import dev.residuum.autodiff.Arithmetic;
import dev.residuum.autodiff.Products;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.Sequential;
import dev.residuum.nn.ZeroInitializable;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * {@code out = act(shortcut(x) + alpha * F(x))}: the residual block in textbook form.
 *
 * <p>Sub-modules are named {@code branch} and (for a projection) {@code shortcut.proj}; a learned
 * scale is the parameter {@code alpha}. Build with {@link #builder()}.
 *
 * <p>A block {@code x + alpha * (W2 tanh(W1 x + b1) + b2)} (identity shortcut, learned scalar scale,
 * branch {@code Sequential(Linear, tanh, Linear)} without adapters: ReZero's residual MLP) runs as
 * one primitive, {@link Products#residualTanhMlp}; its names, parameters and forward values are
 * those of the modules, its gradients theirs up to float rounding.
 */
public final class ResidualBlock extends Module {
    private final Module branch;
    private final Shortcut shortcut;
    private final ResidualScale scale;
    private final Parameter alpha;
    private final Activation.Kind activation;

    private ResidualBlock(Builder b) {
        this.branch = child("branch", b.branch);
        this.shortcut = b.shortcut instanceof Shortcut.Identity ? b.shortcut : child("shortcut", b.shortcut);
        this.scale = b.scale;
        this.activation = b.activation;
        this.alpha = switch (scale) {
            case FIXED -> null;
            case SCALAR -> parameter("alpha", Tensor.full(dev.residuum.tensor.Shape.SCALAR, b.alphaInit));
            case PER_CHANNEL -> parameter("alpha", Tensor.full(dev.residuum.tensor.Shape.of(b.channels), b.alphaInit));
        };
        if (b.zeroInitLast) {
            ZeroInitializable.zeroInitLast(branch, "ResidualBlock");
        }
    }

    /** A builder; {@link Builder#branch} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The residual branch F. */
    public Module branch() {
        return branch;
    }

    /** The learned scale, or null when fixed at 1. */
    public Parameter alpha() {
        return alpha;
    }

    /** The skip path ({@link Shortcut.Identity} unless a projection was given). */
    public Shortcut shortcut() {
        return shortcut;
    }

    /** The activation applied after the sum (identity unless set). */
    public Activation.Kind activation() {
        return activation;
    }

    /** The branch output F(x) (recorded, so gradients flow). */
    public Tensor branchOutput(Tensor x, boolean training) {
        return branch.forward(x, training);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Linear[] mlp = scale == ResidualScale.SCALAR && activation == Activation.Kind.IDENTITY
                && shortcut instanceof Shortcut.Identity ? tanhMlp(branch, x) : null;
        if (mlp != null) {
            return Products.residualTanhMlp(x, mlp[0].weight().value(), value(mlp[0].bias()),
                    mlp[1].weight().value(), value(mlp[1].bias()), alpha.value());
        }
        Tensor f = branch.forward(x, training);
        Tensor s = shortcut.forward(x, training);
        if (!f.shape().equals(s.shape())) {
            throw new ShapeException("ResidualBlock: branch output " + f.shape() + " and shortcut output "
                    + s.shape() + " differ; use a projection shortcut where the shape changes");
        }
        Tensor sum = switch (scale) {
            case FIXED -> s.add(f);
            case SCALAR -> Arithmetic.residualAdd(s, alpha.value(), f);
            case PER_CHANNEL -> s.add(f.mul(channelAlpha(f)));
        };
        return Activation.apply(activation, sum);
    }

    /**
     * The two layers of a branch {@code Linear, tanh, Linear} (no adapters, square overall, taking
     * {@code x} as it is), which {@link Products#residualTanhMlp} runs with the sum as one
     * primitive; null for any other branch.
     */
    private static Linear[] tanhMlp(Module branch, Tensor x) {
        if (!(branch instanceof Sequential seq) || seq.size() != 3
                || !(seq.get(0) instanceof Linear first) || first.isAdapted()
                || !(seq.get(1) instanceof Activation act) || act.kind() != Activation.Kind.TANH
                || !(seq.get(2) instanceof Linear second) || second.isAdapted()) {
            return null;
        }
        boolean fits = x.shape().rank() == 2 && x.shape().dim(1) == first.inFeatures()
                && second.inFeatures() == first.outFeatures() && second.outFeatures() == first.inFeatures();
        return fits ? new Linear[] {first, second} : null;
    }

    private static Tensor value(Parameter p) {
        return p == null ? null : p.value();
    }

    private Tensor channelAlpha(Tensor f) {
        int rank = f.shape().rank();
        Tensor a = alpha.value();
        if (rank < 2 || f.shape().dim(1) != a.numel()) {
            throw new ShapeException("ResidualBlock: per-channel alpha has " + a.numel()
                    + " channels but the branch output is " + f.shape() + " (channels on axis 1)");
        }
        if (rank == 2) {
            return a;
        }
        int[] dims = new int[rank - 1];
        java.util.Arrays.fill(dims, 1);
        dims[0] = a.numel();
        return a.reshape(dims);
    }

    /** Options of a residual block. */
    public static final class Builder {
        private Module branch;
        private Shortcut shortcut = Shortcut.identity();
        private ResidualScale scale = ResidualScale.FIXED;
        private float alphaInit = 0f;
        private int channels;
        private Activation.Kind activation = Activation.Kind.IDENTITY;
        private boolean zeroInitLast;

        private Builder() {
        }

        /** Required: the residual function F. */
        public Builder branch(Module f) {
            this.branch = Objects.requireNonNull(f, "branch");
            return this;
        }

        /** The skip path (default identity). */
        public Builder shortcut(Shortcut s) {
            this.shortcut = Objects.requireNonNull(s, "shortcut");
            return this;
        }

        /** alpha = 1, not learned (the default). */
        public Builder fixedScale() {
            this.scale = ResidualScale.FIXED;
            return this;
        }

        /** One learned scalar alpha, initialised at {@code init} (ReZero: 0). */
        public Builder scalarScale(float init) {
            this.scale = ResidualScale.SCALAR;
            this.alphaInit = init;
            return this;
        }

        /** One learned alpha per channel (axis 1 of F(x)), initialised at {@code init}. */
        public Builder perChannelScale(int channels, float init) {
            if (channels < 1) {
                throw new IllegalArgumentException("perChannelScale: channels must be positive, got " + channels);
            }
            this.scale = ResidualScale.PER_CHANNEL;
            this.channels = channels;
            this.alphaInit = init;
            return this;
        }

        /** The activation after the sum (default identity; ReLU in He et al.'s image blocks). */
        public Builder activation(Activation.Kind kind) {
            this.activation = Objects.requireNonNull(kind, "activation");
            return this;
        }

        /** Zero-initialise the branch's last zero-initialisable layer, so F(x) = 0 at the start. */
        public Builder zeroInitLast(boolean flag) {
            this.zeroInitLast = flag;
            return this;
        }

        /**
         * @throws IllegalStateException without a branch
         * @throws IllegalArgumentException for a learned alpha initialised at 0 together with
         *     zeroInitLast: both factors of alpha * F(x) would start at 0 and neither would ever
         *     get a gradient
         */
        public ResidualBlock build() {
            if (branch == null) {
                throw new IllegalStateException("ResidualBlock.builder(): branch(...) is required");
            }
            if (zeroInitLast && scale != ResidualScale.FIXED && alphaInit == 0f) {
                throw new IllegalArgumentException("ResidualBlock: zeroInitLast with a learned alpha initialised at 0"
                        + " makes alpha * F(x) start at 0 with zero gradient for both factors, so neither ever"
                        + " learns; use one of the two");
            }
            return new ResidualBlock(this);
        }
    }
}
