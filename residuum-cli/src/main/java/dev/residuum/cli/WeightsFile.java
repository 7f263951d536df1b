package dev.residuum.cli;

import dev.residuum.io.Safetensors;
import dev.residuum.nn.residual.CifarResNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which model a weights file holds: the {@code model} entry of its metadata (what {@code train}
 * writes, e.g. {@code resnet20 --shortcut B}), or else what its tensor names say
 * ({@link CifarResNet.Config#inferFrom}).
 */
final class WeightsFile {
    private WeightsFile() {
    }

    /**
     * The architecture in {@code file}.
     *
     * @throws BadInputException when the file holds no CIFAR-style ResNet, naming the file
     */
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
            throw new BadInputException(file + ": " + e.getMessage() + "; give --model");
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
        } catch (BadInputException e) {
            what = "no CIFAR-style ResNet";
        }
        return what + " (" + tensors + " tensors)";
    }
}
