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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image training on the shipped sample with a small ResNet-8: resume bit for bit, checkpoint safety. */
class ImageTrainerTest {
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

    /** 5 steps per epoch of 32, augmented, warm-up then cosine, a checkpoint every 3 steps. */
    private static ImageTrainer.Config config() {
        return new ImageTrainer.Config(2, 32, new Sgd.Config(0.05, 0.9, 0, 1e-4, false),
                new LrSchedule.Warmup(0.5, 0.1, new LrSchedule.Cosine(1.5, 0)), Augmentation.STANDARD, 7, 3, 64);
    }

    private static CifarResNet net(long seed) {
        return new CifarResNet(CifarResNet.Config.of("resnet8"), new Rng(seed));
    }

    private static void assertSameWeights(CifarResNet a, CifarResNet b) {
        Map<String, Tensor> sa = a.stateDict(), sb = b.stateDict();
        assertEquals(sa.keySet(), sb.keySet());
        for (String k : sa.keySet()) {
            assertArrayEquals(sa.get(k).data(), sb.get(k).data(), k);
        }
    }

    @Test
    void resumedMidEpochEndsBitIdenticalToAnUninterruptedRun() throws IOException {
        CifarResNet straight = net(1);
        TrainingResult full = new ImageTrainer(config()).fit(straight, "resnet8", train, test, tmp.resolve("a"),
                false, TrainingListener.NONE);
        assertEquals(10, full.state().globalStep());
        assertEquals(2, full.epochs().size());

        // stop at step 8 (epoch 2, batch 3); the last checkpoint is at step 6 (epoch 2, batch 1)
        Path dir = tmp.resolve("b");
        ImageTrainer interrupted = new ImageTrainer(config());
        TrainingResult part = interrupted.fit(net(1), "resnet8", train, test, dir, false, new TrainingListener() {
            @Override
            public void onStep(TrainingState s, int stepsPerEpoch, double loss) {
                if (s.globalStep() == 8) {
                    interrupted.stop();
                }
            }
        });
        assertTrue(part.stopped());
        assertEquals(8, part.state().globalStep());
        assertTrue(Files.readString(dir.resolve(Checkpoint.STATE)).contains("\"global_step\": 6"));

        CifarResNet resumed = net(99); // another initialisation: everything must come from the checkpoint
        TrainingResult rest = new ImageTrainer(config()).fit(resumed, "resnet8", train, test, dir, true,
                TrainingListener.NONE);
        assertFalse(rest.stopped());
        assertEquals(10, rest.state().globalStep());
        assertSameWeights(straight, resumed);
        ImageEpochMetrics a = full.last(), b = rest.last();
        assertEquals(a.trainLoss(), b.trainLoss(), 0.0);
        assertEquals(a.trainError(), b.trainError(), 0.0);
        assertEquals(a.testLoss(), b.testLoss(), 0.0);
        assertEquals(a.lr(), b.lr(), 0.0);
    }

    @Test
    void trainingLearnsTheClassesAndOtherSeedsDiffer() throws IOException {
        ImageSet more = DataSource.resolve("sample").read(Idx.TRAIN, 640);
        ImageTrainer.Config c = new ImageTrainer.Config(2, 32, new Sgd.Config(0.05, 0.9, 0, 1e-4, false),
                new LrSchedule.Constant(), Augmentation.NONE, 7, 0, 64);
        CifarResNet a = net(1);
        TrainingResult r = new ImageTrainer(c).fit(a, "resnet8", more, test, null, false, TrainingListener.NONE);
        assertTrue(r.last().trainLoss() < r.epochs().get(0).trainLoss(), r.epochs().toString());
        assertTrue(r.last().trainError() < 0.6 && r.last().testError() < 0.8, "better than chance (0.9): " + r.last());
        assertEquals(0.05, r.last().lr(), 0.0);
        CifarResNet b = net(1);
        new ImageTrainer(c.withSeed(8)).fit(b, "resnet8", train, test, null, false, TrainingListener.NONE);
        assertNotEquals(a.stateDict().get("fc.weight").data()[0], b.stateDict().get("fc.weight").data()[0]);
    }

    @Test
    void anInterruptedCheckpointWriteLeavesThePreviousOneLoadable() throws IOException {
        Path dir = tmp.resolve("run");
        CifarResNet model = net(1);
        ImageTrainer.Config c = config().withEpochs(1);
        new ImageTrainer(c).fit(model, "resnet8", train, test, dir, false, TrainingListener.NONE);
        byte[] good = Files.readAllBytes(dir.resolve(Checkpoint.WEIGHTS));
        // a newer checkpoint whose write dies half-way through
        Path newer = tmp.resolve("newer");
        new ImageTrainer(c.withEpochs(2)).fit(net(1), "resnet8", train, test, newer, false, TrainingListener.NONE);
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
        TrainingState s = Checkpoint.load(dir, loaded, new Sgd(loaded.parameters(), c.sgd()));
        assertEquals(5, s.globalStep());
        assertSameWeights(model, loaded);
    }

    @Test
    void aJsonBehindTheWeightsIsAcceptedButOneAheadIsRefused() throws IOException {
        Path one = tmp.resolve("one"), two = tmp.resolve("two");
        ImageTrainer.Config c = config().withCheckpointEvery(0);
        new ImageTrainer(c.withEpochs(1)).fit(net(1), "resnet8", train, test, one, false, TrainingListener.NONE);
        new ImageTrainer(c).fit(net(1), "resnet8", train, test, two, false, TrainingListener.NONE);
        // killed between the two writes: new weights, old JSON
        Path mixed = tmp.resolve("mixed");
        Files.createDirectories(mixed);
        Files.copy(two.resolve(Checkpoint.WEIGHTS), mixed.resolve(Checkpoint.WEIGHTS));
        Files.copy(one.resolve(Checkpoint.STATE), mixed.resolve(Checkpoint.STATE));
        CifarResNet m = net(1);
        assertEquals(10, Checkpoint.load(mixed, m, new Sgd(m.parameters(), c.sgd())).globalStep());
        // files of different checkpoints
        Files.copy(one.resolve(Checkpoint.WEIGHTS), mixed.resolve(Checkpoint.WEIGHTS), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(two.resolve(Checkpoint.STATE), mixed.resolve(Checkpoint.STATE), StandardCopyOption.REPLACE_EXISTING);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(mixed, m, new Sgd(m.parameters(), c.sgd())));
        assertTrue(e.getMessage().contains("do not belong"), e.getMessage());
    }

    @Test
    void resumingAnotherModelIsRefused() throws IOException {
        Path dir = tmp.resolve("run");
        ImageTrainer.Config c = config().withEpochs(1);
        new ImageTrainer(c).fit(net(1), "resnet8", train, test, dir, false, TrainingListener.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ImageTrainer(c.withEpochs(2))
                .fit(net(1), "plain8", train, test, dir, true, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("resnet8"), e.getMessage());
    }
}
