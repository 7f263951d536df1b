package dev.residuum.cli;

import dev.residuum.cli.options.DataOption;
import dev.residuum.cli.options.ModelOption;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.CommonOptions;
import dev.residuum.continual.AdapterStore;
import dev.residuum.continual.PeftFormat;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.io.AtomicFile;
import dev.residuum.io.JsonObject;
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
    @Mixin
    ModelOption model;

    @Mixin
    DataOption data;

    @Option(names = "--limit", description = "Evaluate the first N test images (file order).")
    Integer limit;

    @Option(names = "--logits", paramLabel = "FILE.csv", description = "Write one CSV row of logits per image.")
    Path logits;

    @Option(names = "--adapter", paramLabel = "DIR", description = "Apply the LoRA adapter in DIR (PEFT's format:"
            + " adapter_config.json, adapter_model.safetensors) to the model.")
    Path adapter;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        int batch = model.batch();
        Require.atLeastIfGiven("--limit", limit, 1);
        int threadCount = common.threads().apply();
        CifarResNet net = model.load();
        if (adapter != null) {
            PeftFormat.load(new AdapterStore(net, 0), "adapter", adapter); // a bad adapter is one line, exit 2
        }
        CifarResNet.Config config = net.config();
        ImageSet test = data.resolve(Idx.TEST).read(Idx.TEST, limit == null ? Idx.ALL : limit);
        int n = test.size(), classes = config.classes();
        float[] all = new float[n * classes];
        Progress progress = Progress.onStderr(common.quiet());
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
        common.json().print(System.out, new JsonObject().put("model", config.describe()).put("shortcut", config.shortcut().name())
                .put("adapter", adapter == null ? null : adapter.toString()).put("images", n).put("accuracy", accuracy).put("loss", loss).put("correct", result.correct())
                .put("seconds", seconds).put("images_per_s", n / seconds).put("threads", threadCount));
        return 0;
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
