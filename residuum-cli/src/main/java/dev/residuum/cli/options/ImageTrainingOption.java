package dev.residuum.cli.options;

import dev.residuum.data.Augmentation;
import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a command that trains image classifiers shares ({@code train}, {@code experiment
 * degradation}): {@code --data} ({@link DataOption}), {@code --limit}, {@code --batch}, {@code --lr},
 * {@code --warmup-epochs}, {@code --augment} and {@code --seed}, with one default and one check each.
 */
public final class ImageTrainingOption {
    /** Batch size unless {@code --batch} says otherwise (He et al.'s CIFAR recipe). */
    public static final int DEFAULT_BATCH = 128;
    /** Base learning rate unless {@code --lr} says otherwise (He et al.'s CIFAR recipe). */
    public static final double DEFAULT_LR = 0.1;

    @Mixin
    DataOption data;

    @Option(names = "--limit", paramLabel = "N", description = "Use the first N training images and at most N test images.")
    Integer limit;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + DEFAULT_BATCH,
            description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch = DEFAULT_BATCH;

    @Option(names = "--lr", defaultValue = "" + DEFAULT_LR, description = "Base learning rate (default ${DEFAULT-VALUE}).")
    double lr = DEFAULT_LR;

    @Option(names = "--warmup-epochs", paramLabel = "K", defaultValue = "0",
            description = "Linear learning-rate warm-up from a tenth of --lr over K epochs (default ${DEFAULT-VALUE}).")
    int warmupEpochs;

    @Option(names = "--augment", description = "Pad 4 + random crop and random horizontal flip (seeded).")
    boolean augment;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + SeedOption.DEFAULT, description = SeedOption.DESCRIPTION)
    long seed = SeedOption.DEFAULT;

    /**
     * Checks the options for a run of {@code epochs} epochs.
     *
     * @throws IllegalArgumentException one line naming the option, the value and what it must be
     */
    public void check(int epochs) {
        Require.atLeast("--batch", batch, 1);
        Require.atLeastIfGiven("--limit", limit, 1);
        Require.positive("--lr", lr);
        if (warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw new IllegalArgumentException("--warmup-epochs must be in [0, --epochs), got " + warmupEpochs
                    + " with --epochs " + epochs);
        }
    }

    /** The images: the source, and its training and test splits cut to {@code --limit}. */
    public record Images(DataSource source, ImageSet train, ImageSet test) {
    }

    /**
     * Resolves {@code --data} and reads both splits.
     *
     * @throws java.nio.file.NoSuchFileException one line saying what is missing and how to get it
     */
    public Images read() throws IOException {
        DataSource source = data.resolve();
        int n = limit == null ? Idx.ALL : limit;
        return new Images(source, source.read(Idx.TRAIN, n), source.read(Idx.TEST, n));
    }

    /** {@code --batch}. */
    public int batch() {
        return batch;
    }

    /** {@code --lr}. */
    public double lr() {
        return lr;
    }

    /** {@code --warmup-epochs}. */
    public int warmupEpochs() {
        return warmupEpochs;
    }

    /** {@code --seed}. */
    public long seed() {
        return seed;
    }

    /** Whether {@code --augment} was given. */
    public boolean augment() {
        return augment;
    }

    /** The augmentation {@code --augment} asks for. */
    public Augmentation augmentation() {
        return augment ? Augmentation.STANDARD : Augmentation.NONE;
    }
}
