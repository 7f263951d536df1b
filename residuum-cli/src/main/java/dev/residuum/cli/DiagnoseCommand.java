package dev.residuum.cli;

import dev.residuum.cli.options.CommonOptions;
import dev.residuum.cli.options.DataOption;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunFolderOption;
import dev.residuum.cli.options.SeedOption;
import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.io.Json;
import dev.residuum.io.ModelMismatchException;
import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.run.RunFolder;
import dev.residuum.stability.BlockReport;
import dev.residuum.stability.Diagnosis;
import dev.residuum.stability.IterationOptions;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum diagnose} (issue 14): per block of a residual network, at one batch of real
 * images, the gradient norm {@code ||dL/dx_l||}, the spectral norms of the block's and its branch's
 * Jacobian and the block's smallest singular value, from {@link Diagnosis}. L is the mean
 * cross-entropy of the first B test images with their labels (for the MLP family the images are
 * flattened to 784 features). A table on stdout; {@code --json} adds the JSON line;
 * {@code --out DIR} also measures the twin (the same layers without skips, or with them for a plain
 * model) and writes report.html, diagnosis.json, the weights and the batch ({@link DiagnoseReport}).
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Stability of a residual network, block by block, at the first B test images: the gradient "
                + "norm ||dL/dx_l|| (L = mean cross-entropy), the spectral norm of the block's Jacobian and of its "
                + "branch's (power iteration on jvp/vjp), the smallest singular value (Lanczos), alpha.",
            "Models: resnetN and plainN (N = 6n+2, images 1x28x28) and mlp-residual-D, mlp-plain-D, mlp-rezero-D "
                + "(784 pixels -> width, D tanh blocks, -> 10 classes). Random weights from --seed unless "
                + "--weights.",
            "With --out DIR: also the twin without (or with) skips, and DIR/report.html, diagnosis.json, "
                + "model.safetensors, batch.safetensors (what scripts/diagnose_reference.py reads)."})
final class DiagnoseCommand implements Callable<Integer> {
    /** Images measured unless {@code --batch} says otherwise. */
    static final int DEFAULT_BATCH = 64;
    /**
     * Iteration cap unless {@code --max-iterations}: lower than the library's 100, so that resnet56 at
     * batch 64 takes about 30 s of one core (measured; the library's cap would take several minutes).
     * At 10 Lanczos steps {@code ||J||_2} agreed to 0.5% with 30 power iterations on resnet20 at batch
     * 64; the branch's power iteration and {@code sigma_min} are rougher (the table says "cap
     * reached"); raise it for those.
     */
    static final int DEFAULT_MAX_ITERATIONS = 10;
    /** Stopping rule unless {@code --tol}: the library's. */
    static final double DEFAULT_TOLERANCE = IterationOptions.DEFAULT_TOLERANCE;

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "resnetN, plainN, mlp-residual-D, mlp-plain-D or mlp-rezero-D.")
    String model;

    @Option(names = "--shortcut", paramLabel = "A|B",
            description = "resnetN's shortcut where the shape changes: A (zero-pad, default) or B (1x1 conv + BN).")
    String shortcut;

    @Option(names = "--width", paramLabel = "W", description = "Width of an mlp-* model (default 64).")
    Integer width;

    @Option(names = "--weights", paramLabel = "FILE.safetensors",
            description = "Weights (PyTorch state_dict names); random from --seed when absent.")
    Path weights;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "" + DEFAULT_BATCH,
            description = "The first B test images (default ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    SeedOption seed;

    @Option(names = "--train-mode", description = "Run the model in training mode (BatchNorm on batch statistics;"
            + " the running statistics are left as they were).")
    boolean trainMode;

    @Option(names = "--max-iterations", paramLabel = "K", defaultValue = "" + DEFAULT_MAX_ITERATIONS,
            description = "Cap on the power and Lanczos iterations per block (default ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--tol", paramLabel = "T", defaultValue = "" + DEFAULT_TOLERANCE,
            description = "Relative residual at which an iteration stops (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--estimator", paramLabel = "lanczos|power", defaultValue = "lanczos",
            description = "How ||J||_2 is estimated: the largest Ritz value of the Lanczos run that gives sigma_min "
                    + "(default; converges faster where the top of the spectrum clusters) or its own power iteration.")
    String estimator;

    @Mixin
    DataOption data;

    @Mixin
    RunFolderOption runFolder;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        Require.atLeast("--batch", batch, 1);
        Require.atLeast("--max-iterations", maxIterations, 1);
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new BadInputException("--tol must be in (0, 1), got " + tolerance);
        }
        Diagnosis.Method method = switch (estimator.trim().toLowerCase(Locale.ROOT)) {
            case "lanczos" -> Diagnosis.Method.LANCZOS;
            case "power" -> Diagnosis.Method.POWER;
            default -> throw new BadInputException("--estimator must be lanczos or power, got '" + estimator + "'");
        };
        DiagnoseModel spec = DiagnoseModel.parse(model, shortcut, width);
        int nThreads = common.threads().apply();
        RunFolder folder = runFolder.openIfGiven("diagnose", false); // checked before any work
        Path out = folder == null ? null : folder.dir();
        Module net = spec.build(new Rng(seed.seed()));
        if (weights != null) {
            try {
                Safetensors.loadInto(weights, net);
            } catch (ModelMismatchException e) {
                throw new BadInputException("--weights " + weights + " is not a " + spec.describe(net) + ": "
                        + e.getMessage());
            }
        }
        DataSource source = data.resolve();
        ImageSet images = source.read(Idx.TEST, batch);
        if (images.size() < batch) {
            throw new BadInputException("--batch " + batch + ": the test split of " + source.name() + " holds only "
                    + images.size() + " images");
        }
        Tensor x = spec.mlp() ? images.images().reshape(batch, DiagnoseModel.PIXELS) : images.images();
        int[] labels = images.labels();
        Function<Tensor, Tensor> loss = y -> y.crossEntropy(labels);
        IterationOptions options = new IterationOptions(tolerance, maxIterations, seed.seed());
        PrintStream progress = common.quiet().progress();

        progress.printf(Locale.ROOT, "diagnose: %s, %d test images of %s, %s mode, tol %g, at most %d iterations%n",
                spec.describe(net), batch, source.name(), trainMode ? "training" : "evaluation", tolerance,
                maxIterations);
        long t0 = System.nanoTime();
        Diagnosis diagnosis = Diagnosis.of(net, x, loss, trainMode, options, method);
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress.printf(Locale.ROOT, "diagnose: %d blocks in %.1f s%n", diagnosis.blocks().size(), seconds);

        Map<String, Object> result = new LinkedHashMap<>(diagnosis.toJson());
        result.put("model", spec.name());
        if (spec.shortcut() != null) {
            result.put("shortcut", spec.shortcut());
        }
        result.put("input", spec.mlp() ? "flattened images [B, 784]" : "images [B, 1, 28, 28]");
        result.put("batch", batch);
        result.put("training", trainMode);
        result.put("tolerance", tolerance);
        result.put("max_iterations", maxIterations);
        result.put("estimator", method.name().toLowerCase(Locale.ROOT));
        result.put("seed", seed.seed());
        result.put("threads", nThreads);
        result.put("seconds", seconds);
        System.out.print(table(spec.describe(net), diagnosis));

        if (out != null) {
            DiagnoseModel twinSpec = spec.twin();
            Module twin = twinSpec.build(new Rng(seed.seed()));
            DiagnoseModel.copyShared(net, twin);
            progress.printf("diagnose: the twin %s%n", twinSpec.describe(twin));
            Diagnosis twinDiagnosis = Diagnosis.of(twin, x, loss, trainMode, options, method);
            Map<String, Object> twinJson = new LinkedHashMap<>();
            twinJson.put("model", twinSpec.name());
            twinJson.putAll(twinDiagnosis.toJson());
            result.put("twin", twinJson);
            folder.begin();
            new DiagnoseReport(spec, diagnosis, twinSpec, twinDiagnosis, result).write(out, net, x, labels);
            progress.println("diagnose: wrote " + out.resolve("report.html"));
        }
        common.json().print(System.out, Json.write(result));
        return 0;
    }

    /** The human table: one row per block. */
    static String table(String title, Diagnosis d) {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append(": loss ").append(String.format(Locale.ROOT, "%.6g", d.loss())).append('\n');
        sb.append(String.format(Locale.ROOT, "%-12s %12s %12s %12s %12s %10s  %s%n", "block", "|dL/dx|", "|J|_2",
                "|J_F|_2", "sigma_min", "alpha", "iterations"));
        for (BlockReport b : d.blocks()) {
            String alpha = b.alpha().length == 0 ? "-" : b.alpha().length == 1
                    ? String.format(Locale.ROOT, "%.4g", b.alpha()[0]) : b.alpha().length + " values";
            sb.append(String.format(Locale.ROOT, "%-12s %12.5g %12.5g %12.5g %12.5g %10s  %d/%d/%d%s%n", b.name(),
                    b.gradInputNorm(), b.jacobian().value(), b.branch().value(), b.extremes().smallest(), alpha,
                    b.jacobian().iterations(), b.branch().iterations(), b.extremes().steps(),
                    b.converged() ? "" : " (cap reached)"));
        }
        return sb.toString();
    }
}
