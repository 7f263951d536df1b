package dev.residuum.cli.options;

import dev.residuum.run.RunFolder;
import java.io.IOException;
import picocli.CommandLine.Mixin;

/**
 * The options of a command that computes a seeded run into a run folder: {@link CommonOptions}
 * ({@code --threads}, {@code --json}, {@code --quiet}), {@link SeedOption} ({@code --seed}) and
 * {@link RunFolderOption} ({@code --out}, {@code --overwrite}, {@code --resume}). A command declares
 * {@code @Mixin RunOptions run;} once instead of the three.
 */
public final class RunOptions {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    SeedOption seed = new SeedOption();

    @Mixin
    RunFolderOption runFolder = new RunFolderOption();

    /** {@code --threads}, {@code --json}, {@code --quiet}. */
    public CommonOptions common() {
        return common;
    }

    /** {@code --seed}. */
    public long seed() {
        return seed.seed();
    }

    /**
     * The run folder {@code --out}, which the command needs, checked before anything runs.
     *
     * @param resumable whether the command can continue a run ({@code --resume})
     * @throws IllegalArgumentException one line saying what is wrong and the fix
     */
    public RunFolder open(String command, boolean resumable) throws IOException {
        return runFolder.open(command, resumable, null);
    }

    /**
     * The run folder of a command for which {@code --out} is optional and that cannot resume, or
     * null when not given.
     *
     * @throws IllegalArgumentException for {@code --resume}, or {@code --overwrite} without {@code --out}
     */
    public RunFolder openIfGiven(String command) throws IOException {
        return runFolder.openIfGiven(command, false);
    }
}
