package dev.residuum.cli;

import dev.residuum.delta.BaselineFit;
import dev.residuum.cli.options.CorrectionNetworkOption;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunOptions;
import dev.residuum.data.CsvTable;
import dev.residuum.delta.Comparison;
import dev.residuum.delta.DeltaInputs;
import dev.residuum.delta.DeltaModel;
import dev.residuum.delta.LearningCurve;
import dev.residuum.delta.Metrics;
import dev.residuum.io.JsonObject;
import dev.residuum.run.RunFolder;
import dev.residuum.train.EpochMetrics;
import dev.residuum.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum delta fit}: baseline alone, Δ-model (baseline + learned correction) and the direct
 * model (same network on the target alone) on one seeded split, optionally a learning curve; writes
 * predictions.csv, metrics.json and report.html.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fit a Delta-model (baseline + correction) and the direct model on a CSV table and compare them "
                + "with the baseline on a held-out test split.",
            "Baselines: --baseline-column COL (precomputed values), --baseline sir (SIR model fitted to the training "
                + "rows; needs --time, --population; adds features sir_s, sir_i, sir_r), --baseline cbs (CBS "
                + "extrapolation of --cbs-columns with --cardinals).",
            "Writes DIR/predictions.csv, DIR/metrics.json, DIR/metrics.jsonl (per epoch) and DIR/report.html into the "
                + "run folder --out DIR."})
final class DeltaFitCommand implements Callable<Integer> {
    @Option(names = "--table", required = true, paramLabel = "FILE.csv", description = "CSV table with a header line.")
    Path table;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "Column to predict.")
    String target;

    /** Exactly one way to give the baseline. */
    static final class BaselineChoice {
        @Option(names = "--baseline-column", paramLabel = "COL", description = "Precomputed baseline values.")
        String column;

        @Option(names = "--baseline", paramLabel = "sir|cbs", description = "A built-in baseline: sir or cbs.")
        String kind;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    BaselineChoice baselineChoice;

    String baselineColumn;
    String baseline;

    @Option(names = "--features", required = true, paramLabel = "COL[,COL...]",
            description = "Feature columns of the correction (and of the direct model), comma-separated.")
    String featureList;

    /** {@link #featureList} split at commas. */
    List<String> features;

    @Option(names = "--group", paramLabel = "COL", description = "Rows with equal values form one sample whose "
            + "correction is the sum over its rows (size-extensive mode).")
    String group;

    @Mixin
    CorrectionNetworkOption network;

    /** The spelling {@code delta fit} had before every command said {@code --batch}; kept, not shown. */
    @Option(names = "--batch-size", hidden = true)
    Integer batchSizeAlias;

    @Option(names = "--train-size", paramLabel = "N", description = "Training samples (random, seeded); the rest is the test set.")
    Integer trainSize;

    @Option(names = "--train-fraction", defaultValue = "0.8", paramLabel = "F",
            description = "Fraction of samples for training when --train-size is not given (default ${DEFAULT-VALUE}).")
    double trainFraction;

    @Option(names = "--test-last", paramLabel = "K", description = "Hold out the last K samples (time series) "
            + "instead of a random split.")
    Integer testLast;

    @Option(names = "--sizes", split = ",", splitSynopsisLabel = ",", paramLabel = "N", description = "Learning curve: increasing "
            + "training sizes drawn from the training split, scored on the same test split.")
    List<Integer> sizes;

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "3",
            description = "Seeds per learning-curve point, the mean is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Mixin
    RunOptions runOptions;

    @Option(names = "--time", paramLabel = "COL", description = "sir: the time column.")
    String time;

    @Option(names = "--population", paramLabel = "N", description = "sir: population size N.")
    Double population;

    @Option(names = "--t0", defaultValue = "0", description = "sir: start time (default ${DEFAULT-VALUE}).")
    double t0;

    @Option(names = "--i0", defaultValue = "1", description = "sir: infected at the start time (default ${DEFAULT-VALUE}).")
    double i0;

    @Option(names = "--cbs-columns", split = ",", splitSynopsisLabel = ",", paramLabel = "E", description = "cbs: energies in the two basis sets.")
    List<String> cbsColumns;

    @Option(names = "--cardinals", split = ",", splitSynopsisLabel = ",", defaultValue = "2,3", paramLabel = "X",
            description = "cbs: cardinal numbers of the two basis sets (default ${DEFAULT-VALUE}).")
    List<Integer> cardinals;

    /** The run folder in effect (checked). */
    Path out;

    @Override
    public Integer call() throws IOException {
        baselineColumn = baselineChoice.column;
        baseline = baselineChoice.kind == null ? null : baselineChoice.kind.trim().toLowerCase(Locale.ROOT);
        if (baseline != null && !baseline.equals("sir") && !baseline.equals("cbs")) {
            throw new BadInputException("--baseline must be sir or cbs, got '" + baselineChoice.kind + "'");
        }
        features = Arrays.stream(featureList.split(",", -1)).map(String::strip).toList();
        network.batchAlias("--batch-size", batchSizeAlias);
        DeltaModel.Config config = network.config(runOptions.seed());
        checkOptions();
        RunFolder folder = runOptions.open("delta fit", false);
        out = folder.dir(); // refused before any work; created once fitted
        runOptions.common().threads().apply();
        Progress progress = Progress.onStderr(runOptions.common().quiet());
        long t0Nanos = System.nanoTime();
        DeltaInputs in = DeltaInputs.of(CsvTable.read(table), spec());
        if (sizes != null) {
            int pool = in.split().train().length;
            for (int i = 0; i < sizes.size(); i++) {
                if (sizes.get(i) < 1 || sizes.get(i) > pool || (i > 0 && sizes.get(i) <= sizes.get(i - 1))) {
                    throw new BadInputException("--sizes must increase from 1 to the training split's " + pool
                            + " samples, got " + sizes);
                }
            }
        }
        Comparison comparison = new Comparison(BaselineFit.fixed(in.baseline()), in.features(), config);
        var train = in.data().subset(in.split().train());
        var test = in.data().subset(in.split().test());
        progress.line(String.format(Locale.ROOT, "residuum: %d samples (%d rows) from %s; %d for training, %d for testing;"
                + " fitting the delta and direct models (%d epochs)...", in.data().samples(), in.data().rows().length, table,
                train.samples(), test.samples(), network.epochs()));
        Comparison.Result result = comparison.run(train, test, runOptions.seed(), new TrainingListener() {
            private int fit = 1;

            @Override
            public void onEpoch(EpochMetrics m) {
                progress.status(String.format(Locale.ROOT, "%s model: epoch %d/%d, train loss %.4g | %.1f s",
                        fit == 1 ? "delta" : "direct", m.epoch(), network.epochs(), m.trainLoss(), progress.seconds()), false);
                fit += m.epoch() == network.epochs() ? 1 : 0;
            }
        });
        progress.clear();
        List<LearningCurve.Point> curve = null;
        if (sizes != null) {
            progress.line(String.format(Locale.ROOT, "residuum: learning curve over %s training samples, %d repeat(s)...",
                    sizes, repeats));
            curve = LearningCurve.run(comparison, in.data(), in.split(), sizes.stream().mapToInt(Integer::intValue).toArray(),
                    repeats, runOptions.seed(), line -> progress.line("residuum: " + line));
        }
        DeltaReport report = new DeltaReport(this, in, result, curve);
        StagedOutput staged = StagedOutput.begin(folder); // all files or none: a kill leaves the folder as it was
        report.writeAll(staged.dir());
        staged.publish();
        JsonObject summary = report.summary((System.nanoTime() - t0Nanos) / 1e9);
        PrintStream stdout = System.out;
        stdout.printf(Locale.ROOT, "test (%d samples)   MAE           RMSE%n", test.samples());
        line(stdout, "baseline", result.baselineMetrics());
        line(stdout, "delta", result.deltaMetrics());
        line(stdout, "direct", result.directMetrics());
        if (curve != null) {
            stdout.println("learning curve (test MAE, mean over " + repeats + " seed(s)): N baseline delta direct");
            for (LearningCurve.Point p : curve) {
                stdout.printf(Locale.ROOT, "  %6d  %.6g  %.6g  %.6g%n", p.trainSize(), p.baseline().maeMean(),
                        p.delta().maeMean(), p.direct().maeMean());
            }
        }
        stdout.println("wrote " + out.resolve("predictions.csv") + ", " + out.resolve("metrics.json") + ", "
                + out.resolve("metrics.jsonl") + ", " + out.resolve("report.html"));
        runOptions.common().json().print(stdout, summary);
        stdout.flush();
        return 0;
    }

    private DeltaInputs.Spec spec() {
        return new DeltaInputs.Spec(target, features, group, baselineColumn, baseline, time, population, t0, i0, cbsColumns,
                cardinals, trainSize, trainFraction, testLast, runOptions.seed());
    }

    private static void line(PrintStream out, String name, Metrics m) {
        out.printf(Locale.ROOT, "  %-9s %-13.6g %.6g%n", name, m.mae(), m.rmse());
    }

    private void checkOptions() {
        if (features.isEmpty() || features.stream().anyMatch(String::isBlank)) {
            throw new BadInputException("--features needs at least one column name, got " + features);
        }
        Require.atLeast("--seeds", repeats, 1);
        if (trainSize != null && testLast != null) {
            throw new BadInputException("give --train-size or --test-last, not both");
        }
        if (features.contains(target)) {
            throw new BadInputException("the target column '" + target + "' cannot also be a feature");
        }
    }
}
