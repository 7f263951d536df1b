package dev.residuum.stability;

import dev.residuum.nn.Activation;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.residual.BasicBlock;
import dev.residuum.nn.residual.ResidualBlock;
import dev.residuum.nn.residual.Shortcut;
import dev.residuum.nn.residual.StagedNetwork;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One block of a network as the instruments see it, {@code y = act(skip(x) + alpha * F(x))}: its
 * {@code state_dict} prefix, its map, its branch {@code F}, its scale {@code alpha}, its skip.
 *
 * <p>A {@link ResidualBlock} or a {@link BasicBlock} (skip, branch and alpha as they define them);
 * any other module is a plain block without a skip, whose branch is the whole block (the blocks of
 * a plain {@code ResidualMlp}).
 */
public final class Block {
    private final String name;
    private final Module module;

    private Block(String name, Module module) {
        this.name = Objects.requireNonNull(name, "name");
        this.module = Objects.requireNonNull(module, "module");
    }

    /** The block {@code module} registered under {@code name}. */
    public static Block of(String name, Module module) {
        return new Block(name, module);
    }

    /**
     * The blocks of a network that is a {@link StagedNetwork} (CifarResNet, ResidualMlp), in order.
     *
     * @throws IllegalArgumentException for any other module
     */
    public static List<Block> of(Module network) {
        List<Block> out = new ArrayList<>();
        staged(network).blocks().forEach((n, m) -> out.add(new Block(n, m)));
        if (out.isEmpty()) {
            throw new IllegalArgumentException("Block.of: the network has no blocks");
        }
        return out;
    }

    /** {@code model} as a staged network, or an exception that says what is needed. */
    static StagedNetwork staged(Module model) {
        if (Objects.requireNonNull(model, "model") instanceof StagedNetwork s) {
            return s;
        }
        throw new IllegalArgumentException("stability: " + model.getClass().getSimpleName() + " is not a"
                + " StagedNetwork (stem, blocks, head), so its blocks' inputs cannot be taken from one forward pass;"
                + " use CifarResNet or ResidualMlp, or implement StagedNetwork");
    }

    /** The {@code state_dict} prefix ({@code layers.3}, {@code blocks.0}). */
    public String name() {
        return name;
    }

    /** The module. */
    public Module module() {
        return module;
    }

    /** The learned scale, or null (fixed at 1, or a plain block). */
    public Parameter alpha() {
        if (module instanceof ResidualBlock r) {
            return r.alpha();
        }
        return module instanceof BasicBlock b ? b.alpha() : null;
    }

    /** Whether the block has a skip connection. */
    public boolean hasSkip() {
        return module instanceof ResidualBlock || module instanceof BasicBlock b && b.hasShortcut();
    }

    /** Whether the skip is the identity, so that {@code J = D (I + J_{alpha F})} (D the activation's). */
    public boolean identitySkip() {
        if (module instanceof ResidualBlock r) {
            return r.shortcut() instanceof Shortcut.Identity;
        }
        return module instanceof BasicBlock b && b.identityShortcut();
    }

    /** The activation after the sum: ReLU in a {@link BasicBlock}, as built in a {@link ResidualBlock}. */
    public Activation.Kind activation() {
        if (module instanceof ResidualBlock r) {
            return r.activation();
        }
        if (module instanceof BasicBlock) {
            return Activation.Kind.RELU;
        }
        return Activation.Kind.IDENTITY;
    }

    /** Parameters of the block, in registration order. */
    public List<Parameter> parameters() {
        return module.parameters();
    }

    /** The block's output. @param x not modified */
    public Tensor forward(Tensor x, boolean training) {
        return module.forward(x, training);
    }

    /** The branch F(x), before alpha; the whole block for a plain one. @param x not modified */
    public Tensor branch(Tensor x, boolean training) {
        if (module instanceof ResidualBlock r) {
            return r.branchOutput(x, training);
        }
        return module instanceof BasicBlock b ? b.branchOutput(x, training) : module.forward(x, training);
    }

    /** {@code alpha * F(x)}: the branch as it is added ({@code F(x)} when alpha is fixed). */
    public Tensor scaledBranch(Tensor x, boolean training) {
        Tensor f = branch(x, training);
        Parameter a = alpha();
        return a == null ? f : f.mul(alongChannels(a.value(), f));
    }

    /**
     * {@code x + alpha * F(x)}, the sum before the activation, whose Jacobian is {@code I + J_{alpha F}}.
     *
     * @throws IllegalArgumentException for a block without an identity skip
     */
    public Tensor residualSum(Tensor x, boolean training) {
        if (!identitySkip()) {
            throw new IllegalArgumentException("Block " + name + ": has no identity skip, so I + J_F is not its"
                    + " Jacobian (plain block, projection or zero-padded shortcut); measure it with forward()");
        }
        return x.add(scaledBranch(x, training));
    }

    /** alpha shaped to broadcast against {@code f}: a scalar as is, one per channel on axis 1. */
    static Tensor alongChannels(Tensor alpha, Tensor f) {
        if (alpha.numel() == 1 && alpha.shape().rank() == 0) {
            return alpha;
        }
        int rank = f.shape().rank();
        if (rank < 2 || f.shape().dim(1) != alpha.numel()) {
            throw new ShapeException("Block: alpha of " + alpha.numel() + " channels does not fit a branch output "
                    + f.shape() + " (channels on axis 1)");
        }
        if (rank == 2) {
            return alpha;
        }
        int[] dims = new int[rank - 1];
        Arrays.fill(dims, 1);
        dims[0] = alpha.numel();
        return alpha.reshape(dims);
    }

    @Override
    public String toString() {
        return name + " (" + module.getClass().getSimpleName() + ")";
    }
}
