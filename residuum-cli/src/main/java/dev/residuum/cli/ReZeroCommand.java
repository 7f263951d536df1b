package dev.residuum.cli;

import dev.residuum.cli.options.DataOption;
import dev.residuum.cli.options.ImageMlpOption;
import dev.residuum.cli.options.OptimizerOption;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunOptions;
import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.data.Augmentation;
import dev.residuum.io.JsonObject;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Module;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.optim.Adagrad;
import dev.residuum.optim.LrSchedule;
import dev.residuum.run.MetricsLog;
import dev.residuum.run.MetricsRecord;
import dev.residuum.run.RunFolder;
import dev.residuum.train.Checkpoint;
import dev.residuum.train.EpochMetrics;
import dev.residuum.train.Gradients;
import dev.residuum.train.ImageClassification;
import dev.residuum.train.OptimizerFactory;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingListener;
import dev.residuum.train.TrainingResult;
import dev.residuum.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum experiment rezero}: the deep fully connected nets of the ReZero authors' notebook
 * (Bachlechner et al. 2020), transposed to Fashion-MNIST. Four variants of one architecture (a linear
 * layer from the 784 pixels to the width, {@code depth} blocks, a linear head; PyTorch's default
 * initialisation): {@code vanilla} {@code x <- relu(W x + b)}, {@code residual} {@code x <- x + relu(W x + b)},
 * {@code layernorm} {@code x <- LayerNorm(x + relu(W x + b))}, {@code rezero}
 * {@code x <- x + alpha relu(W x + b)} with alpha learned from 0. Adagrad at a constant rate, no
 * augmentation, the same seed for all.
 *
 * <p>Resumable and budgeted: each variant trains in {@code DIR/<variant>/} (checkpoints), every
 * step's loss goes to {@code DIR/metrics.jsonl}; {@code --budget-minutes} stops the run (a checkpoint
 * is written) and {@code --resume} continues where it stopped, so a long reproduction can run in
 * short chunks. {@code --max-steps} ends each variant after that many steps (the 10 000-layer run).
 * {@code DIR/report.html}: training loss against steps, loss per epoch, steps to {@code --target-loss}.
 */
@Command(name = "rezero", mixinStandardHelpOptions = true,
        description = "Deep fully connected nets on Fashion-MNIST: vanilla, residual, residual + LayerNorm and ReZero"
                + " (the ReZero notebook's experiment); resumable in chunks.")
final class ReZeroCommand implements Callable<Integer> {
    static final String NAME = "experiment rezero";
    /** Exit status of a run stopped by its budget or a signal (continue with --resume). */
    static final int EXIT_STOPPED = TrainCommand.EXIT_INTERRUPTED;
    /** Steps of the moving average that decides when the training loss reached the target. */
    static final int WINDOW = 100;

    /** The four nets of the notebook. */
    enum Variant {
        VANILLA, RESIDUAL, LAYERNORM, REZERO;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Variant parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--variants: unknown variant '" + s.trim()
                        + "'; allowed: vanilla, residual, layernorm, rezero");
            }
        }

        Module build(int depth, int width, long seed) {
            ResidualMlp.Builder b = DiagnoseModel.imageMlp(depth, width).singleLayerBranch(true)
                    .activation(Activation.Kind.RELU).skips(this != VANILLA).postNorm(this == LAYERNORM)
                    .scale(this == REZERO ? ResidualScale.SCALAR : ResidualScale.FIXED);
            return b.build(new Rng(seed));
        }
    }

    @Option(names = "--variants", defaultValue = "vanilla,residual,layernorm,rezero", split = ",",
            description = "Which nets (default ${DEFAULT-VALUE}).")
    List<String> variants;

    /** {@code --depth}, {@code --width}. */
    @Mixin
    ImageMlpOption mlp = new ImageMlpOption(64, 256, 1);

    /** {@code --batch}, {@code --lr} of Adagrad. */
    @Mixin
    OptimizerOption optimizer = new OptimizerOption(100, 0.01);

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs per variant (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-steps", paramLabel = "N", description = "End each variant after N steps.")
    Long maxSteps;

    @Option(names = "--budget-minutes", paramLabel = "M",
            description = "Stop this invocation after M minutes of wall time (checkpoint written; --resume continues).")
    Double budgetMinutes;

    @Option(names = "--target-loss", defaultValue = "0.5",
            description = "Report the steps until the training loss (mean of " + WINDOW + " steps) first reaches this"
                    + " (default ${DEFAULT-VALUE}).")
    double targetLoss;

    @Option(names = "--limit", paramLabel = "N", description = "Use the first N training and test images.")
    Integer limit;

    @Mixin
    RunOptions runOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOption data;

    @Override
    public Integer call() throws IOException {
        validate();
        List<Variant> chosen = new ArrayList<>();
        for (String v : variants) {
            Variant parsed = Variant.parse(v);
            if (chosen.contains(parsed)) {
                throw new BadInputException("--variants names " + parsed.id() + " twice");
            }
            chosen.add(parsed);
        }
        RunFolder folder = runOptions.open(NAME, true);
        runOptions.common().threads().apply();
        DataSource source = data.resolve();
        int n = limit == null ? Idx.ALL : limit;
        ImageSet train = source.read(Idx.TRAIN, n), test = source.read(Idx.TEST, n);
        boolean resume = folder.resuming();
        folder.begin();
        if (!resume) {
            folder.saveArguments(NAME, givenArgs());
        }
        MetricsLog metrics = ReZeroRuns.openMetrics(folder, chosen.stream().map(Variant::id).toList(), resume);
        long deadline = budgetMinutes == null ? Long.MAX_VALUE : System.nanoTime() + (long) (budgetMinutes * 60e9);
        Progress progress = Progress.onStderr(runOptions.common().quiet());
        progress.line(String.format(Locale.ROOT, "%s: depth %d, width %d, batch %d, Adagrad lr %s, %d epochs on %s"
                        + " (%d training images)%s", NAME, mlp.depth(), mlp.width(), optimizer.batch(), optimizer.lr(), epochs,
                source.name(), train.size(), resume ? " (resuming)" : ""));
        boolean stopped = false;
        for (Variant v : chosen) {
            if (!stopped) {
                stopped = train(v, folder.dir().resolve(v.id()), train, test, metrics, deadline, progress);
            }
        }
        ReZeroRuns.Summary summary = ReZeroRuns.summarise(metrics, chosen.stream().map(Variant::id).toList(),
                targetLoss, WINDOW);
        ReZeroRuns.writeReport(folder.file(RunFolder.REPORT), summary, settings(source, train), stopped);
        progress.clear();
        System.out.print(summary.table());
        if (stopped) {
            System.err.println("stopped by the budget; continue with: bin/residuum " + NAME + " --out " + folder.dir()
                    + " --resume");
        }
        JsonObject out = summary.toJson().put("stopped", stopped).put("out", folder.dir().toString())
                .put("report", folder.file(RunFolder.REPORT).toString());
        runOptions.common().json().print(System.out, out);
        return stopped ? EXIT_STOPPED : 0;
    }

    /** Trains (or resumes) one variant; true when stopped by the deadline or a signal. */
    private boolean train(Variant v, Path dir, ImageSet train, ImageSet test, MetricsLog metrics, long deadline,
                          Progress progress) throws IOException {
        String name = v.id();
        if (Files.exists(dir.resolve(ReZeroRuns.DIVERGED))) {
            return false;
        }
        boolean resume = Checkpoint.exists(dir);
        if (resume) {
            TrainingState at = Checkpoint.peek(dir);
            if (at.epoch() >= epochs || maxSteps != null && at.globalStep() >= maxSteps) {
                return false;
            }
        }
        Files.createDirectories(dir);
        Module net = v.build(mlp.depth(), mlp.width(), runOptions.seed());
        TrainerConfig config = new TrainerConfig(epochs, optimizer.batch(),
                OptimizerFactory.adagrad(Adagrad.Config.of(optimizer.lr())),
                new LrSchedule.Constant(), runOptions.seed(), true);
        ImageClassification objective = new ImageClassification(net, train, test, Augmentation.NONE,
                ImageClassification.EVAL_BATCH);
        var trainer = new Trainer<>(objective, config);
        TrainProgress bar = new TrainProgress(progress, name, epochs);
        boolean[] budget = {false};
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(TrainingState s, int stepsPerEpoch, Gradients g) {
                metrics.appendUnchecked(new MetricsRecord.Step(name, s.globalStep(), s.epoch() + 1, g.loss(),
                        (double) g.correct() / g.samples(), s.lr()));
                bar.onStep(s, stepsPerEpoch, g);
                if (maxSteps != null && s.globalStep() >= maxSteps) {
                    trainer.stop();
                } else if (System.nanoTime() > deadline) {
                    budget[0] = true;
                    trainer.stop();
                }
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                metrics.appendUnchecked(MetricsRecord.Epoch.of(name, m));
                bar.onEpoch(m);
            }
        };
        TrainingResult result;
        try (StopOnSignal signal = StopOnSignal.install(() -> {
            budget[0] = true;
            trainer.stop();
        })) {
            result = trainer.fit(dir, name, resume, listener);
        } catch (IllegalStateException e) { // a loss that is not finite: the variant diverged
            progress.clear();
            System.err.println("residuum: " + name + " diverged: " + e.getMessage());
            Files.writeString(dir.resolve(ReZeroRuns.DIVERGED), e.getMessage() + "\n");
            return false;
        }
        if (result.stopped()) {
            Checkpoint.save(dir, net, trainer.optimizer(), result.state());
        }
        return budget[0];
    }

    private void validate() {
        mlp.check();
        Require.atLeast("--epochs", epochs, 1);
        optimizer.check();
        Require.atLeastIfGiven("--max-steps", maxSteps, 1L);
        if (budgetMinutes != null && !(budgetMinutes > 0)) {
            throw new BadInputException("--budget-minutes must be positive, got " + budgetMinutes);
        }
        if (limit != null && limit < optimizer.batch()) {
            throw new BadInputException("--limit " + limit + " is below one batch of " + optimizer.batch());
        }
    }

    private List<String> givenArgs() {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf(spec.name());
        List<String> out = new ArrayList<>(at >= 0 ? all.subList(at + 1, all.size()) : all);
        out.removeIf(a -> a.equals("--json") || a.equals("--overwrite") || a.equals("--quiet") || a.equals("-q"));
        return out;
    }

    private Map<String, String> settings(DataSource source, ImageSet train) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("architecture", "784 -> " + mlp.width() + " (linear), " + mlp.depth() + " blocks of width " + mlp.width()
                + " (one linear layer + ReLU each, PyTorch's default init), -> 10 (linear)");
        m.put("optimizer", "Adagrad lr " + optimizer.lr() + " (constant), batch " + optimizer.batch() + ", seed " + runOptions.seed());
        m.put("data", source.name() + ": " + train.size() + " training images, no augmentation");
        m.put("budget", epochs + " epochs" + (maxSteps == null ? "" : ", at most " + maxSteps + " steps") + " per variant");
        m.put("target", "training loss (mean of " + WINDOW + " steps) <= " + targetLoss);
        return m;
    }
}
