package dev.residuum.cli;

import dev.residuum.cli.options.DataOption;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunOptions;
import dev.residuum.continual.AccuracyMatrix;
import dev.residuum.continual.Benchmarks;
import dev.residuum.continual.ContinualRun;
import dev.residuum.continual.ElasticWeightConsolidation;
import dev.residuum.continual.LoraConfig;
import dev.residuum.continual.ReplayBuffer;
import dev.residuum.continual.RowClassificationTask;
import dev.residuum.continual.TargetModules;
import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.io.JsonObject;
import dev.residuum.io.ModelMismatchException;
import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.run.MetricsLog;
import dev.residuum.run.MetricsRecord;
import dev.residuum.run.RunFolder;
import dev.residuum.train.EpochMetrics;
import dev.residuum.train.Gradients;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingListener;
import dev.residuum.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum experiment continual}: one continual-learning method on Split or Permuted
 * Fashion-MNIST ({@link Benchmarks}), in the task- or class-incremental scenario, scored after
 * every task ({@link AccuracyMatrix}: ACC, BWT, FWT, forgetting). The backbone is an MLP
 * {@code 784-H-H-K} (ReLU; modules {@code 0}, {@code 2}, {@code 4}), pre-trained on the first
 * task or read from {@code --base}; adapters go on all three Linear layers. {@code DIR} gets
 * {@code metrics.jsonl} (one line per epoch of each task), {@code result.json} (what
 * {@code --json} prints), {@code backbone.safetensors} and {@code report.html} (R as a heat map,
 * accuracy per task over time), staged and published together ({@link StagedOutput}).
 */
@Command(name = "continual", mixinStandardHelpOptions = true,
        description = "Continual learning on Split / Permuted Fashion-MNIST: fine-tuning, a shared adapter, per-task"
                + " adapters, experience replay or EWC; the accuracy matrix, ACC, BWT and FWT.")
final class ContinualCommand implements Callable<Integer> {
    static final String NAME = "experiment continual";
    private static final List<String> BENCHMARKS = List.of("split", "permuted");
    private static final List<String> SCENARIOS = List.of("task", "class");
    private static final List<String> METHODS = List.of("finetune", "shared-adapter", "per-task-adapter", "replay", "ewc");
    /** The backbone's Linear layers, the adapters' targets. */
    private static final TargetModules TARGETS = TargetModules.of("0", "2", "4");

    @Option(names = "--benchmark", required = true, paramLabel = "split|permuted",
            description = "Split: 5 tasks of 2 classes; permuted: every task all classes, pixels permuted.")
    String benchmark;

    @Option(names = "--scenario", defaultValue = "task", paramLabel = "task|class",
            description = "task: the task identity is known at test time (each split task on its own classes);"
                    + " class: one head over all classes, no task identity (split only) (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--method", required = true, paramLabel = "finetune|shared-adapter|per-task-adapter|replay|ewc",
            description = "How to learn the sequence.")
    String method;

    /** The adapters' rank unless {@code --adapter-rank} says otherwise. */
    static final int DEFAULT_RANK = 4;

    @Option(names = "--adapter-rank", paramLabel = "R", description = "LoRA rank of the adapters (default "
            + DEFAULT_RANK + ").")
    Integer rankGiven;

    int rank;

    @Option(names = "--adapter-alpha", paramLabel = "A",
            description = "lora_alpha of the adapters (default: 2 x R, scaling 2).")
    Double alpha;

    /** {@code --rank} and {@code --alpha}, this command's spellings before they became {@code train}'s. */
    @Option(names = "--rank", hidden = true)
    Integer rankAlias;

    @Option(names = "--alpha", hidden = true)
    Double alphaAlias;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs per task, and of the pre-training (default"
            + " ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--tasks", defaultValue = "5", description = "Tasks in the sequence (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--replay-buffer", defaultValue = "500", description = "Rows the replay memory keeps (default"
            + " ${DEFAULT-VALUE}).")
    int replayBuffer;

    @Option(names = "--ewc-lambda", defaultValue = "1000", description = "EWC's penalty strength lambda (default"
            + " ${DEFAULT-VALUE}).")
    double ewcLambda;

    @Option(names = "--fisher-samples", defaultValue = "1000", description = "Per-sample gradients in EWC's Fisher"
            + " (default ${DEFAULT-VALUE}).")
    int fisherSamples;

    @Option(names = "--limit", description = "Training images per task (default: all).")
    Integer limit;

    @Option(names = "--hidden", defaultValue = "256", description = "Width H of the backbone's hidden layers (default"
            + " ${DEFAULT-VALUE}).")
    int hidden;

    /** Adam's rate when every parameter trains. */
    static final double FULL_LR = 1e-3;
    /** Adam's rate when only adapters train (LoRA is usually trained at a ~10x higher rate). */
    static final double ADAPTER_LR = 1e-2;

    @Option(names = "--lr", description = "Adam's learning rate (default: " + FULL_LR + ", or " + ADAPTER_LR
            + " when only adapters train).")
    Double lrGiven;

    double lr;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    /** {@code --seed} (initialisation, permutations, data order, adapters and memory) and the run folder. */
    @Mixin
    RunOptions runOptions;

    long seed;

    @Option(names = "--base", paramLabel = "FILE.safetensors",
            description = "Backbone weights (the MLP's names 0.weight ... 4.bias) instead of pre-training on task 1.")
    Path base;

    @Mixin
    DataOption data;

    @Override
    public Integer call() throws IOException {
        seed = runOptions.seed();
        checkOptions();
        RunFolder folder = runOptions.open(NAME, false);
        runOptions.common().threads().apply();
        DataSource source = data.resolve();
        ImageSet train = source.read(Idx.TRAIN, Idx.ALL);
        ImageSet test = source.read(Idx.TEST, Idx.ALL);
        int perTask = limit == null ? Integer.MAX_VALUE : limit;
        List<RowClassificationTask> sequence;
        try {
            sequence = benchmark.equals("split")
                    ? Benchmarks.split(train, test, tasks, 2, scenario.equals("task"), perTask)
                    : Benchmarks.permuted(train, test, tasks, perTask, seed);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--tasks " + tasks + " on " + source.name() + ": " + e.getMessage());
        }
        int classes = 1 + Math.max(Arrays.stream(train.labels()).max().orElse(0), Arrays.stream(test.labels()).max()
                .orElse(0));
        int features = sequence.get(0).features();
        Module net = backbone(features, classes);

        StagedOutput staged = StagedOutput.begin(folder);
        MetricsLog metrics = MetricsLog.create(staged.file(RunFolder.METRICS));
        Progress progress = Progress.onStderr(runOptions.common().quiet());
        TrainerConfig config = TrainerConfig.adam(lr, epochs, batch, seed);
        long t0 = System.nanoTime();
        double pretrainSeconds = 0;
        if (base == null) { // every parameter trains: the full model's rate unless --lr says otherwise
            TrainerConfig pretrain = TrainerConfig.adam(lrGiven != null ? lrGiven : FULL_LR, epochs, batch, seed);
            new Trainer<>(sequence.get(0).objective(net), pretrain).fit(listener("pretrain", metrics, progress));
            pretrainSeconds = (System.nanoTime() - t0) / 1e9;
            progress.line(String.format(Locale.ROOT, "pre-trained the backbone on task 1 (%s): accuracy %.4f (%.1f s)",
                    sequence.get(0).name(), sequence.get(0).accuracy(net), pretrainSeconds));
        }
        Safetensors.save(staged.file("backbone.safetensors"), net, Map.of("model", "mlp"));
        long backboneParameters = net.parameterCount();
        ContinualRun.Listener runListener = new ContinualRun.Listener() {
            @Override
            public TrainingListener training(int task) {
                return listener("task" + (task + 1), metrics, progress);
            }

            @Override
            public void onTask(int task, double[] scores) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "after task %d/%d:", task + 1, tasks));
                for (double s : scores) {
                    sb.append(String.format(Locale.ROOT, " %.4f", s));
                }
                progress.line(sb.toString());
            }
        };
        ContinualRun.Result result = run(net, sequence, config, runListener);
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonObject out = result(result, source, backboneParameters, seconds, pretrainSeconds);
        Files.writeString(staged.file("result.json"), out + "\n", StandardCharsets.UTF_8);
        ContinualReport.write(staged.file(RunFolder.REPORT), this, result, sequence, source, backboneParameters);
        staged.publish();
        AccuracyMatrix m = result.accuracy();
        System.out.printf(Locale.ROOT, "%s on %s Fashion-MNIST (%s-incremental): ACC %.4f, BWT %.4f, FWT %.4f"
                        + " (%.1f s); report %s%n", method, benchmark, scenario, m.averageAccuracy(), m.backwardTransfer(),
                m.forwardTransfer(), seconds, folder.file(RunFolder.REPORT));
        runOptions.common().json().print(System.out, out);
        return 0;
    }

    private void checkOptions() {
        check("--benchmark", benchmark, BENCHMARKS);
        check("--scenario", scenario, SCENARIOS);
        check("--method", method, METHODS);
        if (benchmark.equals("permuted") && scenario.equals("class")) {
            throw new BadInputException("--scenario class: every permuted task has the same classes, so there is no class"
                    + " increment; use --scenario task (or --benchmark split)");
        }
        if (method.equals("per-task-adapter") && scenario.equals("class")) {
            throw new BadInputException("--method per-task-adapter selects each task's adapter by the task identity,"
                    + " which --scenario class withholds; use --scenario task");
        }
        Integer r = Require.oneSpelling("--adapter-rank", rankGiven, "--rank", rankAlias);
        rank = Require.atLeast("--adapter-rank", r != null ? r : DEFAULT_RANK, 1);
        alpha = Require.oneSpelling("--adapter-alpha", alpha, "--alpha", alphaAlias);
        Require.atLeast("--epochs", epochs, 1);
        Require.atLeast("--tasks", tasks, 1);
        Require.atLeast("--replay-buffer", replayBuffer, 1);
        Require.atLeast("--fisher-samples", fisherSamples, 1);
        Require.atLeast("--hidden", hidden, 1);
        Require.atLeast("--batch", batch, 1);
        Require.atLeastIfGiven("--limit", limit, 1);
        lr = lrGiven != null ? lrGiven : method.contains("adapter") ? ADAPTER_LR : FULL_LR;
        Require.positive("--lr", lr);
        if (!(ewcLambda >= 0) || !Double.isFinite(ewcLambda)) {
            throw new BadInputException("--ewc-lambda must be a number >= 0, got " + ewcLambda);
        }
        Require.positiveIfGiven("--adapter-alpha", alpha);
    }

    private static void check(String option, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new BadInputException(option + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
        }
    }

    /** The MLP, initialised from the seed or read from {@code --base}. */
    private Module backbone(int features, int classes) throws IOException {
        Rng rng = new Rng(seed);
        Module net = new Sequential(new Linear(features, hidden, true, rng), new Activation(Activation.Kind.RELU),
                new Linear(hidden, hidden, true, rng), new Activation(Activation.Kind.RELU),
                new Linear(hidden, classes, true, rng));
        if (base != null) {
            try {
                Safetensors.loadInto(base, net);
            } catch (ModelMismatchException e) {
                throw new BadInputException("--base " + base + " does not hold the backbone MLP " + features + "-" + hidden
                        + "-" + hidden + "-" + classes + " (0.weight ... 4.bias): " + e.getMessage());
            }
        }
        return net;
    }

    LoraConfig lora() {
        return LoraConfig.of(rank, alpha != null ? alpha : 2.0 * rank, TARGETS);
    }

    private ContinualRun.Result run(Module net, List<RowClassificationTask> sequence, TrainerConfig config,
                                    ContinualRun.Listener listener) {
        return switch (method) {
            case "finetune" -> ContinualRun.fineTuning(net, sequence, config, listener);
            case "shared-adapter" -> ContinualRun.sharedAdapter(net, sequence, lora(), config, seed, listener);
            case "per-task-adapter" -> ContinualRun.perTaskAdapters(net, sequence, lora(), config, seed, listener);
            case "replay" -> ContinualRun.replay(net, sequence, new ReplayBuffer(replayBuffer, seed), config, listener);
            case "ewc" -> ContinualRun.ewc(net, sequence, new ElasticWeightConsolidation(ewcLambda), fisherSamples, config,
                    listener);
            default -> throw new IllegalStateException(method);
        };
    }

    /** Writes each epoch to the metrics file and shows progress. */
    private TrainingListener listener(String name, MetricsLog metrics, Progress progress) {
        TrainProgress bar = new TrainProgress(progress, name, epochs);
        return new TrainingListener() {
            @Override
            public void onStep(TrainingState s, int stepsPerEpoch, Gradients g) {
                bar.onStep(s, stepsPerEpoch, g);
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                try {
                    metrics.append(MetricsRecord.Epoch.of(name, m));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                bar.onEpoch(m);
            }
        };
    }

    private JsonObject result(ContinualRun.Result r, DataSource source, long backboneParameters, double seconds,
                              double pretrainSeconds) {
        AccuracyMatrix m = r.accuracy();
        return new JsonObject().put("benchmark", benchmark).put("scenario", scenario).put("method", method)
                .put("data", source.name()).put("tasks", tasks).put("epochs", epochs)
                .put("limit", limit == null ? null : limit).put("seed", seed).put("lr", lr)
                .put("accuracy_matrix", List.of(m.rows())).put("initial_accuracy", m.initial())
                .put("acc", m.averageAccuracy()).put("bwt", m.backwardTransfer()).put("fwt", m.forwardTransfer())
                .put("forgetting", m.forgetting()).put("trainable_parameters", r.trainableParameters())
                .put("backbone_parameters", backboneParameters).put("total_parameters", r.totalParameters())
                .put("pretrained", base == null ? "task 1" : base.toString())
                .put("seconds", seconds).put("pretrain_seconds", pretrainSeconds);
    }
}
