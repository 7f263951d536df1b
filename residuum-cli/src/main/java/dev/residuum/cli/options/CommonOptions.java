package dev.residuum.cli.options;

import picocli.CommandLine.Mixin;

/**
 * The options every computing command has: {@code --threads} ({@link ThreadsOption}),
 * {@code --json} ({@link JsonOption}) and {@code --quiet} ({@link QuietOption}). A command
 * declares {@code @Mixin CommonOptions common;} once instead of the three.
 */
public final class CommonOptions {
    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Mixin
    JsonOption json = new JsonOption();

    @Mixin
    QuietOption quiet = new QuietOption();

    /** {@code --threads}. */
    public ThreadsOption threads() {
        return threads;
    }

    /** {@code --json}. */
    public JsonOption json() {
        return json;
    }

    /** {@code --quiet}. */
    public QuietOption quiet() {
        return quiet;
    }
}
