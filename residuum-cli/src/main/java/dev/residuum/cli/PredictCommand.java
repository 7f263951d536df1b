package dev.residuum.cli;

import dev.residuum.autodiff.Graph;
import dev.residuum.cli.options.CommonOptions;
import dev.residuum.cli.options.ModelOption;
import dev.residuum.data.FashionMnist;
import dev.residuum.data.UnlabelledImages;
import dev.residuum.io.AtomicFile;
import dev.residuum.io.JsonObject;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum predict}: class probabilities of a trained CIFAR-style ResNet on new images, an
 * IDX image file or a folder of PNGs, prepared as in training ({@link UnlabelledImages#read}:
 * the model's {@value #CHANNELS} channel(s), resized bilinearly to {@value #SIZE}x{@value #SIZE},
 * Fashion-MNIST's normalisation). Writes CSV, {@code file_or_index,p0,...,pK-1,predicted}, to
 * stdout or to {@code --out}; the predicted class is the arg-max of the logits (first on ties),
 * as {@code eval} scores it.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Class probabilities of resnetN / plainN on an IDX image file or a folder of PNGs (resized"
                + " bilinearly to 28x28, grey, normalised as in training), as CSV.")
final class PredictCommand implements Callable<Integer> {
    /** Input height and width of the models {@code train} makes (Fashion-MNIST's). */
    static final int SIZE = 28;
    /** Input channels of the models {@code train} makes. */
    static final int CHANNELS = 1;

    @Mixin
    ModelOption model;

    @Option(names = "--input", required = true, paramLabel = "IDX_FILE|PNG_FOLDER",
            description = "An IDX image file (raw or .gz) or a folder of .png files (grey or RGB, any size).")
    Path input;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write the CSV here (default: stdout).")
    Path out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        int batch = model.batch();
        int threadCount = common.threads().apply();
        CifarResNet net = model.load();
        CifarResNet.Config config = net.config();
        UnlabelledImages images = UnlabelledImages.read(input, CHANNELS, SIZE, SIZE, FashionMnist.MEAN, FashionMnist.STD);
        int n = images.size(), classes = config.classes();
        if (n == 0) {
            throw new BadInputException(input + " holds no images");
        }
        PrintStream progress = common.quiet().progress();
        long t0 = System.nanoTime();
        float[] logits = logits(net, images.images(), batch, progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] counts = new long[classes];
        byte[] csv = csv(images, logits, classes, counts);
        if (out != null) {
            AtomicFile.write(out, o -> o.write(csv));
            System.out.println("predicted " + n + " images -> " + out);
        } else {
            System.out.write(csv, 0, csv.length);
            System.out.flush();
        }
        progress.printf(Locale.ROOT, "%s on %d images from %s (%.1f s, %.0f images/s)%n", config.describe(), n, input, seconds,
                n / seconds);
        common.json().print(System.out, new JsonObject().put("model", config.describe()).put("shortcut", config.shortcut().name())
                .put("weights", model.weights().toString()).put("input", input.toString()).put("images", n)
                .put("out", out == null ? null : out.toString()).put("predicted_counts", counts)
                .put("seconds", seconds).put("images_per_s", n / seconds).put("threads", threadCount));
        return 0;
    }

    /** Logits {@code [N, K]} row-major, evaluation mode, batch by batch. */
    private static float[] logits(CifarResNet net, Tensor x, int batch, PrintStream progress) {
        int[] d = x.shape().dims();
        int n = d[0], image = d[1] * d[2] * d[3], k = net.config().classes();
        float[] all = new float[n * k];
        Workspace workspace = new Workspace();
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            try (Workspace.Scope scope = workspace.enter(); Graph.NoGradScope noGrad = Graph.noGrad()) {
                Tensor chunk = Tensor.empty(Shape.of(b, d[1], d[2], d[3]));
                System.arraycopy(x.data(), start * image, chunk.data(), 0, b * image);
                System.arraycopy(net.forward(chunk, false).data(), 0, all, start * k, b * k);
            }
            progress.printf("\rpredict %d/%d images", start + b, n);
        }
        progress.println();
        return all;
    }

    /** The CSV: header, then per image its softmax probabilities and the arg-max of its logits. */
    private static byte[] csv(UnlabelledImages images, float[] logits, int classes, long[] counts) {
        StringBuilder sb = new StringBuilder("file_or_index");
        for (int c = 0; c < classes; c++) {
            sb.append(",p").append(c);
        }
        sb.append(",predicted\n");
        double[] p = new double[classes];
        for (int i = 0; i < images.size(); i++) {
            int best = 0;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < classes; c++) {
                float v = logits[i * classes + c];
                if (v > logits[i * classes + best]) {
                    best = c;
                }
                max = Math.max(max, v);
            }
            for (int c = 0; c < classes; c++) {
                p[c] = Math.exp(logits[i * classes + c] - max);
                sum += p[c];
            }
            sb.append(cell(images.names().get(i)));
            for (int c = 0; c < classes; c++) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6g", p[c] / sum));
            }
            sb.append(',').append(best).append('\n');
            counts[best]++;
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A CSV cell, quoted when it holds a comma, a quote or a line break. */
    private static String cell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
