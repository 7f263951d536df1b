package dev.residuum.cli;

import dev.residuum.cli.options.ImageTrainingOption;
import dev.residuum.cli.options.RunFolderOption;
import dev.residuum.cli.options.CommonOptions;
import dev.residuum.cli.options.Require;
import dev.residuum.data.DataSource;
import dev.residuum.data.ImageSet;
import dev.residuum.io.JsonObject;
import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.optim.LrSchedule;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import dev.residuum.optim.Sgd;
import dev.residuum.run.MetricsLog;
import dev.residuum.run.MetricsRecord;
import dev.residuum.run.RunFolder;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum experiment degradation}: He et al.'s degradation experiment (Fig. 6) on a small
 * budget. For each depth, a plain net and a residual net (shortcut A) are trained with the same
 * data, seed, schedule and number of steps; every step's training error goes to
 * {@code DIR/metrics.jsonl} and {@code DIR/report.html} plots training error against iterations,
 * plain nets on the left and residual nets on the right. Each model's weights go to
 * {@code DIR/<model>/model.safetensors}. Everything is written into a staging folder first and moved
 * into {@code DIR} at the end ({@link StagedOutput}): a killed run leaves {@code DIR} as it was.
 */
@Command(name = "degradation", mixinStandardHelpOptions = true,
        description = "Train plainN and resnetN for each depth with the same budget; chart training error against"
                + " iterations (He et al. Fig. 6).")
final class DegradationCommand implements Callable<Integer> {
    /** The command's name, in messages. */
    static final String NAME = "experiment degradation";

    @Option(names = "--depths", defaultValue = "20,56", split = ",", description = "Depths 6n+2 (default ${DEFAULT-VALUE}).")
    int[] depths;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs per model (default ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    ImageTrainingOption images;

    @Mixin
    CommonOptions common;

    @Mixin
    RunFolderOption runFolder;

    /** Training error of each step of one model. */
    private record Curve(String model, double[] iteration, double[] error, EpochMetrics last) {
    }

    @Override
    public Integer call() throws IOException {
        Require.atLeast("--epochs", epochs, 1);
        images.check(epochs);
        int warmupEpochs = images.warmupEpochs();
        for (int d : depths) {
            if (d < 8 || (d - 2) % 6 != 0) {
                throw new BadInputException("--depths must be 6n+2 with n >= 1 (8, 14, 20, 56, ...), got " + d);
            }
        }
        LrSchedule schedule = LrSchedule.Warmup.fromTenth(warmupEpochs, LrSchedule.MultiStep.heEtAl(epochs - warmupEpochs));
        RunFolder folder = runFolder.open(NAME, false, null);
        common.threads().apply();
        ImageTrainingOption.Images data = images.read();
        DataSource source = data.source();
        ImageSet train = data.train();
        ImageSet test = data.test();
        StagedOutput staged = StagedOutput.begin(folder); // the run folder keeps what it held until all is written
        TrainerConfig config = new TrainerConfig(epochs, images.batch(),
                OptimizerFactory.sgd(Sgd.Config.heEtAl(images.lr())), schedule, true, images.seed(), true, 0);
        List<Curve> curves = new ArrayList<>();
        MetricsLog metrics = MetricsLog.create(staged.file(RunFolder.METRICS));
        long t0 = System.nanoTime();
        Progress progress = Progress.onStderr(common.quiet());
        for (String kind : new String[] {"plain", "resnet"}) {
            for (int depth : depths) {
                curves.add(train(kind + depth, config, train, test, metrics, staged.dir(), progress));
            }
        }
        writeReport(curves, source, train, test, staged.file(RunFolder.REPORT));
        staged.publish();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "done in %.1f s; report %s%n", seconds, folder.file(RunFolder.REPORT));
        if (common.json().enabled()) {
            JsonObject o = new JsonObject().put("epochs", epochs).put("seconds", seconds)
                    .put("report", folder.file(RunFolder.REPORT).toString());
            for (Curve c : curves) {
                o.put(c.model() + "_train_error", 1 - c.last().trainAccuracy())
                        .put(c.model() + "_test_error", 1 - c.last().testAccuracy());
            }
            System.out.println(o);
        }
        return 0;
    }

    private Curve train(String name, TrainerConfig config, ImageSet train, ImageSet test, MetricsLog metrics,
                        Path staging, Progress progress) throws IOException {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of(name), new Rng(images.seed()));
        List<double[]> points = new ArrayList<>();
        TrainProgress bar = new TrainProgress(progress, name, epochs);
        TrainingListener listener = new TrainingListener() {
            private void log(MetricsRecord r) {
                try {
                    metrics.append(r);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void onStep(TrainingState s, int stepsPerEpoch, Gradients g) {
                double loss = g.loss();
                double error = 1 - (double) g.correct() / g.samples();
                points.add(new double[] {s.globalStep(), error});
                log(new MetricsRecord.Step(name, s.globalStep(), s.epoch() + 1, loss, 1 - error, s.lr()));
                bar.onStep(s, stepsPerEpoch, g);
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                log(MetricsRecord.Epoch.of(name, m));
                bar.onEpoch(m);
            }
        };
        Path dir = staging.resolve(name);
        Files.createDirectories(dir);
        ImageClassification objective = new ImageClassification(net, train, test, images.augmentation(),
                ImageClassification.EVAL_BATCH);
        TrainingResult r = new Trainer<>(objective, config).fit(listener);
        Safetensors.save(dir.resolve(RunFolder.MODEL), net, Map.of("model", name));
        double[] x = new double[points.size()], y = new double[points.size()];
        int window = Math.max(1, points.size() / 20);
        double sum = 0;
        for (int i = 0; i < points.size(); i++) {
            sum += points.get(i)[1] - (i >= window ? points.get(i - window)[1] : 0);
            x[i] = points.get(i)[0];
            y[i] = 100 * sum / Math.min(i + 1, window);
        }
        return new Curve(name, x, y, r.last());
    }

    private void writeReport(List<Curve> curves, DataSource source, ImageSet train, ImageSet test, Path file)
            throws IOException {
        Chart plain = Chart.of("plain", Axis.linear("iteration"), Axis.linear("training error (%)"));
        Chart residual = Chart.of("ResNet (shortcut A)", Axis.linear("iteration"), Axis.linear("training error (%)"));
        Map<String, String> table = new LinkedHashMap<>();
        table.put("data", source.name() + ": " + train.size() + " training, " + test.size() + " test images");
        double lr = images.lr();
        table.put("budget", epochs + " epochs, batch " + images.batch() + ", SGD lr " + lr
                + (images.warmupEpochs() > 0 ? " after " + images.warmupEpochs() + " warm-up epoch(s) from " + lr / 10
                : "")
                + " (/10 at 50% and 75%), momentum " + Sgd.Config.HE_MOMENTUM + ", weight decay "
                + Sgd.Config.HE_WEIGHT_DECAY + ", seed " + images.seed()
                + (images.augment() ? ", augmented" : ""));
        for (Curve c : curves) {
            if (c.model().startsWith("plain")) {
                plain = plain.line(c.model(), c.iteration(), c.error());
            } else {
                residual = residual.line(c.model(), c.iteration(), c.error());
            }
            table.put(c.model(), String.format(Locale.ROOT, "final train error %.2f%%, test error %.2f%%",
                    100 * (1 - c.last().trainAccuracy()), 100 * (1 - c.last().testAccuracy())));
        }
        HtmlRenderer.write(Report.builder("Degradation: plain vs residual nets (He et al. Fig. 6)")
                .note("Training error (moving average over " + "1/20 of the run) against iterations; depths "
                        + Arrays.toString(depths) + ". With enough training, deeper plain nets train worse than"
                        + " shallower ones, while deeper residual nets train better.")
                .panels(plain, residual).table(table).build(), file);
    }
}
