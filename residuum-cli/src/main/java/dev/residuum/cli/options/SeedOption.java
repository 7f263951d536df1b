package dev.residuum.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --seed S}: the seed of everything a command draws at random (initial weights, data order,
 * augmentation, splits, start vectors of iterations), one default for every command. The same
 * seed, threads and kernels give the same result.
 */
public final class SeedOption {
    /** The seed unless {@code --seed} says otherwise. */
    public static final long DEFAULT = 0;

    /** What {@code --seed} means, in every command's help. */
    public static final String DESCRIPTION = "Seed of everything drawn at random: initialisation, data order, "
            + "augmentation, splits (default ${DEFAULT-VALUE}).";

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + DEFAULT, description = DESCRIPTION)
    long seed = DEFAULT;

    /** The seed. */
    public long seed() {
        return seed;
    }
}
