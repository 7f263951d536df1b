package dev.residuum.cli;

import dev.residuum.cli.options.AdapterOption;
import dev.residuum.cli.options.DiagnoseOption;
import dev.residuum.cli.options.ImageTrainingOption;
import dev.residuum.cli.options.SparkOption;
import dev.residuum.cli.options.RunFolderOption;
import dev.residuum.cli.options.CommonOptions;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.ModelOption;
import dev.residuum.continual.AdapterStore;
import dev.residuum.continual.PeftFormat;
import dev.residuum.data.ImageSet;
import dev.residuum.io.JsonObject;
import dev.residuum.io.ModelMismatchException;
import dev.residuum.io.Safetensors;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.nn.residual.LongSkips;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Sgd;
import dev.residuum.kernel.Rng;
import dev.residuum.run.MetricsLog;
import dev.residuum.run.MetricsRecord;
import dev.residuum.run.RunFolder;
import dev.residuum.spark.SparkTraining;
import dev.residuum.spark.StepTimes;
import dev.residuum.train.Checkpoint;
import dev.residuum.train.ComputeEnvironment;
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
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum train}: trains a CIFAR-style ResNet (or its plain twin) on MNIST-style images
 * with He et al.'s recipe, checkpointing into a run folder that a later {@code --resume} continues
 * from bit for bit. Writes {@code metrics.jsonl}, {@code report.html} and, at the end,
 * {@code model.safetensors} (PyTorch's names).
 */
@Command(name = TrainCommand.NAME, mixinStandardHelpOptions = true,
        description = "Train resnetN / plainN (N = 6n+2) on Fashion-MNIST-style images; checkpoints survive a kill.")
final class TrainCommand implements Callable<Integer> {
    /** The command's name; its run folders keep its arguments in {@code train-args.txt}. */
    static final String NAME = "train";
    /** The run folder's PEFT-format adapter folder, with {@code --adapter-rank}. */
    static final String ADAPTER_DIR = AdapterOption.DIR;
    /** Exit status of a run stopped by SIGINT or SIGTERM (128 + SIGINT's number, as shells report Ctrl-C). */
    static final int EXIT_INTERRUPTED = 130;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Set on the command re-parsed from the saved arguments (so it does not merge again). */
    private boolean merged;

    @Option(names = "--model", defaultValue = "resnet20", description = "resnetN or plainN (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--shortcut", defaultValue = "A", paramLabel = "A|B",
            description = "Shortcut where the shape changes (residual nets): A or B (default ${DEFAULT-VALUE}).")
    String shortcut;

    @Option(names = "--rezero", description = "A learned scalar per block, initialised at 0.")
    boolean rezero;

    @Option(names = "--zero-init-residual", description = "Start each block's last BN gain at 0.")
    boolean zeroInitResidual;

    @Option(names = "--long-skips", paramLabel = "every:K|u",
            description = "Long skips across blocks inside each stage: every K blocks, or U-shaped (default none).")
    String longSkips;

    /** {@code --diagnose-every}, {@code --diagnose}, {@code --diagnose-batch}. */
    @Mixin
    DiagnoseOption diagnose;

    @Mixin
    ImageTrainingOption images;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--momentum", defaultValue = "" + Sgd.Config.HE_MOMENTUM,
            description = "SGD momentum (default ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "" + Sgd.Config.HE_WEIGHT_DECAY,
            description = "Weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--schedule", defaultValue = LrSchedule.DEFAULT, paramLabel = "multistep[:F,..]|cosine|constant",
            description = "Learning rate schedule; multistep divides by 10 at 50%% and 75%% (or at the given fractions)"
                    + " of the epochs after warm-up (default ${DEFAULT-VALUE}).")
    String schedule;

    /** {@code --micro-batches}, {@code --spark}. */
    @Mixin
    SparkOption parallel;

    @Mixin
    CommonOptions common;

    @Option(names = "--checkpoint-every", defaultValue = "200", paramLabel = "STEPS",
            description = "Checkpoint every STEPS steps as well as at each epoch end; 0: epoch ends only"
                    + " (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    /** {@code --adapter-rank}, {@code --adapter-alpha}, {@code --adapter-targets}. */
    @Mixin
    AdapterOption adapter;

    @Option(names = "--base", paramLabel = "FILE.safetensors", description = "Start from these weights (the model's"
            + " PyTorch names), e.g. the backbone an adapter is trained on.")
    Path base;

    /** {@code --out} (default runs/&lt;model&gt;-&lt;time&gt;), {@code --resume}, {@code --overwrite}. */
    @Mixin
    RunFolderOption runFolder;

    @Override
    public Integer call() throws IOException {
        boolean resume = runFolder.resume();
        if (resume && !merged) {
            // the saved options first, then the ones given now (which win)
            List<String> args = runFolder.open(NAME, true, null).resumeArguments(NAME, givenArgs());
            TrainCommand again = new TrainCommand();
            again.merged = true;
            new CommandLine(again).setOverwrittenOptionsAllowed(true).parseArgs(args.toArray(new String[0]));
            return again.call();
        }
        validate();
        LrSchedule lrSchedule = lrSchedule();
        int threadCount = common.threads().apply();
        CifarResNet.Config arch = architecture();
        String spec = modelSpec(arch);
        RunFolder folder = runFolder.open(NAME, true, Path.of("runs",
                model + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Path out = folder.dir();
        TrainingState saved = null;
        if (resume && !Checkpoint.exists(out)) {
            if (!folder.hasArguments(NAME)) {
                throw new BadInputException("--resume: no " + Checkpoint.WEIGHTS + " in " + out + "; start the run without --resume");
            }
            // started with these arguments, stopped before its first checkpoint: nothing to continue from
            System.err.println("residuum: no checkpoint yet in " + out + " (the run stopped before its first one);"
                    + " starting it from the beginning");
            resume = false;
        }
        if (resume) {
            saved = Checkpoint.peek(out);
            if (!saved.model().equals(spec)) {
                throw new BadInputException("--resume: " + out + " holds a run of '" + saved.model() + "', not '" + spec + "'");
            }
            // refused here, before the folder is touched; other kernels are reported by the trainer
            ComputeEnvironment.current().checkResume(Checkpoint.environment(out), "the checkpoint in " + out);
        }
        SparkOption.Inputs data = parallel.read(images); // on Spark: the test split, and where the executors read
        ImageSet test = data.test();
        folder.begin(); // the inputs are read: only now does the run folder appear
        MetricsLog metrics;
        if (resume) {
            metrics = MetricsLog.resume(folder.file(RunFolder.METRICS), saved.epoch());
        } else {
            metrics = MetricsLog.create(folder.file(RunFolder.METRICS));
            List<String> given = givenArgs();
            given.removeIf(a -> a.equals("--json") || a.equals("--overwrite") || a.equals("--resume") || a.equals("--quiet")
                    || a.equals("-q"));
            folder.saveArguments(NAME, given);
        }
        CifarResNet net = new CifarResNet(arch, new Rng(images.seed()));
        AdapterStore adapters = adapt(net);
        try (SparkTraining cluster = parallel.master() == null ? null : parallel.start(
                adapter.modelFactory(modelSpec(arch, false)), net, data, images.augmentation())) {
            int parts = cluster != null ? cluster.parts() : parallel.localParts();
            TrainerConfig config = new TrainerConfig(epochs, images.batch(),
                    OptimizerFactory.sgd(new Sgd.Config(images.lr(), momentum, 0, weightDecay, false)), lrSchedule,
                    true, images.seed(), true, checkpointEvery).withDataParallel(parts);
            return train(config, cluster, folder, metrics, net, arch, adapters, spec, data, threadCount, resume);
        }
    }

    private int train(TrainerConfig config, SparkTraining cluster, RunFolder folder, MetricsLog metrics, CifarResNet net,
                      CifarResNet.Config arch, AdapterStore adapters, String spec, SparkOption.Inputs data,
                      int threadCount, boolean resume) throws IOException {
        ImageSet test = data.test();
        int trainSize = cluster != null ? cluster.trainingSamples() : data.train().size();
        Path out = folder.dir();
        Progress progress = Progress.onStderr(common.quiet());
        progress.line(String.format(Locale.ROOT, "residuum train: %s (%,d parameters) on %s: %d training / %d test images,"
                        + " %d epochs, batch %d, %d thread(s)%s -> %s%s", spec, net.parameterCount(), data.name(),
                trainSize, test.size(), epochs, images.batch(), threadCount, parallelism(cluster, config), out,
                resume ? " (resuming)" : ""));
        TrainProgress bar = new TrainProgress(progress, "", epochs);
        TrainingListener probe = diagnose.probe(net, test, images.seed(), metrics::appendUnchecked);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(TrainingState s, int stepsPerEpoch, Gradients g) {
                probe.onStep(s, stepsPerEpoch, g);
                bar.onStep(s, stepsPerEpoch, g);
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                metrics.appendUnchecked(MetricsRecord.Epoch.of(null, m));
                bar.onEpoch(m);
            }

            @Override
            public void onWarning(String message) {
                progress.clear();
                System.err.println("residuum: warning: " + message);
            }
        };
        Trainer<?> trainer = cluster != null ? cluster.trainer(config) : new Trainer<>(new ImageClassification(net,
                data.train(), test, images.augmentation(), ImageClassification.EVAL_BATCH), config);
        TrainingResult result;
        try (StopOnSignal signal = StopOnSignal.install(trainer::stop)) {
            result = trainer.fit(out, spec, resume, listener);
        }
        if (result.stopped()) {
            Checkpoint.save(out, net, trainer.optimizer(), result.state());
            TrainingState at = result.state();
            progress.clear();
            System.err.printf(Locale.ROOT, "interrupted at epoch %d step %d; continue with: bin/residuum train --out %s"
                    + " --resume%n", at.epoch() + 1, at.stepInEpoch(), out);
            return EXIT_INTERRUPTED;
        }
        if (adapters != null) { // the adapter alone in PEFT's format, and the untouched backbone beside it
            PeftFormat.save(adapters, AdapterOption.NAME, folder.file(ADAPTER_DIR));
            adapters.delete(AdapterOption.NAME);
        }
        Safetensors.save(folder.file(RunFolder.MODEL), net, Map.of("model", modelSpec(arch, false)));
        Map<String, String> settings = settings(spec, data, trainSize, test, threadCount);
        if (config.shards() > 1 || cluster != null) {
            settings.put("parallelism", parallelism(cluster, config).substring(2));
        }
        TrainReport.write(folder.file(RunFolder.REPORT), "residuum train: " + spec, metrics.epochs(), metrics.probes(),
                settings);
        List<MetricsRecord.Epoch> done = metrics.epochs();
        MetricsRecord.Epoch last = done.isEmpty() ? null : done.get(done.size() - 1);
        double testAccuracy = last == null ? Double.NaN : last.testAccuracy();
        double imagesPerS = result.epochs().stream().mapToDouble(EpochMetrics::samplesPerSecond).average()
                .orElse(Double.NaN);
        progress.clear();
        System.out.printf(Locale.ROOT, "done: test accuracy %.4f after %d epochs (%.1f s); weights %s, report %s%n",
                testAccuracy, epochs, result.seconds(), folder.file(RunFolder.MODEL), folder.file(RunFolder.REPORT));
        common.json().print(System.out, new JsonObject().put("model", spec).put("epochs", epochs)
                .put("steps", result.state().globalStep())
                .put("train_loss", last == null ? Double.NaN : last.trainLoss())
                .put("train_accuracy", last == null ? Double.NaN : last.trainAccuracy())
                .put("test_loss", last == null ? Double.NaN : last.testLoss()).put("test_accuracy", testAccuracy)
                .put("seconds", result.seconds()).put("images_per_s", imagesPerS)
                .put("micro_batches", config.shards())
                .put("spark", cluster == null ? null : stepTimes(cluster))
                .put("out", out.toString()).put("report", folder.file(RunFolder.REPORT).toString()));
        return 0;
    }

    /** ", 2 micro-batches" or ", Spark local[2]: 2 partitions", or "" for plain training. */
    private static String parallelism(SparkTraining cluster, TrainerConfig config) {
        if (cluster != null) {
            return ", Spark " + cluster.master() + ": " + cluster.parts() + " partitions";
        }
        return config.shards() > 1 ? ", " + config.shards() + " micro-batches" : "";
    }

    /** The master, the partitions and the mean step split into its parts (ms). */
    private static JsonObject stepTimes(SparkTraining cluster) {
        StepTimes t = cluster.times();
        double perStep = 1e3 / Math.max(1, t.steps());
        return new JsonObject().put("master", cluster.master()).put("partitions", cluster.parts())
                .put("steps", t.steps()).put("step_ms", t.millisPerStep())
                .put("compute_ms", t.compute() * perStep).put("broadcast_ms", t.broadcast() * perStep)
                .put("job_ms", t.job() * perStep).put("aggregation_ms", t.aggregation() * perStep)
                .put("broadcast_bytes_per_step", t.bytesBroadcast() / Math.max(1, t.steps()));
    }

    /** The arguments given to this command (after the command's name). */
    private List<String> givenArgs() {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int name = all.indexOf(spec.name());
        return new ArrayList<>(name >= 0 ? all.subList(name + 1, all.size()) : all);
    }

    private void validate() {
        Require.atLeast("--epochs", epochs, 1);
        parallel.check(); // a malformed local master is refused before the run folder appears
        images.check(epochs);
        Require.nonNegative("--momentum", momentum);
        Require.nonNegative("--weight-decay", weightDecay);
        Require.nonNegative("--checkpoint-every", checkpointEvery);
        adapter.check();
        diagnose.check();
    }

    private CifarResNet.Config architecture() {
        CifarResNet.Config c = CifarResNet.Config.of(model);
        if (c.shortcut() != CifarResNet.ShortcutKind.NONE) {
            c = c.withShortcut(ModelOption.parseShortcut(shortcut));
        }
        if (rezero && zeroInitResidual) {
            throw new BadInputException("--rezero and --zero-init-residual both start the branch at 0; choose one");
        }
        return c.withReZero(rezero).withZeroInitResidual(zeroInitResidual).withLongSkips(longSkips());
    }

    private LongSkips longSkips() {
        try {
            return longSkips == null ? LongSkips.NONE : LongSkips.parse(longSkips);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--long-skips: " + e.getMessage());
        }
    }

    /** The model as stored in checkpoints: name plus the options that change the architecture. */
    private String modelSpec(CifarResNet.Config c) {
        return modelSpec(c, true);
    }

    /** The model, and with {@code withAdapter} the adapter trained on it (what a resume must match). */
    private String modelSpec(CifarResNet.Config c, boolean withAdapter) {
        return model.trim().toLowerCase(Locale.ROOT)
                + (c.shortcut() == CifarResNet.ShortcutKind.B ? " --shortcut B" : "")
                + (rezero ? " --rezero" : "") + (zeroInitResidual ? " --zero-init-residual" : "")
                + (c.longSkips().enabled() ? " --long-skips " + c.longSkips().spec() : "")
                + (withAdapter && adapter.enabled() ? " --adapter-rank " + adapter.rank() : "");
    }

    /**
     * Loads {@code --base} into {@code net}, and with {@code --adapter-rank} freezes it and adds the
     * adapter (B = 0: training starts at the base model).
     *
     * @return the adapters, or null without {@code --adapter-rank}
     */
    private AdapterStore adapt(CifarResNet net) throws IOException {
        if (base != null) {
            try {
                Safetensors.loadInto(base, net);
            } catch (ModelMismatchException e) {
                throw new BadInputException("--base " + base + " does not hold the weights of " + net.config().describe()
                        + ": " + e.getMessage());
            }
        }
        return adapter.attach(net, images.seed());
    }

    /** The parsed {@code --schedule}, after {@code --warmup-epochs} of linear warm-up. */
    private LrSchedule lrSchedule() {
        try {
            return LrSchedule.parse(schedule, epochs, images.warmupEpochs());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private Map<String, String> settings(String spec, SparkOption.Inputs data, int trainSize, ImageSet test,
                                         int threadCount) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", spec);
        if (adapter.enabled()) {
            m.put("adapter", adapter.describe() + (base != null ? " over " + base : "") + "; saved in PEFT's format in "
                    + ADAPTER_DIR + "/");
        }
        m.put("data", data.name() + " (" + data.folder() + "): " + trainSize + " training, " + test.size() + " test images");
        m.put("optimizer", String.format(Locale.ROOT, "SGD lr %s, momentum %s, weight decay %s, batch %d", images.lr(),
                momentum, weightDecay, images.batch()));
        m.put("schedule", schedule + (images.warmupEpochs() > 0 ? ", warm-up " + images.warmupEpochs() + " epochs" : ""));
        m.put("augmentation", images.augment() ? "pad 4 + random crop, horizontal flip" : "none");
        m.put("epochs, seed, threads", epochs + ", " + images.seed() + ", " + threadCount);
        m.put("command", "bin/residuum train " + String.join(" ", givenArgs()));
        String[] version = new Main.Version().getVersion();
        m.put("residuum, java", version[0] + "; " + version[1]);
        for (int i = 2; i < version.length; i++) {
            int colon = version[i].indexOf(": ");
            m.put(version[i].substring(0, colon), version[i].substring(colon + 2));
        }
        return m;
    }
}
