package dev.residuum.cli;

import dev.residuum.cli.options.Require;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.tensor.Tensor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model {@code residuum diagnose} can measure, parsed from {@code --model}: the CIFAR family
 * ({@code resnetN} with shortcut A or B, {@code plainN}; N = 6n + 2, 1 x 28 x 28 images, 10 classes)
 * or the vector family ({@code mlp-residual-D}, {@code mlp-plain-D}, {@code mlp-rezero-D}: a linear
 * input layer from the 784 pixels of a flattened image to {@code width}, D tanh blocks
 * {@code x + alpha W2 tanh(W1 x)} (alpha fixed at 1, absent, or learned from 0), a linear head to 10
 * classes). Each has a <em>twin</em>: the same layers with the skips removed (a plain model's twin
 * is the residual one with shortcut A, or {@code mlp-residual-D}).
 *
 * @param name as typed, lower-cased ({@code resnet56}, {@code mlp-rezero-64})
 * @param cifar the CIFAR architecture, or null for the MLP family
 * @param mlpKind {@code residual}, {@code plain} or {@code rezero} for the MLP family, else null
 * @param depth the MLP's blocks (0 for the CIFAR family)
 * @param width the MLP's width (0 for the CIFAR family)
 */
record DiagnoseModel(String name, CifarResNet.Config cifar, String mlpKind, int depth, int width) {
    /** Pixels of a flattened Fashion-MNIST image: the MLP family's input width. */
    static final int PIXELS = 28 * 28;
    /** Classes of the head. */
    static final int CLASSES = 10;

    private static final Pattern MLP = Pattern.compile("mlp-(residual|plain|rezero)-(\\d{1,6})");
    private static final String KNOWN = "resnetN, plainN (N = 6n+2: 20, 32, 56, ...), mlp-residual-D, mlp-plain-D"
            + " or mlp-rezero-D";

    /**
     * The MLP of the experiments on images: a Fashion-MNIST image flattened to {@link #PIXELS}, a
     * linear layer to {@code width}, {@code depth} blocks, a linear head to {@link #CLASSES}; the rest
     * of the builder's defaults unless the caller sets them.
     */
    static ResidualMlp.Builder imageMlp(int depth, int width) {
        return ResidualMlp.builder().flattenInput(true).inputs(PIXELS).width(width).depth(depth).outputs(CLASSES);
    }

    /**
     * Parses {@code --model} with {@code --shortcut} and {@code --width} (null when not given).
     *
     * @throws BadInputException for an unknown model or an option that does not apply to it
     * @throws IllegalArgumentException for a {@code --width} below 1 (bad input too)
     */
    static DiagnoseModel parse(String model, String shortcut, Integer width) {
        String n = Objects.requireNonNull(model, "model").trim().toLowerCase(Locale.ROOT);
        Matcher m = MLP.matcher(n);
        if (m.matches()) {
            if (shortcut != null) {
                throw new BadInputException("--shortcut applies to resnetN only, not to " + n);
            }
            int depth = Integer.parseInt(m.group(2));
            if (depth < 1) {
                throw new BadInputException("--model " + n + ": the depth D must be at least 1");
            }
            Require.atLeastIfGiven("--width", width, 1);
            return new DiagnoseModel(n, null, m.group(1), depth, width == null ? 0 : width);
        }
        if (width != null) {
            throw new BadInputException("--width applies to the mlp-* models only, not to " + n);
        }
        CifarResNet.Config config;
        try {
            config = CifarResNet.Config.of(n);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("unknown model '" + model + "'; use " + KNOWN);
        }
        if (shortcut != null) {
            if (config.shortcut() == CifarResNet.ShortcutKind.NONE) {
                throw new BadInputException("--shortcut applies to resnetN only; " + n + " has no skips");
            }
            config = config.withShortcut(switch (shortcut.trim().toUpperCase(Locale.ROOT)) {
                case "A" -> CifarResNet.ShortcutKind.A;
                case "B" -> CifarResNet.ShortcutKind.B;
                default -> throw new BadInputException("--shortcut must be A or B, got '" + shortcut + "'");
            });
        }
        return new DiagnoseModel(n, config, null, 0, 0);
    }

    /** Whether this is the MLP family (input: flattened images). */
    boolean mlp() {
        return cifar == null;
    }

    /** Whether the blocks have skips. */
    boolean residual() {
        return mlp() ? !mlpKind.equals("plain") : cifar.shortcut() != CifarResNet.ShortcutKind.NONE;
    }

    /** The shortcut as the JSON names it: A, B, or null (plain, MLP). */
    String shortcut() {
        return mlp() || !residual() ? null : cifar.shortcut().name();
    }

    /** The same layers with the skips removed, or put back (shortcut A) for a plain model. */
    DiagnoseModel twin() {
        if (mlp()) {
            String kind = residual() ? "plain" : "residual";
            return new DiagnoseModel("mlp-" + kind + "-" + depth, null, kind, depth, width);
        }
        CifarResNet.ShortcutKind s = residual() ? CifarResNet.ShortcutKind.NONE : CifarResNet.ShortcutKind.A;
        return new DiagnoseModel((residual() ? "plain" : "resnet") + cifar.depth(), cifar.withShortcut(s), null, 0, 0);
    }

    /** The network with weights drawn from {@code rng} (PyTorch's initialisation for the CIFAR family). */
    Module build(Rng rng) {
        if (!mlp()) {
            return new CifarResNet(cifar, rng);
        }
        ResidualMlp.Builder b = ResidualMlp.builder().inputs(PIXELS).depth(depth).outputs(CLASSES)
                .skips(residual()).scale(mlpKind.equals("rezero") ? ResidualScale.SCALAR : ResidualScale.FIXED);
        if (width > 0) {
            b.width(width);
        }
        return b.build(rng);
    }

    /**
     * Copies {@code from}'s weights into {@code to}, its twin, name by name: the layers both have
     * ({@code blocks.3.branch.0.weight} is the plain MLP's {@code blocks.3.0.weight}); what only one
     * has (alpha, an option-B projection) is left as it is.
     *
     * @param to modified
     */
    static void copyShared(Module from, Module to) {
        Map<String, Tensor> source = new HashMap<>();
        from.stateDict().forEach((k, v) -> source.put(plainName(k), v));
        to.stateDict().forEach((k, v) -> {
            Tensor s = source.get(plainName(k));
            if (s != null && s.shape().equals(v.shape()) && !k.endsWith(".alpha")) {
                System.arraycopy(s.data(), 0, v.data(), 0, v.numel());
            }
        });
    }

    private static String plainName(String name) {
        return name.replaceFirst("^(blocks\\.\\d+\\.)branch\\.", "$1");
    }

    /** {@code resnet20 (shortcut A)}, {@code mlp-rezero-8 (width 64)}. */
    String describe(Module built) {
        if (mlp()) {
            int w = built.stateDict().get("input.weight").shape().dim(0);
            return name + " (width " + w + ")";
        }
        return residual() ? name + " (shortcut " + cifar.shortcut() + ")" : name;
    }
}
