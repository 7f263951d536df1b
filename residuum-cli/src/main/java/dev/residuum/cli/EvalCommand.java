package dev.residuum.cli;

import dev.residuum.data.FashionMnist;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.io.AtomicFile;
import dev.residuum.io.JsonObject;
import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Parallel;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.kernel.Parallel;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
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
import picocli.CommandLine.Option;

/**
 * {@code residuum eval}: evaluation-mode accuracy and mean cross-entropy of a CIFAR-style ResNet
 * on the test split of an IDX folder, with weights from a safetensors file (PyTorch's names).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Accuracy and mean cross-entropy of resnetN / plainN (N = 6n+2) on the test split "
                + "(t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]) of an IDX folder.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "resnet20", description = "resnetN or plainN (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--shortcut", defaultValue = "A", paramLabel = "A|B",
            description = "Shortcut where the shape changes: A (subsample + zero channels) or B (1x1 conv + BN).")
    String shortcut;

    @Option(names = "--weights", required = true, paramLabel = "FILE.safetensors", description = "Model weights.")
    Path weights;

    @Option(names = "--data", paramLabel = "DIR",
            description = "IDX folder (default: Debian's dataset-fashion-mnist folder).")
    Path data;

    @Option(names = "--limit", description = "Evaluate the first N test images (file order).")
    Integer limit;

    @Option(names = "--batch", defaultValue = "256", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--logits", paramLabel = "FILE.csv", description = "Write one CSV row of logits per image.")
    Path logits;

    @Option(names = "--threads", defaultValue = "1", description = "Worker threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new BadInputException("--batch must be at least 1, got " + batch);
        }
        if (limit != null && limit < 1) {
            throw new BadInputException("--limit must be at least 1, got " + limit);
        }
        Parallel.setThreads(threads);
        CifarResNet.Config config = CifarResNet.Config.of(model);
        if (config.shortcut() != CifarResNet.ShortcutKind.NONE) {
            config = config.withShortcut(parseShortcut(shortcut));
        }
        CifarResNet net = new CifarResNet(config, new Rng(0));
        Safetensors.loadInto(weights, net);
        ImageSet test = Idx.readSplit(data == null ? FashionMnist.DEFAULT_DIR : data, Idx.TEST,
                limit == null ? Idx.ALL : limit, FashionMnist.MEAN, FashionMnist.STD);
        int n = test.size(), classes = config.classes();
        float[] all = new float[n * classes];
        long t0 = System.nanoTime();
        Evaluation result = Evaluation.of(net, test, batch, new Workspace(), all,
                done -> System.err.printf("\reval %d/%d images", done, n));
        System.err.println();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (logits != null) {
            writeLogits(logits, all, n, classes);
        }
        double accuracy = result.accuracy(), loss = result.loss();
        System.err.printf(Locale.ROOT, "%s on %d test images: accuracy %.4f, loss %.4f (%.1f s, %.0f images/s)%n",
                model, n, accuracy, loss, seconds, n / seconds);
        if (json) {
            System.out.println(new JsonObject().put("model", model).put("shortcut", config.shortcut().name())
                    .put("images", n).put("accuracy", accuracy).put("loss", loss).put("correct", result.correct())
                    .put("seconds", seconds).put("images_per_s", n / seconds).put("threads", threads));
        }
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
