package dev.residuum.cli.options;

import dev.residuum.run.RunFolder;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --out DIR}, {@code --overwrite}, {@code --resume}: the folder a command writes its run
 * into. The rule is the library's, {@link RunFolder#open(Path, boolean, boolean, boolean)}, the
 * same for every command: a folder that holds another run is refused unless {@code --overwrite}
 * (replace) or {@code --resume} (continue, where the command can) is given, a path that is a file
 * is named, and nothing is created until {@link RunFolder#begin()}.
 */
public final class RunFolderOption {
    @Option(names = "--out", paramLabel = "DIR", description = "Run folder to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace the run already in --out.")
    boolean overwrite;

    @Option(names = "--resume", description = "Continue the run in --out (where the command can).")
    boolean resume;

    /** The folder given, or null. */
    public Path out() {
        return out;
    }

    /** Whether {@code --resume} was given. */
    public boolean resume() {
        return resume;
    }

    /** Whether {@code --overwrite} was given. */
    public boolean overwrite() {
        return overwrite;
    }

    /**
     * The run folder of {@code command}, checked before anything runs.
     *
     * @param resumable whether the command can continue a run
     * @param whenAbsent the folder when {@code --out} is not given, or null if the command needs {@code --out}
     * @throws IllegalArgumentException one line saying what is wrong and the fix
     * @throws IOException as {@link RunFolder#open(Path, boolean, boolean, boolean)}
     */
    public RunFolder open(String command, boolean resumable, Path whenAbsent) throws IOException {
        if (out == null && (whenAbsent == null || resume)) {
            throw new IllegalArgumentException(command + " needs --out DIR (the folder to write the run into)");
        }
        if (resume && !resumable) {
            throw new IllegalArgumentException("--resume: " + command + " runs cannot be continued; start again with "
                    + "--overwrite to replace " + out);
        }
        return RunFolder.open(out != null ? out : whenAbsent, resume, overwrite, resumable);
    }

    /**
     * The run folder of a command for which {@code --out} is optional, or null when not given.
     *
     * @throws IllegalArgumentException for {@code --resume} or {@code --overwrite} without {@code --out}
     */
    public RunFolder openIfGiven(String command, boolean resumable) throws IOException {
        return out == null && !resume && !overwrite ? null : open(command, resumable, null);
    }

    /** Writes a report into a file. */
    @FunctionalInterface
    public interface ReportWriter {
        /** @param file the report to write ({@link RunFolder#REPORT} of the run folder) */
        void write(Path file) throws IOException;
    }

    /**
     * Begins {@code folder} and writes its {@link RunFolder#REPORT}, when there is a folder (the
     * commands for which {@code --out} is optional).
     *
     * @param folder from {@link #openIfGiven}, or null
     * @return the report written, or null without a folder
     */
    public static Path writeReport(RunFolder folder, ReportWriter writer) throws IOException {
        if (folder == null) {
            return null;
        }
        folder.begin();
        Path report = folder.file(RunFolder.REPORT);
        writer.write(report);
        return report;
    }
}
