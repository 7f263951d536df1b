package dev.residuum.nn.residual;

import dev.residuum.autodiff.Graph;
import dev.residuum.autodiff.Reductions;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.BatchNorm;
import dev.residuum.nn.Conv2d;
import dev.residuum.nn.Init;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * CIFAR-style ResNet-(6n+2) of He et al. 2015 (sec. 4.2) and its plain twin: a 3x3 conv to 16
 * channels with BN and ReLU, three stages of n {@link BasicBlock}s with 16, 32, 64 channels
 * (stride 2 at the start of stages 2 and 3), global average pooling and a linear classifier.
 * Parameter and buffer names equal the PyTorch reference's {@code state_dict} keys
 * ({@code conv.weight}, {@code bn.running_mean}, {@code layers.4.conv1.weight},
 * {@code layers.3.proj.0.weight}, {@code fc.bias}).
 */
public final class CifarResNet extends Module implements StagedNetwork {
    /** The shortcut where the shape changes; {@code NONE} makes the plain network (no skips at all). */
    public enum ShortcutKind { A, B, NONE }

    /**
     * The architecture.
     *
     * @param depth 6n + 2 (20, 32, 44, 56, 110, 1202, ...)
     * @param shortcut A (subsample + zero-padded channels, parameter-free; He et al.'s CIFAR choice),
     *     B (1x1 conv + BN projection) or NONE (plain)
     * @param inChannels image channels (1 for Fashion-MNIST, 3 for CIFAR)
     * @param classes outputs of the classifier
     * @param zeroInitResidual start each block's last BN gain at 0 (the block starts as its shortcut)
     * @param rezero a learned scalar alpha per block, initialised at 0
     * @param shrinkage soft-threshold the branch with learned channel-wise thresholds (DRSN-CW)
     * @param longSkips long skips across blocks inside each stage (no parameters: same state_dict)
     */
    public record Config(int depth, ShortcutKind shortcut, int inChannels, int classes, boolean zeroInitResidual,
                         boolean rezero, boolean shrinkage, LongSkips longSkips) {
        public Config {
            Objects.requireNonNull(shortcut, "shortcut");
            Objects.requireNonNull(longSkips, "longSkips");
            if (depth < 8 || (depth - 2) % 6 != 0) {
                throw new IllegalArgumentException("CIFAR ResNet depth must be 6n+2 with n >= 1 (20, 32, 44, 56, 110,"
                        + " 1202, ...), got " + depth);
            }
            if (inChannels < 1 || classes < 1) {
                throw new IllegalArgumentException("CIFAR ResNet: inChannels and classes must be positive, got "
                        + inChannels + ", " + classes);
            }
            if (rezero && zeroInitResidual) {
                throw new IllegalArgumentException("CIFAR ResNet: rezero and zeroInitResidual both start the branch"
                        + " at 0 and then neither alpha nor the BN gain gets a gradient; choose one");
            }
        }

        /** Without long skips. */
        public Config(int depth, ShortcutKind shortcut, int inChannels, int classes, boolean zeroInitResidual,
                      boolean rezero, boolean shrinkage) {
            this(depth, shortcut, inChannels, classes, zeroInitResidual, rezero, shrinkage, LongSkips.NONE);
        }

        /** resnetN with shortcut A, or plainN, for 1-channel 10-class images. */
        public static Config of(String name) {
            String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
            boolean residual = n.startsWith("resnet");
            if (!residual && !n.startsWith("plain")) {
                throw new IllegalArgumentException("unknown model '" + name + "'; use resnetN or plainN with N = 6n+2"
                        + " (resnet20, resnet56, plain20, ...)");
            }
            int depth;
            try {
                depth = Integer.parseInt(n.substring(residual ? 6 : 5));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unknown model '" + name + "'; use resnetN or plainN with N = 6n+2"
                        + " (resnet20, resnet56, plain20, ...)");
            }
            return new Config(depth, residual ? ShortcutKind.A : ShortcutKind.NONE, 1, 10, false, false, false);
        }

        /**
         * The architecture a {@code train} run records in its weights' metadata ({@code model}):
         * {@code resnetN|plainN [--shortcut A|B] [--rezero] [--zero-init-residual] [--long-skips every:K|u]}.
         *
         * @throws IllegalArgumentException naming what is not understood
         */
        public static Config ofSpec(String spec) {
            String[] words = spec.trim().split("\\s+");
            Config c = of(words[0]);
            for (int i = 1; i < words.length; i++) {
                switch (words[i]) {
                    case "--shortcut" -> {
                        String kind = i + 1 < words.length ? words[++i].toUpperCase(Locale.ROOT) : "";
                        if (c.shortcut() != ShortcutKind.NONE && (kind.equals("A") || kind.equals("B"))) {
                            c = c.withShortcut(ShortcutKind.valueOf(kind));
                        } else {
                            throw new IllegalArgumentException("model '" + spec + "': --shortcut A or B of a resnet");
                        }
                    }
                    case "--rezero" -> c = c.withReZero(true);
                    case "--zero-init-residual" -> c = c.withZeroInitResidual(true);
                    case "--long-skips" -> {
                        if (i + 1 >= words.length) {
                            throw new IllegalArgumentException("model '" + spec + "': --long-skips needs every:K or u");
                        }
                        c = c.withLongSkips(LongSkips.parse(words[++i]));
                    }
                    default -> throw new IllegalArgumentException("model '" + spec + "': unknown option '" + words[i] + "'");
                }
            }
            return c;
        }

        /**
         * The architecture whose {@code state_dict} has these tensor names: the depth from the
         * number of blocks ({@code layers.K.conv1.weight}), shortcut B where projections
         * ({@code layers.K.proj.*}) are present, ReZero where {@code layers.K.alpha} is. Shortcut A
         * and the plain net hold the same tensors (A has no parameters): this answers A.
         *
         * @throws IllegalArgumentException when the names are not those of a CIFAR-style ResNet
         */
        public static Config inferFrom(java.util.Collection<String> names) {
            int blocks = 0;
            boolean b = false, rezero = false, shrink = false;
            for (String name : names) {
                if (name.startsWith("layers.")) {
                    int dot = name.indexOf('.', 7);
                    try {
                        blocks = Math.max(blocks, 1 + Integer.parseInt(name.substring(7, dot < 0 ? name.length() : dot)));
                    } catch (NumberFormatException e) {
                        throw notResNet(name);
                    }
                    String rest = dot < 0 ? "" : name.substring(dot + 1);
                    b |= rest.startsWith("proj.");
                    rezero |= rest.equals("alpha");
                    shrink |= rest.startsWith("shrink.");
                }
            }
            if (blocks == 0 || blocks % 3 != 0 || !names.contains("conv.weight") || !names.contains("fc.weight")) {
                throw notResNet(names.isEmpty() ? "(no tensors)" : names.iterator().next());
            }
            return new Config(2 * blocks + 2, b ? ShortcutKind.B : ShortcutKind.A, 1, 10, false, rezero, shrink);
        }

        private static IllegalArgumentException notResNet(String name) {
            return new IllegalArgumentException("not the weights of a CIFAR-style resnetN / plainN (tensor '" + name
                    + "'; expected conv.weight, layers.K.conv1.weight, ..., fc.weight)");
        }

        /** What a user names this architecture: {@code resnet20}, {@code plain56}, with the options that change it. */
        public String describe() {
            return (shortcut == ShortcutKind.NONE ? "plain" : "resnet") + depth
                    + (shortcut == ShortcutKind.B ? " --shortcut B" : "") + (rezero ? " --rezero" : "")
                    + (shrinkage ? " (with shrinkage)" : "");
        }

        /** This configuration with shortcut {@code s} where a stage changes the shape (A: zero-padded identity, B: 1x1 projection). */
        public Config withShortcut(ShortcutKind s) {
            return new Config(depth, s, inChannels, classes, zeroInitResidual, rezero, shrinkage, longSkips);
        }

        /** This configuration for images of {@code channels} channels and {@code outClasses} classes. */
        public Config withInput(int channels, int outClasses) {
            return new Config(depth, shortcut, channels, outClasses, zeroInitResidual, rezero, shrinkage, longSkips);
        }

        /** This configuration with the last batch-norm gain of every residual branch starting at 0 or not. */
        public Config withZeroInitResidual(boolean on) {
            return new Config(depth, shortcut, inChannels, classes, on, rezero, shrinkage, longSkips);
        }

        /** This configuration with or without a learned scalar per block starting at 0 (ReZero). */
        public Config withReZero(boolean on) {
            return new Config(depth, shortcut, inChannels, classes, zeroInitResidual, on, shrinkage, longSkips);
        }

        /** This configuration with or without a soft-threshold shrinkage on every residual branch. */
        public Config withShrinkage(boolean on) {
            return new Config(depth, shortcut, inChannels, classes, zeroInitResidual, rezero, on, longSkips);
        }

        /** This configuration with long skips {@code l} across blocks inside each stage. */
        public Config withLongSkips(LongSkips l) {
            return new Config(depth, shortcut, inChannels, classes, zeroInitResidual, rezero, shrinkage, l);
        }
    }

    private final Conv2d conv;
    private final BatchNorm bn;
    private final Sequential layers;
    private final Linear fc;
    private final Config config;
    private final int[] longSkipSources;
    private final List<Module> blockList;

    /** Builds the network; convolutions are Kaiming-normal (fan-out, ReLU) as in the reference. */
    public CifarResNet(Config config, Rng rng) {
        this.config = Objects.requireNonNull(config, "config");
        conv = child("conv", new Conv2d(config.inChannels(), 16, 3, 1, 1, false, rng));
        Init.kaimingNormal(conv.weight().value(), 16 * 9, rng);
        bn = child("bn", new BatchNorm(16));
        int n = (config.depth() - 2) / 6;
        List<Module> blocks = new ArrayList<>();
        int cin = 16;
        int[] widths = {16, 32, 64};
        for (int stage = 0; stage < 3; stage++) {
            for (int i = 0; i < n; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                blocks.add(new BasicBlock(cin, widths[stage], stride, config, rng));
                cin = widths[stage];
            }
        }
        layers = child("layers", new Sequential(blocks));
        blockList = List.copyOf(blocks);
        // activations of one shape: h_0 .. h_n (stage 1), h_{n+1} .. h_{2n}, h_{2n+1} .. h_{3n}
        longSkipSources = config.longSkips().enabled() ? config.longSkips().sources(3 * n, 0, n + 1, 2 * n + 1) : null;
        fc = child("fc", new Linear(64, config.classes(), true, rng));
    }

    /** The architecture. */
    public Config config() {
        return config;
    }

    /**
     * In evaluation with nothing recorded, a network of textbook blocks on oneDNN runs its blocks a
     * few images at a time in oneDNN's channel-blocked layout (no reorder between layers), with the
     * logits of the layers run one at a time bit for bit ({@code BlockedInference}).
     *
     * @param x {@code [N, inChannels, H, W]}
     * @return logits {@code [N, classes]}
     */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.shape().rank() != 4 || x.shape().dim(1) != config.inChannels()) {
            throw new ShapeException("CifarResNet: expected images [N, " + config.inChannels() + ", H, W], got "
                    + x.shape());
        }
        Tensor h = stem(x, training);
        if (longSkipSources == null && !training && !Graph.isGradEnabled()) { // nothing to record
            Tensor out = BlockedInference.forward(basicBlocks(), h);
            if (out != null) {
                return head(out, false);
            }
        }
        return head(longSkipSources == null ? layers.forward(h, training)
                : LongSkips.run(blockList, longSkipSources, h, training), training);
    }

    private List<BasicBlock> basicBlocks() {
        List<BasicBlock> basic = new ArrayList<>(blockList.size());
        for (Module m : blockList) {
            basic.add((BasicBlock) m);
        }
        return basic;
    }

    /** Long skips stay inside a stage (the shapes change between stages). */
    @Override
    public int longSkipSource(int t) {
        return longSkipSources == null ? -1 : longSkipSources[t];
    }

    /** conv, bn, relu. @param x {@code [N, inChannels, H, W]} */
    @Override
    public Tensor stem(Tensor x, boolean training) {
        if (x.shape().rank() != 4 || x.shape().dim(1) != config.inChannels()) {
            throw new ShapeException("CifarResNet: expected images [N, " + config.inChannels() + ", H, W], got "
                    + x.shape());
        }
        return bn.forwardConv(conv, x, training, null, true);
    }

    /** {@code layers.0} ... {@code layers.(3n-1)}. */
    @Override
    public Map<String, Module> blocks() {
        return layers.byName("layers");
    }

    /** Global average pooling and the classifier. @param h {@code [N, 64, H', W']} */
    @Override
    public Tensor head(Tensor h, boolean training) {
        return fc.forward(Reductions.mean(h, new int[] {2, 3}, false), training);
    }
}
