package dev.residuum.cli;

import dev.residuum.cli.options.DataOption;
import dev.residuum.cli.options.JsonOption;
import dev.residuum.cli.options.QuietOption;
import dev.residuum.cli.options.ThreadsOption;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.io.AtomicFile;
import dev.residuum.io.JsonObject;
import dev.residuum.io.ModelMismatchException;
import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.tensor.Workspace;
import dev.residuum.train.Evaluation;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum eval}: evaluation-mode accuracy and mean cross-entropy of a CIFAR-style ResNet
 * on the test split of an IDX folder, with weights from a safetensors file (PyTorch's names). The
 * model is the one the file holds (its {@code model} metadata, as {@code train} writes it, or
 * inferred from the tensor names) unless {@code --model} names one.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Accuracy and mean cross-entropy of resnetN / plainN (N = 6n+2) on the test split "
                + "(t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]) of --data.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", description = "resnetN or plainN (default: the model the weights file holds).")
    String model;

    @Option(names = "--shortcut", paramLabel = "A|B",
            description = "Shortcut where the shape changes: A (subsample + zero channels) or B (1x1 conv + BN)"
                    + " (default: the file's).")
    String shortcut;

    @Option(names = "--weights", required = true, paramLabel = "FILE.safetensors", description = "Model weights.")
    Path weights;

    @Mixin
    DataOption data;

    @Option(names = "--limit", description = "Evaluate the first N test images (file order).")
    Integer limit;

    @Option(names = "--batch", defaultValue = "256", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--logits", paramLabel = "FILE.csv", description = "Write one CSV row of logits per image.")
    Path logits;

    @Mixin
    ThreadsOption threads;

    @Mixin
    JsonOption json;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new BadInputException("--batch must be at least 1, got " + batch);
        }
        if (limit != null && limit < 1) {
            throw new BadInputException("--limit must be at least 1, got " + limit);
        }
        int threadCount = threads.apply();
        CifarResNet.ShortcutKind kind = shortcut == null ? null : parseShortcut(shortcut);
        CifarResNet.Config asked = model == null ? null : CifarResNet.Config.of(model);
        CifarResNet.Config config = asked != null ? asked : WeightsFile.heldModel(weights);
        if (kind != null && config.shortcut() != CifarResNet.ShortcutKind.NONE) {
            config = config.withShortcut(kind);
        }
        CifarResNet net = new CifarResNet(config, new Rng(0));
        try {
            Safetensors.loadInto(weights, net);
        } catch (ModelMismatchException e) {
            throw new BadInputException("--weights " + weights + " holds " + WeightsFile.describeHeld(weights)
                    + ", not " + config.describe() + "; omit --model (and --shortcut) to evaluate the model the file holds");
        }
        ImageSet test = data.resolve(Idx.TEST).read(Idx.TEST, limit == null ? Idx.ALL : limit);
        int n = test.size(), classes = config.classes();
        float[] all = new float[n * classes];
        Progress progress = Progress.onStderr(quiet);
        Evaluation result = Evaluation.of(net, test, batch, new Workspace(), all, done -> progress.status(
                String.format(Locale.ROOT, "eval %d/%d images | %.0f images/s | ETA %s", done, n,
                        done / Math.max(progress.seconds(), 1e-9), Progress.eta(progress.seconds(), done, n - done)),
                false));
        progress.clear();
        double seconds = progress.seconds();
        if (logits != null) {
            writeLogits(logits, all, n, classes);
        }
        double accuracy = result.accuracy(), loss = result.loss();
        System.out.printf(Locale.ROOT, "%s on %d test images: accuracy %.4f, loss %.4f (%.1f s, %.0f images/s)%n",
                config.describe(), n, accuracy, loss, seconds, n / seconds);
        json.print(System.out, new JsonObject().put("model", config.describe()).put("shortcut", config.shortcut().name())
                .put("images", n).put("accuracy", accuracy).put("loss", loss).put("correct", result.correct())
                .put("seconds", seconds).put("images_per_s", n / seconds).put("threads", threadCount));
        return 0;
    }

    static CifarResNet.ShortcutKind parseShortcut(String s) {
        return switch (s.trim().toUpperCase(Locale.ROOT)) {
            case "A" -> CifarResNet.ShortcutKind.A;
            case "B" -> CifarResNet.ShortcutKind.B;
            default -> throw new BadInputException("--shortcut must be A or B, got '" + s + "'");
        };
    }

    private static void writeLogits(Path file, float[] all, int n, int classes) throws IOException {
        AtomicFile.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < n; i++) {
                row.setLength(0);
                for (int k = 0; k < classes; k++) {
                    row.append(k > 0 ? "," : "").append(all[i * classes + k]);
                }
                w.write(row.append('\n').toString());
            }
            w.flush();
        });
    }
}
