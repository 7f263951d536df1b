package dev.residuum.continual;

import dev.residuum.nn.Module;
import dev.residuum.train.Batch;
import dev.residuum.train.Objective;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingListener;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Trains a model on a sequence of tasks, one after the other with the one {@link Trainer}, and
 * scores it on every task after each (the {@link AccuracyMatrix}). Whether the task identity is
 * known at test time is the tasks' business: task-incremental tasks score the model on their own
 * output classes ({@link RowClassificationTask#classes()}), class-incremental ones on all. Methods:
 * <ul>
 *   <li>{@link #fineTuning}: every parameter trainable, one model through all tasks (the baseline
 *       that forgets);</li>
 *   <li>{@link #sharedAdapter}: the backbone frozen and one adapter trained on every task in turn;</li>
 *   <li>{@link #perTaskAdapters}: the backbone frozen and one new adapter per task ({@code task0},
 *       {@code task1}, ...); task {@code j} is scored with its own adapter selected, or with the
 *       base model while it has none yet. Earlier adapters are frozen, so their tasks' scores
 *       cannot change. It needs the task identity at test time (task-incremental);</li>
 *   <li>{@link #replay}: fine-tuning with experience replay from a {@link ReplayBuffer} that
 *       keeps a uniform sample of the tasks seen so far;</li>
 *   <li>{@link #ewc}: fine-tuning with {@link ElasticWeightConsolidation}'s penalty, consolidated
 *       after each task.</li>
 * </ul>
 * Each task gets a fresh optimizer; the trainer's seed is {@code config.seed() + task index}.
 */
public final class ContinualRun {
    /**
     * What a run gave.
     *
     * @param method "fine-tuning", "shared-adapter", "per-task-adapter", "replay" or "ewc"
     * @param accuracy the accuracy matrix and the accuracies before training
     * @param trainableParameters scalars trained for each task
     * @param totalParameters scalars of the model at the end, backbone and adapters
     * @param seconds wall time of the whole run
     */
    public record Result(String method, AccuracyMatrix accuracy, long[] trainableParameters, long totalParameters,
                         double seconds) {
        public Result {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(accuracy, "accuracy");
            trainableParameters = trainableParameters.clone();
        }

        @Override
        public long[] trainableParameters() {
            return trainableParameters.clone();
        }
    }

    /** Told of each task's training and of the scores after it; does nothing by default. */
    public interface Listener {
        /** A listener that does nothing. */
        Listener NONE = new Listener() { };

        /** The listener of task {@code task}'s training. */
        default TrainingListener training(int task) {
            return TrainingListener.NONE;
        }

        /**
         * Task {@code task} is trained and every task scored.
         *
         * @param scores {@code R[task][j]} for every task {@code j}
         */
        default void onTask(int task, double[] scores) {
        }
    }

    private ContinualRun() {
    }

    /**
     * Fine-tunes every parameter of {@code model} on each task in turn.
     *
     * @param model modified: unfrozen and trained
     * @param tasks at least one; not modified
     */
    public static Result fineTuning(Module model, List<? extends ContinualTask> tasks, TrainerConfig config) {
        return fineTuning(model, tasks, config, Listener.NONE);
    }

    /** As {@link #fineTuning(Module, List, TrainerConfig)}, telling {@code listener}. */
    public static Result fineTuning(Module model, List<? extends ContinualTask> tasks, TrainerConfig config,
                                    Listener listener) {
        long t0 = System.nanoTime();
        check(model, tasks, config);
        model.unfreeze();
        return inTurn("fine-tuning", model, tasks, config, scores(model, tasks), model::trainableParameterCount,
                i -> tasks.get(i).objective(model), i -> { }, listener, t0);
    }

    /**
     * Trains one adapter {@code shared} on each task in turn over the frozen backbone.
     *
     * @param model modified: frozen, and the adapter attached to it
     */
    public static Result sharedAdapter(Module model, List<? extends ContinualTask> tasks, LoraConfig lora,
                                       TrainerConfig config, long seed, Listener listener) {
        long t0 = System.nanoTime();
        check(model, tasks, config);
        AdapterStore store = new AdapterStore(model, seed);
        double[] initial = scores(model, tasks);
        store.add("shared", lora);
        return inTurn("shared-adapter", model, tasks, config, initial, store::trainableParameterCount,
                i -> tasks.get(i).objective(model), i -> { }, listener, t0);
    }

    /**
     * Fine-tunes every parameter with experience replay: each batch of task {@code t} is joined by
     * as many rows drawn from {@code memory}, and after task {@code t} its rows are offered to
     * the memory.
     *
     * @param model modified: unfrozen and trained
     * @param memory modified: holds a sample of every task at the end
     */
    public static Result replay(Module model, List<RowClassificationTask> tasks, ReplayBuffer memory,
                                TrainerConfig config, Listener listener) {
        long t0 = System.nanoTime();
        check(model, tasks, config);
        Objects.requireNonNull(memory, "memory");
        model.unfreeze();
        return inTurn("replay", model, tasks, config, scores(model, tasks), model::trainableParameterCount,
                i -> tasks.get(i).objective(model, memory), i -> memory.add(tasks.get(i)), listener, t0);
    }

    /**
     * Fine-tunes every parameter with the EWC penalty of the tasks before; after each task, its
     * Fisher diagonal is estimated from {@code fisherSamples} of its training samples.
     *
     * @param model modified: unfrozen and trained
     * @param ewc modified: consolidates every task
     */
    public static Result ewc(Module model, List<? extends ContinualTask> tasks, ElasticWeightConsolidation ewc,
                             int fisherSamples, TrainerConfig config, Listener listener) {
        long t0 = System.nanoTime();
        check(model, tasks, config);
        Objects.requireNonNull(ewc, "ewc");
        model.unfreeze();
        return inTurn("ewc", model, tasks, config, scores(model, tasks), model::trainableParameterCount,
                i -> ewc.penalised(tasks.get(i).objective(model)),
                i -> ewc.consolidate(tasks.get(i).objective(model), fisherSamples, config.seed() + i), listener, t0);
    }

    /**
     * Trains whatever is trainable in {@code model} on each task in turn ({@code objective}), then
     * runs {@code after}, scoring every task after each.
     */
    private static Result inTurn(String method, Module model, List<? extends ContinualTask> tasks, TrainerConfig config,
                                 double[] initial, LongSupplier trainable, IntFunction<Objective<?>> objective,
                                 IntConsumer after, Listener listener, long t0) {
        int n = tasks.size();
        double[][] r = new double[n][];
        long[] trained = new long[n];
        for (int i = 0; i < n; i++) {
            trained[i] = trainable.getAsLong();
            fit(objective.apply(i), config.withSeed(config.seed() + i), listener.training(i));
            after.accept(i);
            r[i] = scores(model, tasks);
            listener.onTask(i, r[i].clone());
        }
        return new Result(method, AccuracyMatrix.of(r, initial), trained, model.parameterCount(), seconds(t0));
    }

    /**
     * Trains a new adapter per task over the frozen backbone; scores each task with its own.
     *
     * @param model modified: frozen, and the adapters attached to it (the last one selected at the end)
     * @return the result; the store's adapters are named {@code task0 .. task(T-1)}
     */
    public static Result perTaskAdapters(Module model, List<? extends ContinualTask> tasks, LoraConfig lora,
                                         TrainerConfig config, long seed, Listener listener) {
        long t0 = System.nanoTime();
        check(model, tasks, config);
        AdapterStore store = new AdapterStore(model, seed);
        int n = tasks.size();
        double[] initial = scores(model, tasks);
        double[][] r = new double[n][n];
        long[] trained = new long[n];
        for (int i = 0; i < n; i++) {
            store.add(adapterName(i), lora);
            store.select(adapterName(i));
            trained[i] = store.trainableParameterCount();
            fit(tasks.get(i).objective(model), config.withSeed(config.seed() + i), listener.training(i));
            for (int j = 0; j < n; j++) {
                if (j <= i) {
                    store.select(adapterName(j));
                    r[i][j] = tasks.get(j).accuracy(model);
                } else {
                    store.disable();
                    r[i][j] = tasks.get(j).accuracy(model);
                    store.enable();
                }
            }
            listener.onTask(i, r[i].clone());
        }
        store.select(adapterName(n - 1));
        return new Result("per-task-adapter", AccuracyMatrix.of(r, initial), trained, model.parameterCount(),
                seconds(t0));
    }

    /** The adapter {@link #perTaskAdapters} trains for task {@code index}. */
    public static String adapterName(int index) {
        return "task" + index;
    }

    private static <B extends Batch> void fit(Objective<B> objective, TrainerConfig config, TrainingListener listener) {
        new Trainer<>(objective, config).fit(listener);
    }

    private static double[] scores(Module model, List<? extends ContinualTask> tasks) {
        double[] s = new double[tasks.size()];
        for (int j = 0; j < s.length; j++) {
            s[j] = tasks.get(j).accuracy(model);
        }
        return s;
    }

    private static void check(Module model, List<? extends ContinualTask> tasks, TrainerConfig config) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("ContinualRun: needs at least one task");
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
