package dev.residuum.cli.options;

import dev.residuum.io.ModelMismatchException;
import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.residual.CifarResNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --weights FILE [--model resnetN|plainN] [--shortcut A|B] [--batch N]}: a trained CIFAR-style
 * ResNet for the commands that run one ({@code eval}, {@code predict}), and how many images each
 * forward pass takes. The model is the one the file
 * holds, the {@code model} entry of its metadata (what {@code train} writes, e.g.
 * {@code resnet20 --shortcut B}) or else what its tensor names say
 * ({@link CifarResNet.Config#inferFrom}), unless {@code --model} (and {@code --shortcut}) name
 * one; a file that does not fit is one line saying what it holds.
 */
public final class ModelOption {
    @Option(names = "--model", description = "resnetN or plainN (default: the model the weights file holds).")
    String model;

    @Option(names = "--shortcut", paramLabel = "A|B",
            description = "Shortcut where the shape changes: A (subsample + zero channels) or B (1x1 conv + BN)"
                    + " (default: the file's).")
    String shortcut;

    @Option(names = "--weights", required = true, paramLabel = "FILE.safetensors", description = "Model weights.")
    Path weights;

    @Option(names = "--batch", defaultValue = "256", description = "Images per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    /** {@code --weights}. */
    public Path weights() {
        return weights;
    }

    /**
     * {@code --batch}.
     *
     * @throws IllegalArgumentException when below 1
     */
    public int batch() {
        return Require.atLeast("--batch", batch, 1);
    }

    /**
     * The model with its weights loaded.
     *
     * @throws IllegalArgumentException when the file holds another model (saying which) or no ResNet
     */
    public CifarResNet load() throws IOException {
        CifarResNet.Config config = model == null ? heldModel(weights) : CifarResNet.Config.of(model);
        if (shortcut != null && config.shortcut() != CifarResNet.ShortcutKind.NONE) {
            config = config.withShortcut(parseShortcut(shortcut));
        }
        CifarResNet net = new CifarResNet(config, new Rng(0));
        try {
            Safetensors.loadInto(weights, net);
        } catch (ModelMismatchException e) {
            throw new IllegalArgumentException("--weights " + weights + " holds " + describeHeld(weights) + ", not "
                    + config.describe() + "; omit --model (and --shortcut) to use the model the file holds");
        }
        return net;
    }

    /** {@code --shortcut A|B}. */
    public static CifarResNet.ShortcutKind parseShortcut(String s) {
        return switch (s.trim().toUpperCase(Locale.ROOT)) {
            case "A" -> CifarResNet.ShortcutKind.A;
            case "B" -> CifarResNet.ShortcutKind.B;
            default -> throw new IllegalArgumentException("--shortcut must be A or B, got '" + s + "'");
        };
    }

    /** The architecture in {@code file}: its metadata's {@code model}, or else its tensor names. */
    static CifarResNet.Config heldModel(Path file) throws IOException {
        Map<String, String> meta = Safetensors.readMetadata(file);
        String spec = meta.get("model");
        if (spec != null) {
            try {
                return CifarResNet.Config.ofSpec(spec);
            } catch (IllegalArgumentException e) {
                // written by another tool: the tensor names decide
            }
        }
        try {
            return CifarResNet.Config.inferFrom(Safetensors.read(file).keySet());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage() + "; give --model");
        }
    }

    /** What {@code file} holds, for a message: "resnet20 --shortcut B (54 tensors)". */
    static String describeHeld(Path file) throws IOException {
        int tensors = Safetensors.read(file).size();
        String what;
        try {
            CifarResNet.Config c = heldModel(file);
            what = c.describe() + (c.shortcut() == CifarResNet.ShortcutKind.A && !Safetensors.readMetadata(file)
                    .containsKey("model") ? " (or plain" + c.depth() + ": the same tensors)" : "");
        } catch (IllegalArgumentException e) {
            what = "no CIFAR-style ResNet";
        }
        return what + " (" + tensors + " tensors)";
    }
}
