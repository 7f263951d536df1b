package dev.residuum.train;

import dev.residuum.data.Augmentation;
import dev.residuum.data.BatchLoader;
import dev.residuum.data.ImageSet;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Sgd;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains an image classifier with SGD and cross-entropy, as He et al. train CIFAR ResNets: each
 * epoch shuffles the training images with a seeded generator, optionally augments them
 * ({@link Augmentation}) with draws from the same generator, feeds minibatches prepared by a
 * {@link BatchLoader} thread, sets the learning rate before every step from the schedule at the
 * fractional epoch {@code epoch + step / stepsPerEpoch}, and evaluates on the test split at the
 * end of the epoch.
 *
 * <p>With a run folder, a {@link Checkpoint} is written at each epoch end and every
 * {@code checkpointEvery} steps; {@code fit(..., resume = true)} continues from it bit for bit as
 * if the run had never stopped (same thread count): same data order, same augmentation draws,
 * same weights and optimizer buffers, same epoch sums.
 *
 * <pre>{@code
 * ImageTrainer trainer = new ImageTrainer(ImageTrainer.Config.heEtAl(3, 42));
 * TrainingResult r = trainer.fit(net, "resnet20", train, test, runDir, false, listener);  // net modified
 * }</pre>
 */
public final class ImageTrainer {
    /**
     * How to train.
     *
     * @param epochs total epochs of the run (at least 1)
     * @param batchSize images per step (at least 1; the last batch of an epoch may be smaller)
     * @param sgd optimizer hyper-parameters; {@code sgd.lr()} is the schedule's base rate
     * @param schedule learning rate by fractional epoch (compose {@link LrSchedule.Warmup} for warm-up)
     * @param augmentation applied to training images ({@link Augmentation#NONE} for none)
     * @param seed fixes the data order and augmentation (the model's initialisation is the caller's)
     * @param checkpointEvery write a checkpoint every this many steps as well as at epoch ends
     *     (0: at epoch ends only); needs a run folder
     * @param evalBatch batch size of the evaluation (at least 1)
     */
    public record Config(int epochs, int batchSize, Sgd.Config sgd, LrSchedule schedule, Augmentation augmentation,
                         long seed, int checkpointEvery, int evalBatch) {
        public Config {
            Objects.requireNonNull(sgd, "sgd");
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(augmentation, "augmentation");
            if (epochs < 1 || batchSize < 1 || evalBatch < 1 || checkpointEvery < 0) {
                throw new IllegalArgumentException("ImageTrainer: epochs, batch size and evaluation batch must be >= 1"
                        + " and checkpointEvery >= 0, got " + epochs + ", " + batchSize + ", " + evalBatch + ", "
                        + checkpointEvery);
            }
        }

        /** He et al.'s recipe: SGD 0.1, momentum 0.9, weight decay 1e-4, batch 128, rate / 10 at 50% and 75%, augmented. */
        public static Config heEtAl(int epochs, long seed) {
            return new Config(epochs, 128, new Sgd.Config(0.1, 0.9, 0, 1e-4, false),
                    new LrSchedule.MultiStep(milestones(epochs, 0.5, 0.75), 0.1), Augmentation.STANDARD, seed, 0, 256);
        }

        /** Epochs at the given fractions of {@code epochs}, rounded, increasing, at least 1 apart. */
        public static int[] milestones(int epochs, double... fractions) {
            int[] m = new int[fractions.length];
            int last = 0;
            for (int i = 0; i < m.length; i++) {
                m[i] = Math.max(last + 1, (int) Math.round(fractions[i] * epochs));
                last = m[i];
            }
            return m;
        }

        public Config withEpochs(int e) { return new Config(e, batchSize, sgd, schedule, augmentation, seed, checkpointEvery, evalBatch); }
        public Config withBatchSize(int b) { return new Config(epochs, b, sgd, schedule, augmentation, seed, checkpointEvery, evalBatch); }
        public Config withSgd(Sgd.Config s) { return new Config(epochs, batchSize, s, schedule, augmentation, seed, checkpointEvery, evalBatch); }
        public Config withSchedule(LrSchedule s) { return new Config(epochs, batchSize, sgd, s, augmentation, seed, checkpointEvery, evalBatch); }
        public Config withAugmentation(Augmentation a) { return new Config(epochs, batchSize, sgd, schedule, a, seed, checkpointEvery, evalBatch); }
        public Config withSeed(long s) { return new Config(epochs, batchSize, sgd, schedule, augmentation, s, checkpointEvery, evalBatch); }
        public Config withCheckpointEvery(int c) { return new Config(epochs, batchSize, sgd, schedule, augmentation, seed, c, evalBatch); }
    }

    private final Config config;
    private volatile boolean stopRequested;

    public ImageTrainer(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** Asks a running {@link #fit} to return after the step in progress, without a checkpoint (thread-safe). */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Trains {@code model}.
     *
     * @param model modified; freshly built (and, when resuming, of the architecture named {@code modelName})
     * @param modelName stored in checkpoints; a resume must name the same model
     * @param train training images {@code [N, C, H, W]} and labels; not modified
     * @param test evaluated after each epoch; not modified
     * @param runDir where checkpoints go, or null for none
     * @param resume continue from the checkpoint in {@code runDir}
     * @throws IllegalArgumentException if the checkpoint is of another model, or resuming without one
     * @throws IllegalStateException if a loss is not finite (naming epoch and step)
     */
    public TrainingResult fit(Module model, String modelName, ImageSet train, ImageSet test, Path runDir,
                              boolean resume, TrainingListener listener) throws IOException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(listener, "listener");
        if (resume && runDir == null) {
            throw new IllegalArgumentException("ImageTrainer: resuming needs a run folder");
        }
        stopRequested = false;
        HeapWatch.start();
        int n = train.size();
        int batch = Math.min(config.batchSize(), n);
        int stepsPerEpoch = (n + batch - 1) / batch;
        double baseLr = config.sgd().lr();
        Sgd sgd = new Sgd(model.parameters(), config.sgd());
        TrainingState state;
        if (resume) {
            state = Checkpoint.load(runDir, model, sgd);
            if (!state.model().equals(modelName)) {
                throw new IllegalArgumentException("--resume: the checkpoint in " + runDir + " is of " + state.model()
                        + ", not " + modelName);
            }
        } else {
            state = TrainingState.start(modelName, new Rng(config.seed()).nextLong(), baseLr);
        }
        int[] d = train.images().shape().dims();
        Workspace workspace = new Workspace();
        List<ImageEpochMetrics> epochs = new ArrayList<>();
        long t0 = System.nanoTime();
        while (state.epoch() < config.epochs()) {
            long epochStart = System.nanoTime();
            int epoch = state.epoch();
            Rng rng = new Rng(state.epochRngState());
            int[] order = shuffled(n, rng);
            long augmentFrom = state.stepInEpoch() == 0 ? rng.state() : state.augmentRngState();
            double trainSeconds = 0;
            long imagesThisRun = 0;
            try (BatchLoader loader = new BatchLoader(train, order, batch, config.augmentation(), augmentFrom,
                    state.stepInEpoch())) {
                for (BatchLoader.Batch b; (b = loader.next()) != null; ) {
                    long s0 = System.nanoTime();
                    double lr = config.schedule().lr(baseLr, epoch + (double) b.index() / stepsPerEpoch);
                    sgd.setLr(lr);
                    sgd.zeroGrad();
                    double loss;
                    int correct;
                    try (Workspace.Scope scope = workspace.enter()) {
                        Tensor x = Tensor.empty(Shape.of(b.size(), d[1], d[2], d[3]));
                        System.arraycopy(b.images(), 0, x.data(), 0, x.numel());
                        Tensor logits = model.forward(x, true);
                        Tensor l = logits.crossEntropy(b.labels());
                        loss = l.item();
                        if (!Double.isFinite(loss)) {
                            throw new IllegalStateException("ImageTrainer: the loss is " + loss + " at epoch "
                                    + (epoch + 1) + ", step " + (b.index() + 1) + "; lower the learning rate");
                        }
                        correct = Evaluation.correct(logits, b.labels());
                        l.backward();
                    }
                    sgd.step();
                    loader.recycle(b);
                    trainSeconds += (System.nanoTime() - s0) / 1e9;
                    imagesThisRun += b.size();
                    state = new TrainingState(modelName, epoch, b.index() + 1, state.globalStep() + 1,
                            state.epochRngState(), b.rngAfter(), state.lossSum() + loss * b.size(),
                            state.correct() + correct, state.seen() + b.size(), lr);
                    listener.onStep(state, stepsPerEpoch, loss);
                    if (runDir != null && config.checkpointEvery() > 0 && b.index() + 1 < stepsPerEpoch
                            && state.globalStep() % config.checkpointEvery() == 0) {
                        Checkpoint.save(runDir, model, sgd, state);
                    }
                    if (stopRequested) {
                        return new TrainingResult(epochs, state, true, (System.nanoTime() - t0) / 1e9);
                    }
                }
            }
            Evaluation eval = Evaluation.of(model, test, config.evalBatch(), workspace);
            ImageEpochMetrics m = new ImageEpochMetrics(epoch + 1, state.globalStep(), state.lr(),
                    state.lossSum() / state.seen(), 1 - (double) state.correct() / state.seen(), eval.loss(),
                    eval.error(), imagesThisRun / Math.max(trainSeconds, 1e-9), (System.nanoTime() - epochStart) / 1e9,
                    HeapWatch.bytesAfterLastGc() < 0 ? Double.NaN : HeapWatch.bytesAfterLastGc() / 1048576.0);
            state = new TrainingState(modelName, epoch + 1, 0, state.globalStep(), state.augmentRngState(),
                    state.augmentRngState(), 0, 0, 0, state.lr());
            if (runDir != null) {
                Checkpoint.save(runDir, model, sgd, state);
            }
            epochs.add(m);
            listener.onEpoch(m);
        }
        return new TrainingResult(epochs, state, false, (System.nanoTime() - t0) / 1e9);
    }

    /** A Fisher–Yates shuffle of {@code 0 .. n-1} drawing from {@code rng} (advanced). */
    static int[] shuffled(int n, Rng rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
