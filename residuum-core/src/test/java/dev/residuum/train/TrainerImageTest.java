package dev.residuum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.data.Augmentation;
import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.io.AtomicFile;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Sgd;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.ModuleAssertions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Trainer} on image classification (the shipped sample, a small ResNet-8): resume bit for bit, checkpoint safety. */
class TrainerImageTest {
    private static ImageSet train;
    private static ImageSet test;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readSample() throws IOException {
        DataSource sample = DataSource.resolve("sample");
        train = sample.read(Idx.TRAIN, 160);
        test = sample.read(Idx.TEST, 64);
    }

    private static final Sgd.Config SGD = new Sgd.Config(0.05, 0.9, 0, 1e-4, false);

    /** 5 steps per epoch of 32, warm-up then cosine set per step, a checkpoint every 3 steps. */
    private static TrainerConfig config() {
        return new TrainerConfig(2, 32, OptimizerFactory.sgd(SGD),
                new LrSchedule.Warmup(0.5, 0.1, new LrSchedule.Cosine(1.5, 0)), true, 7, true, 3);
    }

    /** A trainer of {@code net} on the sample, augmented. */
    private static Trainer<ImageClassification.ImageBatch> trainer(CifarResNet net, ImageSet data, TrainerConfig c) {
        return new Trainer<>(new ImageClassification(net, data, test, Augmentation.STANDARD, 64), c);
    }

    private static CifarResNet net(long seed) {
        return new CifarResNet(CifarResNet.Config.of("resnet8"), new Rng(seed));
    }

    @Test
    void resumedMidEpochEndsBitIdenticalToAnUninterruptedRun() throws IOException {
        CifarResNet straight = net(1);
        TrainingResult full = trainer(straight, train, config()).fit(tmp.resolve("a"), "resnet8", false,
                TrainingListener.NONE);
        assertEquals(10, full.state().globalStep());
        assertEquals(2, full.epochs().size());

        // stop at step 8 (epoch 2, batch 3); the last checkpoint is at step 6 (epoch 2, batch 1)
        Path dir = tmp.resolve("b");
        Trainer<ImageClassification.ImageBatch> interrupted = trainer(net(1), train, config());
        TrainingResult part = interrupted.fit(dir, "resnet8", false, new TrainingListener() {
            @Override
            public void onStep(TrainingState s, int stepsPerEpoch, Gradients g) {
                if (s.globalStep() == 8) {
                    interrupted.stop();
                }
            }
        });
        assertTrue(part.stopped());
        assertEquals(8, part.state().globalStep());
        assertTrue(Files.readString(dir.resolve(Checkpoint.STATE)).contains("\"global_step\": 6"));

        CifarResNet resumed = net(99); // another initialisation: everything must come from the checkpoint
        TrainingResult rest = trainer(resumed, train, config()).fit(dir, "resnet8", true, TrainingListener.NONE);
        assertFalse(rest.stopped());
        assertEquals(10, rest.state().globalStep());
        ModuleAssertions.assertSameState(straight, resumed);
        EpochMetrics a = full.last(), b = rest.last();
        assertEquals(a.trainLoss(), b.trainLoss(), 0.0);
        assertEquals(a.trainAccuracy(), b.trainAccuracy(), 0.0);
        assertEquals(a.testLoss(), b.testLoss(), 0.0);
        assertEquals(a.lr(), b.lr(), 0.0);
    }

    @Test
    void trainingLearnsTheClassesAndOtherSeedsDiffer() throws IOException {
        ImageSet more = DataSource.resolve("sample").read(Idx.TRAIN, 640);
        /*
         * At a constant 0.05 the test accuracy of epoch 2 (batch norm on running statistics that
         * trail fast-moving weights) ranged 0.19..0.63 over seeds 7..12 and BLAS kernels; at 0.02
         * for 3 epochs it ranged 0.47..0.56 (train 0.52..0.56), so 0.4 / 0.3 leave a margin
         * whatever kernel the machine picks, and chance is 0.1.
         */
        Sgd.Config slower = new Sgd.Config(0.02, 0.9, 0, 1e-4, false);
        TrainerConfig c = new TrainerConfig(3, 32, OptimizerFactory.sgd(slower), new LrSchedule.Constant(), true, 7, true, 0);
        CifarResNet a = net(1);
        TrainingResult r = new Trainer<>(new ImageClassification(a, more, test, Augmentation.NONE, 64), c).fit();
        assertTrue(r.last().trainLoss() < r.epochs().get(0).trainLoss(), r.epochs().toString());
        assertTrue(r.last().trainAccuracy() > 0.4 && r.last().testAccuracy() > 0.3, "better than chance (0.1): " + r.last());
        assertEquals(0.02, r.last().lr(), 0.0);
        CifarResNet b = net(1);
        new Trainer<>(new ImageClassification(b, train, test, Augmentation.NONE, 64), c.withSeed(8)).fit();
        assertNotEquals(a.stateDict().get("fc.weight").data()[0], b.stateDict().get("fc.weight").data()[0]);
    }

    @Test
    void anInterruptedCheckpointWriteLeavesThePreviousOneLoadable() throws IOException {
        Path dir = tmp.resolve("run");
        CifarResNet model = net(1);
        TrainerConfig c = config().withEpochs(1);
        trainer(model, train, c).fit(dir, "resnet8", false, TrainingListener.NONE);
        byte[] good = Files.readAllBytes(dir.resolve(Checkpoint.WEIGHTS));
        // a newer checkpoint whose write dies half-way through
        Path newer = tmp.resolve("newer");
        trainer(net(1), train, c.withEpochs(2)).fit(newer, "resnet8", false, TrainingListener.NONE);
        byte[] next = Files.readAllBytes(newer.resolve(Checkpoint.WEIGHTS));
        assertThrows(IOException.class, () -> AtomicFile.write(dir.resolve(Checkpoint.WEIGHTS), out -> {
            out.write(next, 0, next.length / 2);
            throw new IOException("killed");
        }));
        assertArrayEquals(good, Files.readAllBytes(dir.resolve(Checkpoint.WEIGHTS)));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
        }
        CifarResNet loaded = net(5);
        TrainingState s = Checkpoint.load(dir, loaded, new Sgd(loaded.parameters(), SGD));
        assertEquals(5, s.globalStep());
        ModuleAssertions.assertSameState(model, loaded);
    }

    @Test
    void aJsonBehindTheWeightsIsAcceptedButOneAheadIsRefused() throws IOException {
        Path one = tmp.resolve("one"), two = tmp.resolve("two");
        TrainerConfig c = config().withCheckpointEvery(0);
        trainer(net(1), train, c.withEpochs(1)).fit(one, "resnet8", false, TrainingListener.NONE);
        trainer(net(1), train, c).fit(two, "resnet8", false, TrainingListener.NONE);
        // killed between the two writes: new weights, old JSON
        Path mixed = tmp.resolve("mixed");
        Files.createDirectories(mixed);
        Files.copy(two.resolve(Checkpoint.WEIGHTS), mixed.resolve(Checkpoint.WEIGHTS));
        Files.copy(one.resolve(Checkpoint.STATE), mixed.resolve(Checkpoint.STATE));
        CifarResNet m = net(1);
        assertEquals(10, Checkpoint.load(mixed, m, new Sgd(m.parameters(), SGD)).globalStep());
        // files of different checkpoints
        Files.copy(one.resolve(Checkpoint.WEIGHTS), mixed.resolve(Checkpoint.WEIGHTS), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(two.resolve(Checkpoint.STATE), mixed.resolve(Checkpoint.STATE), StandardCopyOption.REPLACE_EXISTING);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(mixed, m, new Sgd(m.parameters(), SGD)));
        assertTrue(e.getMessage().contains("do not belong"), e.getMessage());
    }

    @Test
    void aResumeOnOtherKernelsWarnsAndGoesOnAndAnotherThreadCountIsRefused() throws IOException {
        Path dir = tmp.resolve("run");
        CifarResNet model = net(1);
        Trainer<ImageClassification.ImageBatch> first = trainer(model, train, config().withEpochs(1));
        first.fit(dir, "resnet8", false, TrainingListener.NONE);
        ComputeEnvironment here = ComputeEnvironment.current();
        TrainingState s = Checkpoint.peek(dir);
        Checkpoint.save(dir, model, first.optimizer(), s, new ComputeEnvironment(here.threads(), "another BLAS",
                here.rowKernels(), here.convolutions()));
        List<String> warnings = new ArrayList<>();
        TrainingResult r = trainer(net(1), train, config()).fit(dir, "resnet8", true, new TrainingListener() {
            @Override
            public void onWarning(String message) {
                warnings.add(message);
            }
        });
        assertEquals(10, r.steps(), "the run went on");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("another BLAS") && warnings.get(0).contains("not be bit-exact"), warnings.get(0));

        Checkpoint.save(dir, model, first.optimizer(), s, new ComputeEnvironment(here.threads() + 1, here.blas(),
                here.rowKernels(), here.convolutions()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(net(1), train, config())
                .fit(dir, "resnet8", true, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("--threads " + (here.threads() + 1)), e.getMessage());
    }

    @Test
    void resumingAnotherModelIsRefused() throws IOException {
        Path dir = tmp.resolve("run");
        TrainerConfig c = config().withEpochs(1);
        trainer(net(1), train, c).fit(dir, "resnet8", false, TrainingListener.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(net(1), train,
                c.withEpochs(2)).fit(dir, "plain8", true, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("resnet8"), e.getMessage());
    }
}
