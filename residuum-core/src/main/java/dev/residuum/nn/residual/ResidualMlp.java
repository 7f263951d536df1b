package dev.residuum.nn.residual;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Init;
import dev.residuum.nn.LayerNorm;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Residual MLPs: an optional input layer, {@code depth} blocks of width {@code width}, an
 * optional output layer. Each block is {@code x + alpha * W2 act(W1 x)} (with skips) or
 * {@code W2 act(W1 x)} (the plain twin, same layers, no skip, no alpha).
 *
 * <pre>{@code
 * Module net = ResidualMlp.builder().inputs(16).width(64).depth(1000).outputs(1)
 *         .activation(Activation.Kind.TANH).scale(ResidualScale.SCALAR).build(new Rng(0));
 * }</pre>
 *
 * The model is a {@link StagedNetwork} (input layer, blocks, output layer), optionally with
 * {@link LongSkips} across blocks (they add no parameters).
 *
 * <p>The fully connected nets of the ReZero authors' notebook are the one-layer-branch variant
 * ({@link Builder#singleLayerBranch}): {@code x + alpha relu(W x + b)}, optionally followed by a
 * LayerNorm ({@link Builder#postNorm}), with He-normal weights ({@link Builder#heInit}).
 *
 * Names: {@code input.weight}, {@code blocks.7.branch.0.weight}, {@code blocks.7.alpha},
 * {@code output.bias}; with {@link Builder#postNorm} the block is {@code blocks.7.0} and its norm
 * {@code blocks.7.1}; a one-layer branch has {@code branch.0} only.
 */
public final class ResidualMlp {
    private ResidualMlp() {
    }

    /** A builder with defaults: width 64, depth 4, tanh, fixed scale, skips on, biases on. */
    public static Builder builder() {
        return new Builder();
    }

    /** The model: {@code input}, {@code blocks}, {@code output} applied in order. */
    private static final class Net extends Module implements StagedNetwork {
        private final Module input;
        private final Sequential blocks;
        private final Module output;
        private final int[] longSkipSources;
        private final List<Module> blockList = new ArrayList<>();
        private final boolean flatten;

        Net(Module input, Sequential blocks, Module output, LongSkips longSkips, boolean flatten) {
            this.flatten = flatten;
            this.input = input == null ? null : child("input", input);
            this.blocks = child("blocks", blocks);
            this.output = output == null ? null : child("output", output);
            this.longSkipSources = longSkips.enabled() ? longSkips.sources(blocks.size(), 0) : null;
            for (int i = 0; i < blocks.size(); i++) {
                blockList.add(blocks.get(i));
            }
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            Tensor h = stem(x, training);
            if (longSkipSources == null) {
                return head(blocks.forward(h, training), training);
            }
            return head(LongSkips.run(blockList, longSkipSources, h, training), training);
        }

        @Override
        public Tensor stem(Tensor x, boolean training) {
            Tensor in = flatten ? x.reshape(x.shape().dim(0), x.numel() / x.shape().dim(0)) : x;
            return input == null ? in : input.forward(in, training);
        }

        @Override
        public Map<String, Module> blocks() {
            return blocks.byName("blocks");
        }

        @Override
        public Tensor head(Tensor h, boolean training) {
            return output == null ? h : output.forward(h, training);
        }

        @Override
        public int longSkipSource(int t) {
            return longSkipSources == null ? -1 : longSkipSources[t];
        }
    }

    /** Options; every default is set here. */
    public static final class Builder {
        private int inputs;
        private int width = 64;
        private int depth = 4;
        private int outputs;
        private Activation.Kind activation = Activation.Kind.TANH;
        private ResidualScale scale = ResidualScale.FIXED;
        private boolean skips = true;
        private boolean bias = true;
        private boolean zeroInitLast;
        private float alphaInit;
        private boolean singleLayerBranch;
        private boolean postNorm;
        private boolean heInit;
        private LongSkips longSkips = LongSkips.NONE;
        private boolean flattenInput;

        private Builder() {
        }

        /** Input features; 0 (default) means none: inputs have {@code width} features already. */
        public Builder inputs(int n) { this.inputs = nonNegative("inputs", n); return this; }
        /** Width of every block (default 64). */
        public Builder width(int n) { this.width = positive("width", n); return this; }
        /** Number of blocks (default 4). */
        public Builder depth(int n) { this.depth = positive("depth", n); return this; }
        /** Output features; 0 (default) means no output layer. */
        public Builder outputs(int n) { this.outputs = nonNegative("outputs", n); return this; }
        /** Non-linearity inside each block (default tanh). */
        public Builder activation(Activation.Kind k) { this.activation = Objects.requireNonNull(k, "activation"); return this; }
        /** Branch scale (default fixed at 1). */
        public Builder scale(ResidualScale s) { this.scale = Objects.requireNonNull(s, "scale"); return this; }
        /** With skips (default) or the plain twin without them. */
        public Builder skips(boolean on) { this.skips = on; return this; }
        /** Biases in the block layers (default on). */
        public Builder bias(boolean on) { this.bias = on; return this; }
        /** Zero-initialise each block's second layer (with a fixed scale only). */
        public Builder zeroInitLast(boolean on) { this.zeroInitLast = on; return this; }
        /** The initial value of a learned alpha (default 0: ReZero). */
        public Builder alphaInit(float a) { this.alphaInit = a; return this; }
        /** One layer per branch, {@code act(W x + b)}, instead of {@code W2 act(W1 x)} (default off). */
        public Builder singleLayerBranch(boolean on) { this.singleLayerBranch = on; return this; }
        /** A LayerNorm after each block's sum (post-norm; default off). */
        public Builder postNorm(boolean on) { this.postNorm = on; return this; }
        /** Block weights He-normal, std {@code sqrt(2 / width)}, instead of PyTorch's default (default off). */
        public Builder heInit(boolean on) { this.heInit = on; return this; }
        /** Flatten each sample ({@code [N, C, H, W]} images to {@code [N, C*H*W]}) before the input layer (default off). */
        public Builder flattenInput(boolean on) { this.flattenInput = on; return this; }
        /** Long skips across blocks (default none). */
        public Builder longSkips(LongSkips l) { this.longSkips = Objects.requireNonNull(l, "longSkips"); return this; }

        /** Builds the network; all randomness from {@code rng}. */
        public Module build(Rng rng) {
            Objects.requireNonNull(rng, "rng");
            if (postNorm && !skips) {
                throw new IllegalArgumentException("ResidualMlp: postNorm normalises each block's residual sum; the"
                        + " plain twin (skips off) has none");
            }
            Module in = inputs > 0 ? new Linear(inputs, width, true, rng) : null;
            List<Module> blocks = new ArrayList<>(depth);
            for (int i = 0; i < depth; i++) {
                Sequential branch = branch(rng);
                if (!skips) {
                    blocks.add(branch);
                    continue;
                }
                ResidualBlock.Builder b = ResidualBlock.builder().branch(branch).zeroInitLast(zeroInitLast);
                switch (scale) {
                    case FIXED -> b.fixedScale();
                    case SCALAR -> b.scalarScale(alphaInit);
                    case PER_CHANNEL -> b.perChannelScale(width, alphaInit);
                }
                blocks.add(postNorm ? new Sequential(b.build(), new LayerNorm(width)) : b.build());
            }
            Module out = outputs > 0 ? new Linear(width, outputs, true, rng) : null;
            return new Net(in, new Sequential(blocks), out, longSkips, flattenInput);
        }

        private Sequential branch(Rng rng) {
            Linear first = new Linear(width, width, bias, rng);
            if (heInit) {
                Init.kaimingNormal(first.weight().value(), width, rng);
            }
            if (singleLayerBranch) {
                return new Sequential(first, new Activation(activation));
            }
            Linear second = new Linear(width, width, bias, rng);
            if (heInit) {
                Init.kaimingNormal(second.weight().value(), width, rng);
            }
            return new Sequential(first, new Activation(activation), second);
        }

        private static int positive(String what, int n) {
            if (n < 1) {
                throw new IllegalArgumentException("ResidualMlp: " + what + " must be at least 1, got " + n);
            }
            return n;
        }

        private static int nonNegative(String what, int n) {
            if (n < 0) {
                throw new IllegalArgumentException("ResidualMlp: " + what + " must be 0 (none) or positive, got " + n);
            }
            return n;
        }
    }
}
