package dev.residuum.train;

import dev.residuum.data.Shards;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.optim.Optimizer;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Minibatch training of any {@link Objective} with any optimizer and learning-rate schedule.
 * Each epoch shuffles the sample indices with a seeded generator (whose state the
 * {@link TrainingState} carries, so augmentation drawn from it resumes exactly), and each step is
 * two calls: {@link #computeGradients} (forward and backward inside a {@link Workspace} scope)
 * and {@link #apply} (the rate from the schedule, then the optimizer's update). A distributed
 * trainer sums the gradients of several workers between the two (a {@link GradientSource}); one
 * process can do the same, in turn or side by side ({@link TrainerConfig#microBatches()}); frozen
 * parameters get no gradient and no update.
 *
 * <p>With a run folder, a {@link Checkpoint} is written at each epoch end and every
 * {@link TrainerConfig#checkpointEvery()} steps; a resumed fit continues bit for bit as if the run had
 * never stopped (same thread count): same data order, same augmentation draws, same weights and
 * optimizer buffers, same epoch sums. Two fits with the same configuration, initialisation and
 * data give bit-identical parameters and metrics.
 *
 * <pre>{@code
 * Trainer<SampleBatch> trainer = new Trainer<>(new SupervisedObjective(model, x, y), TrainerConfig.adam(1e-2, 200, 32, 0));
 * TrainingResult r = trainer.fit();                       // model modified
 * }</pre>
 *
 * @param <B> the objective's batch type
 */
public final class Trainer<B extends Batch> {
    private final Objective<B> objective;
    private final TrainerConfig config;
    private final Optimizer optimizer;
    private final List<Parameter> parameters;
    private final double baseLr;
    private final Shards shards;
    private final int batchSize;
    private final int stepsPerEpoch;
    private final Workspace workspace = new Workspace();
    private final StepGradients<B> gradients;
    private final GradientSource<B> source;
    /** Whether the steps' gradients are this trainer's own (no {@link GradientSource} given): then fit fuses the update. */
    private final boolean ownGradients;
    private TrainingState state;
    private volatile boolean stopRequested;

    /**
     * A trainer of {@code objective}; its optimizer is made now over the objective's parameters.
     *
     * @param objective its model is modified by training
     */
    public Trainer(Objective<B> objective, TrainerConfig config) {
        this(objective, config, null);
    }

    /**
     * A trainer whose steps take their gradients from {@code source} (workers elsewhere) instead
     * of its own {@link #computeGradients}; everything else (schedule, optimizer, checkpoints,
     * evaluation, listener) is as for any trainer.
     *
     * @param source null for the trainer's own forward and backward
     */
    public Trainer(Objective<B> objective, TrainerConfig config, GradientSource<B> source) {
        this.source = source == null ? this::computeGradients : source;
        this.ownGradients = source == null;
        this.objective = Objects.requireNonNull(objective, "objective");
        this.config = Objects.requireNonNull(config, "config");
        int n = objective.size();
        if (n < 1) {
            throw new IllegalArgumentException("Trainer: the objective has no samples");
        }
        this.parameters = List.copyOf(objective.parameters());
        this.optimizer = config.optimizer().create(parameters);
        this.gradients = new StepGradients<>(objective, parameters, optimizer, workspace);
        this.baseLr = optimizer.lr();
        if (n < config.shards()) {
            throw new IllegalArgumentException("Trainer: " + config.shards() + " shards need at least as many samples, the"
                    + " objective has " + n);
        }
        this.shards = new Shards(n, config.shards());
        this.batchSize = shards.batchSize(config.batchSize());
        this.stepsPerEpoch = (shards.perEpoch() + batchSize - 1) / batchSize;
        this.state = TrainingState.start(objective.model().getClass().getSimpleName(),
                new Rng(config.seed()).nextLong(), baseLr);
    }

    /** The configuration. */
    public TrainerConfig config() {
        return config;
    }

    /** The optimizer (its state is what a checkpoint saves beside the model). */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Where the run stands. */
    public TrainingState state() {
        return state;
    }

    /** Batches per epoch. */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Asks a running {@link #fit} to return after the step in progress, without a checkpoint (thread-safe). */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Forward and backward of one batch: the gradients of its mean loss with respect to every
     * parameter that is not frozen (earlier gradients are cleared first). With
     * {@link TrainerConfig#microBatches()} {@code N > 1} the batch is split into {@code N} micro-batches
     * ({@link Objective#slice}), each run from the step's starting buffers, their gradients summed
     * and their buffers averaged as {@link MicroBatches} says; in turn, or side by side on the
     * {@link dev.residuum.kernel.Parallel} workers when {@link TrainerConfig#microBatches()} says so, with the same result.
     *
     * @param batch from the objective's {@link Objective#batches}; not modified
     * @return with one micro-batch or side by side, views of the parameters' gradient buffers,
     *     valid until the next call; otherwise arrays of their own
     * @throws DivergenceException if the loss is not finite (naming epoch and step)
     */
    public Gradients computeGradients(B batch) {
        return gradients.compute(batch, config.microBatches(), state);
    }

    /**
     * One update: the learning rate from the schedule at the current step, then the optimizer's
     * step with {@code gradients} (copied into the parameters' gradient buffers unless they are
     * those buffers); the {@link #state()} advances by one step (into the next epoch after an
     * epoch's last step). Frozen parameters are left alone.
     *
     * @param gradients over this trainer's parameters; not modified
     * @return the learning rate used
     */
    public double apply(Gradients gradients) {
        Objects.requireNonNull(gradients, "gradients");
        if (!gradients.parameters().equals(parameters)) {
            throw new IllegalArgumentException("Trainer.apply: the gradients are over other parameters ("
                    + gradients.parameters().size() + ", the trainer has " + parameters.size() + ")");
        }
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            float[] g = gradients.get(i);
            if (p.isFrozen()) {
                continue;
            }
            if (g == null) {
                p.zeroGrad();
            } else if (p.grad() == null) {
                p.value().setGrad(Tensor.wrap(g.clone(), p.value().shape()));
            } else if (p.grad().data() != g) {
                System.arraycopy(g, 0, p.grad().data(), 0, g.length);
            }
        }
        TrainingState s = beginStep();
        optimizer.step();
        return endStep(s);
    }

    /**
     * {@code apply(computeGradients(batch))}, fused where that is faster (the update of each
     * parameter while its gradient is in cache; {@link StepGradients#computeAndStep}), bit for bit
     * the same; the trainer's own steps in {@link #fit} take this path.
     *
     * @return the step's gradients, as {@link #computeGradients} returns them
     */
    public Gradients step(B batch) {
        if (!gradients.fusesStep(config.microBatches())) {
            Gradients g = computeGradients(batch);
            apply(g);
            return g;
        }
        TrainingState[] begun = new TrainingState[1];
        Gradients g = gradients.computeAndStep(batch, config.microBatches(), state, () -> begun[0] = beginStep());
        endStep(begun[0]);
        return g;
    }

    /**
     * The state a step starts from (the next epoch's first step when driven by hand past an
     * epoch's end), its learning rate from the schedule set on the optimizer.
     */
    private TrainingState beginStep() {
        TrainingState s = state;
        if (s.stepInEpoch() >= stepsPerEpoch) { // driven by hand past an epoch's end: the next epoch begins
            s = new TrainingState(s.model(), s.epoch() + 1, 0, s.globalStep(), s.augmentRngState(), s.augmentRngState(),
                    0, 0, 0, s.lr());
        }
        double epoch = s.epoch() + (config.schedulePerStep() ? (double) s.stepInEpoch() / stepsPerEpoch : 0);
        optimizer.setLr(config.schedule().lr(baseLr, epoch));
        return s;
    }

    /** After the optimizer's step from {@code s}: the state advances by one step. @return the learning rate used */
    private double endStep(TrainingState s) {
        double lr = optimizer.lr();
        state = new TrainingState(s.model(), s.epoch(), s.stepInEpoch() + 1, s.globalStep() + 1, s.epochRngState(),
                s.augmentRngState(), s.lossSum(), s.correct(), s.seen(), lr);
        return lr;
    }

    /** Fits without checkpoints or listener. */
    public TrainingResult fit() {
        return fit(TrainingListener.NONE);
    }

    /** Fits without checkpoints, reporting to {@code listener}. */
    public TrainingResult fit(TrainingListener listener) {
        try {
            return fit(null, state.model(), false, listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no run folder: no file is touched
        }
    }

    /**
     * Fits, checkpointing into {@code runDir}.
     *
     * @param runDir where checkpoints go, or null for none
     * @param name the run's model as stored in checkpoints; a resume must name the same
     * @param resume continue from the checkpoint in {@code runDir}
     * @throws IllegalArgumentException if the checkpoint is of another model, was written with
     *     another thread count (a resume on other kernels goes on, after a
     *     {@link TrainingListener#onWarning warning}), or resuming without a folder
     * @throws IllegalStateException if a loss is not finite
     */
    public TrainingResult fit(Path runDir, String name, boolean resume, TrainingListener listener) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listener, "listener");
        if (resume && runDir == null) {
            throw new IllegalArgumentException("Trainer: resuming needs a run folder");
        }
        stopRequested = false;
        HeapWatch.start();
        Module model = objective.model();
        if (resume) {
            List<String> warnings = ComputeEnvironment.current().checkResume(Checkpoint.environment(runDir),
                    "the checkpoint in " + runDir);
            state = Checkpoint.load(runDir, model, optimizer);
            if (!state.model().equals(name)) {
                throw new IllegalArgumentException("--resume: the checkpoint in " + runDir + " is of " + state.model()
                        + ", not " + name);
            }
            warnings.forEach(listener::onWarning);
        } else {
            state = TrainingState.start(name, new Rng(config.seed()).nextLong(), baseLr);
        }
        List<EpochMetrics> epochs = new ArrayList<>();
        long t0 = System.nanoTime();
        while (state.epoch() < config.epochs()) {
            long epochStart = System.nanoTime();
            Rng rng = new Rng(state.epochRngState());
            int[] order = shards.order(batchSize, config.shuffle() && batchSize < shards.perEpoch(), rng);
            long dataFrom = state.stepInEpoch() == 0 ? rng.state() : state.augmentRngState();
            double trainSeconds = 0;
            long samplesThisRun = 0;
            boolean classifies = false;
            try (Batches<B> batches = objective.batches(order, batchSize, state.stepInEpoch(), dataFrom)) {
                for (B b; (b = batches.next()) != null; ) {
                    long s0 = System.nanoTime();
                    Gradients g;
                    if (ownGradients) {
                        g = step(b);
                    } else {
                        g = source.gradients(b);
                        apply(g);
                    }
                    batches.recycle(b);
                    trainSeconds += (System.nanoTime() - s0) / 1e9;
                    samplesThisRun += g.samples();
                    classifies |= g.correct() >= 0;
                    TrainingState s = state; // apply advanced the step; the epoch's sums go with it
                    state = new TrainingState(name, s.epoch(), s.stepInEpoch(), s.globalStep(), s.epochRngState(),
                            b.rngAfter(), s.lossSum() + g.loss() * g.samples(), s.correct() + Math.max(0, g.correct()),
                            s.seen() + g.samples(), s.lr());
                    listener.onStep(state, stepsPerEpoch, g);
                    if (runDir != null && config.checkpointEvery() > 0 && b.index() + 1 < stepsPerEpoch
                            && state.globalStep() % config.checkpointEvery() == 0) {
                        Checkpoint.save(runDir, model, optimizer, state);
                    }
                    if (stopRequested) {
                        return new TrainingResult(epochs, state, true, (System.nanoTime() - t0) / 1e9);
                    }
                }
            }
            Evaluation eval = objective.evaluate(workspace);
            long heap = HeapWatch.bytesAfterLastGc();
            EpochMetrics m = new EpochMetrics(state.epoch() + 1, state.globalStep(), state.lr(),
                    state.lossSum() / state.seen(), classifies ? (double) state.correct() / state.seen() : Double.NaN,
                    eval.loss(), eval.accuracy(), samplesThisRun / Math.max(trainSeconds, 1e-9),
                    (System.nanoTime() - epochStart) / 1e9, heap < 0 ? Double.NaN : heap / 1048576.0);
            state = new TrainingState(name, state.epoch() + 1, 0, state.globalStep(), state.augmentRngState(),
                    state.augmentRngState(), 0, 0, 0, state.lr());
            if (runDir != null) {
                Checkpoint.save(runDir, model, optimizer, state);
            }
            epochs.add(m);
            listener.onEpoch(m);
        }
        return new TrainingResult(epochs, state, false, (System.nanoTime() - t0) / 1e9);
    }
}
