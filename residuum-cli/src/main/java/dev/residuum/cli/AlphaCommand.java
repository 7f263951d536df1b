package dev.residuum.cli;

import dev.residuum.cli.options.DataOption;
import dev.residuum.cli.options.ImageMlpOption;
import dev.residuum.cli.options.OptimizerOption;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunOptions;
import dev.residuum.data.Augmentation;
import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.io.JsonObject;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Sgd;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import dev.residuum.run.MetricsLog;
import dev.residuum.run.MetricsRecord;
import dev.residuum.run.RunFolder;
import dev.residuum.stability.Block;
import dev.residuum.stability.IterationOptions;
import dev.residuum.stability.TrainingProbe;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.Gradients;
import dev.residuum.train.ImageClassification;
import dev.residuum.train.OptimizerFactory;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingListener;
import dev.residuum.train.TrainingState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum experiment alpha}: a deep residual tanh MLP {@code x + alpha W2 tanh(W1 x)} with
 * alpha fixed (frozen) at each of several values, the same weights otherwise. For each alpha: the
 * "fighting" diagnostic (the mean cosine of consecutive blocks' parameter gradients, on a fixed batch)
 * at initialisation and every K steps of SGD training ({@link TrainingProbe}), and the training loss.
 * {@code DIR/metrics.jsonl} holds every step and every probe; {@code DIR/report.html} charts the cosine
 * against alpha and the loss against steps.
 */
@Command(name = "alpha", mixinStandardHelpOptions = true,
        description = "alpha too large: consecutive blocks' gradients align (fight) and training slows or diverges.")
final class AlphaCommand implements Callable<Integer> {
    static final String NAME = "experiment alpha";

    @Option(names = "--alphas", defaultValue = "0.01,0.1,0.3,1,3", split = ",",
            description = "Fixed alpha values (default ${DEFAULT-VALUE}).")
    double[] alphas;

    /** {@code --depth} (at least 2: the diagnostic compares consecutive blocks), {@code --width}. */
    @Mixin
    ImageMlpOption mlp = new ImageMlpOption(100, 64, 2);

    @Option(names = "--steps", defaultValue = "300", description = "SGD steps per alpha (default ${DEFAULT-VALUE}).")
    int steps;

    /** {@code --batch} (the probe's batch too), {@code --lr} of SGD. */
    @Mixin
    OptimizerOption optimizer = new OptimizerOption(100, 0.01);

    @Option(names = "--probe-every", defaultValue = "50", paramLabel = "K",
            description = "Measure the cosine every K steps (default ${DEFAULT-VALUE}).")
    int probeEvery;

    @Option(names = "--limit", defaultValue = "10000", description = "Training images (default ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    RunOptions runOptions;

    @Mixin
    DataOption data;

    /** One alpha's run. */
    record Run(double alpha, double[] probeStep, double[] cosine, double[] step, double[] loss, boolean diverged) {
        double finalLoss() {
            int n = Math.min(loss.length, ReZeroCommand.WINDOW / 4);
            double s = 0;
            for (int i = loss.length - n; i < loss.length; i++) {
                s += loss[i];
            }
            return n == 0 ? Double.NaN : s / n;
        }
    }

    @Override
    public Integer call() throws IOException {
        mlp.check();
        Require.atLeast("--steps", steps, 1);
        Require.atLeast("--batch", optimizer.batch(), 1);
        Require.atLeast("--probe-every", probeEvery, 1);
        Require.atLeast("--limit", limit, optimizer.batch());
        for (double a : alphas) {
            if (!(a > 0) || Double.isInfinite(a)) {
                throw new BadInputException("--alphas must be positive numbers, got " + a);
            }
        }
        RunFolder folder = runOptions.open(NAME, false);
        runOptions.common().threads().apply();
        DataSource source = data.resolve();
        ImageSet train = source.read(Idx.TRAIN, limit), test = source.read(Idx.TEST, optimizer.batch());
        folder.begin();
        MetricsLog log = MetricsLog.create(folder.file(RunFolder.METRICS));
        Tensor probeX = test.images();
        int[] probeLabels = test.labels();
        List<Run> runs = new ArrayList<>();
        for (double alpha : alphas) {
            runOptions.common().quiet().progress().printf(Locale.ROOT, "%s: alpha %s%n", NAME, alpha);
            runs.add(run(alpha, train, probeX, probeLabels, log));
        }
        writeReport(folder, runs, source);
        JsonObject out = new JsonObject().put("depth", mlp.depth()).put("width", mlp.width()).put("steps", steps)
                .put("lr", optimizer.lr());
        List<Object> list = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%8s %14s %14s %12s%n", "alpha",
                "cosine (init)", "cosine (end)", "final loss"));
        for (Run r : runs) {
            double end = r.cosine()[r.cosine().length - 1];
            list.add(new JsonObject().put("alpha", r.alpha()).put("cosine_init", r.cosine()[0]).put("cosine_end", end)
                    .put("final_loss", r.finalLoss()).put("diverged", r.diverged()));
            table.append(String.format(Locale.ROOT, "%8s %14.4f %14.4f %12s%n", r.alpha(), r.cosine()[0], end,
                    r.diverged() ? "diverged" : String.format(Locale.ROOT, "%.4f", r.finalLoss())));
        }
        System.out.print(table);
        runOptions.common().json().print(System.out, out.put("runs", list).put("report", folder.file(RunFolder.REPORT).toString()));
        return 0;
    }

    private Run run(double alpha, ImageSet train, Tensor probeX, int[] probeLabels, MetricsLog log) {
        Module net = DiagnoseModel.imageMlp(mlp.depth(), mlp.width()).scale(ResidualScale.SCALAR)
                .alphaInit((float) alpha).build(new Rng(runOptions.seed()));
        Block.of(net).forEach(b -> b.alpha().freeze());
        String name = "alpha=" + alpha;
        List<double[]> probes = new ArrayList<>(), losses = new ArrayList<>();
        TrainingProbe probe = new TrainingProbe(name, net, probeX, y -> y.crossEntropy(probeLabels), false, probeEvery,
                EnumSet.of(TrainingProbe.Instrument.FIGHTING), IterationOptions.DEFAULT, r -> {
                    log.appendUnchecked(r);
                    probes.add(new double[] {r.iteration(), meanFinite(r.values("cosine_next"))});
                });
        probe.probe(0, 1);
        int epochs = (int) Math.ceil(steps / (double) (train.size() / optimizer.batch()));
        TrainerConfig config = new TrainerConfig(epochs, optimizer.batch(), OptimizerFactory.sgd(Sgd.Config.of(optimizer.lr())),
                new LrSchedule.Constant(), runOptions.seed(), true);
        var trainer = new Trainer<>(new ImageClassification(net, train, null, Augmentation.NONE,
                ImageClassification.EVAL_BATCH), config);
        boolean diverged = false;
        try {
            trainer.fit(new TrainingListener() {
                @Override
                public void onStep(TrainingState s, int stepsPerEpoch, Gradients g) {
                    log.appendUnchecked(new MetricsRecord.Step(name, s.globalStep(), s.epoch() + 1, g.loss(),
                            (double) g.correct() / g.samples(), s.lr()));
                    losses.add(new double[] {s.globalStep(), g.loss()});
                    probe.onStep(s, stepsPerEpoch, g);
                    if (s.globalStep() >= steps) {
                        trainer.stop();
                    }
                }
            });
        } catch (IllegalStateException e) { // the loss stopped being finite
            diverged = true;
        }
        return new Run(alpha, probes.stream().mapToDouble(p -> p[0]).toArray(),
                probes.stream().mapToDouble(p -> p[1]).toArray(), losses.stream().mapToDouble(p -> p[0]).toArray(),
                losses.stream().mapToDouble(p -> p[1]).toArray(), diverged);
    }

    private static double meanFinite(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private void writeReport(RunFolder folder, List<Run> runs, DataSource source) throws IOException {
        double[] a = runs.stream().mapToDouble(Run::alpha).toArray();
        Chart cosine = Chart.of("Fighting: mean cosine of consecutive blocks' gradients", Axis.log("alpha"),
                Axis.linear("cosine")).line("at initialisation", a, runs.stream().mapToDouble(r -> r.cosine()[0]).toArray())
                .line("after training", a, runs.stream().mapToDouble(r -> r.cosine()[r.cosine().length - 1]).toArray());
        Chart loss = Chart.of("Training loss by step", Axis.linear("step"), Axis.log("cross-entropy"));
        Chart overTime = Chart.of("Mean cosine during training", Axis.linear("step"), Axis.linear("cosine"));
        Map<String, String> table = new LinkedHashMap<>();
        for (Run r : runs) {
            loss = loss.line("alpha " + r.alpha(), r.step(), r.loss());
            overTime = overTime.line("alpha " + r.alpha(), r.probeStep(), r.cosine());
            table.put("alpha " + r.alpha(), String.format(Locale.ROOT, "cosine %.4f at init, %.4f at the end; loss %s",
                    r.cosine()[0], r.cosine()[r.cosine().length - 1], r.diverged() ? "diverged (not finite)"
                            : String.format(Locale.ROOT, "%.4f (mean of the last steps)", r.finalLoss())));
        }
        HtmlRenderer.write(Report.builder("alpha too large: fighting blocks")
                .setting("model", "784 -> " + mlp.width() + ", " + mlp.depth() + " blocks x + alpha W2 tanh(W1 x) (alpha frozen),"
                        + " -> 10; PyTorch's default init, seed " + runOptions.seed())
                .setting("training", "SGD lr " + optimizer.lr() + ", batch " + optimizer.batch() + ", " + steps
                        + " steps on the first " + limit + " training images of " + source.name())
                .setting("probe", "the first " + optimizer.batch() + " test images, evaluation mode, every " + probeEvery + " steps")
                .chart(cosine).chart(overTime).chart(loss).table(table).build(), folder.file(RunFolder.REPORT));
    }
}
