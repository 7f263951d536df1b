package dev.residuum.cli.options;

import java.io.OutputStream;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * {@code --quiet}: no progress. Progress and logs go to stderr ({@link #progress()}), results to
 * stdout, in every command; errors go to stderr even with {@code --quiet}.
 */
public final class QuietOption {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr (errors still show).")
    boolean quiet;

    /** Whether {@code --quiet} was given. */
    public boolean enabled() {
        return quiet;
    }

    /** Where progress goes: stderr, or nowhere with {@code --quiet}. */
    public PrintStream progress() {
        return quiet ? NOWHERE : System.err;
    }
}
