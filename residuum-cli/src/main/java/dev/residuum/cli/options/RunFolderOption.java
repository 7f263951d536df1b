package dev.residuum.cli.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * {@code --out DIR}, {@code --overwrite}, {@code --resume}: the folder a command writes its run
 * into, with one rule for every command: a folder that already holds files is refused unless
 * {@code --overwrite} (replace) or {@code --resume} (continue, where the command can) is given,
 * and nothing is created until the command has results to write.
 */
public final class RunFolderOption {
    @Option(names = "--out", paramLabel = "DIR", description = "Run folder to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace what --out holds.")
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
     * Checks the options for {@code command} before anything runs.
     *
     * @param required whether the command needs {@code --out}
     * @param resumable whether the command can continue a run
     * @return the folder, or null when not given and not required
     * @throws IllegalArgumentException one line saying what is wrong and the fix
     */
    public Path check(String command, boolean required, boolean resumable) throws IOException {
        if (out == null) {
            if (required || resume || overwrite) {
                throw new IllegalArgumentException(command + " needs --out DIR (the folder to write the run into)");
            }
            return null;
        }
        if (resume && overwrite) {
            throw new IllegalArgumentException("give --resume or --overwrite, not both");
        }
        if (resume && !resumable) {
            throw new IllegalArgumentException("--resume: " + command + " runs cannot be continued; start again with "
                    + "--overwrite to replace " + out);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file; give a folder");
        }
        if (!overwrite && !resume && holdsFiles(out)) {
            throw new IllegalArgumentException(out + " already holds a run; add --overwrite to replace it, or choose "
                    + "another --out");
        }
        return out;
    }

    private static boolean holdsFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }
}
