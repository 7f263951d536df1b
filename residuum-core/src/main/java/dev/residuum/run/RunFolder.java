package dev.residuum.run;

import dev.residuum.io.AtomicFile;
import dev.residuum.io.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The folder a run writes ({@code --out DIR}): its file names, its saved arguments (so that
 * {@code --resume --out DIR} alone continues it), atomic writes, and the one rule every command
 * follows: a folder that holds another run is refused unless the command resumes it or is told
 * to overwrite it; a path that is an existing file is refused, naming it; and the folder is
 * created only by {@link #begin()}, once the inputs have been read and checked, so a failed start
 * leaves no empty folder behind.
 *
 * <pre>{@code
 * RunFolder run = RunFolder.open(out, resume, overwrite);  // checks only
 * ... read and check the data, the options ...
 * run.begin();                                           // creates DIR; overwrite clears the old run
 * }</pre>
 */
public final class RunFolder {
    /** Metrics by epoch or step ({@link MetricsLog}). */
    public static final String METRICS = "metrics.jsonl";
    /** The self-contained HTML report. */
    public static final String REPORT = "report.html";
    /** The final weights (PyTorch's state_dict names). */
    public static final String MODEL = "model.safetensors";
    /** Files whose presence means the folder holds a run (checkpoints, results, saved arguments). */
    private static final List<String> RUN_FILES = List.of(METRICS, REPORT, MODEL, "checkpoint.safetensors",
            "checkpoint.json", "metrics.json", "predictions.csv");
    private static final String ARGS_SUFFIX = "-args.txt";

    private final Path dir;
    private final boolean resume;
    private final boolean overwrite;

    private RunFolder(Path dir, boolean resume, boolean overwrite) {
        this.dir = dir;
        this.resume = resume;
        this.overwrite = overwrite;
    }

    /**
     * Checks that {@code dir} may be written by a run of a command that can continue its runs,
     * without touching it: {@link #open(Path, boolean, boolean, boolean) open(dir, resume,
     * overwrite, true)}.
     */
    public static RunFolder open(Path dir, boolean resume, boolean overwrite) throws IOException {
        return open(dir, resume, overwrite, true);
    }

    /**
     * Checks that {@code dir} may be written by a run, without touching it.
     *
     * @param resume the command continues the run in {@code dir} (which must hold one)
     * @param overwrite the command replaces a run in {@code dir}
     * @param resumable whether the command can continue a run (the refusal then suggests
     *     {@code --resume}); a command that cannot refuses {@code resume}
     * @throws IllegalArgumentException for both flags at once, or resume where not resumable
     * @throws NotDirectoryException when {@code dir} is an existing file (naming it)
     * @throws FileAlreadyExistsException when {@code dir} holds another run and neither flag is set
     * @throws IllegalArgumentException when resuming a folder that holds no run
     */
    public static RunFolder open(Path dir, boolean resume, boolean overwrite, boolean resumable) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (resume && overwrite) {
            throw new IllegalArgumentException("--resume continues the run in " + dir + " and --overwrite replaces it;"
                    + " choose one");
        }
        if (resume && !resumable) {
            throw new IllegalArgumentException("--resume: these runs cannot be continued; start again with --overwrite to"
                    + " replace " + dir);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir + " is a file, not a run folder; choose another --out");
        }
        boolean holds = holdsRun(dir);
        if (resume && !holds) {
            throw new IllegalArgumentException("--resume: no run to continue in " + dir + "; start the run without"
                    + " --resume");
        }
        if (holds && !resume && !overwrite) {
            throw new FileAlreadyExistsException(dir.toString(), null, "already holds a run; add "
                    + (resumable ? "--resume to continue it, " : "") + "--overwrite to replace it, or choose another --out");
        }
        return new RunFolder(dir, resume, overwrite);
    }

    /** Whether {@code dir} is a folder holding any of a run's files. */
    public static boolean holdsRun(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (String name : RUN_FILES) {
            if (Files.exists(dir.resolve(name))) {
                return true;
            }
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(ARGS_SUFFIX));
        }
    }

    /**
     * Creates the folder; with overwrite, first deletes the previous run's files (only those
     * names, not the folder's other contents).
     */
    public void begin() throws IOException {
        if (overwrite && Files.isDirectory(dir)) {
            for (String name : RUN_FILES) {
                Files.deleteIfExists(dir.resolve(name));
            }
            try (var files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.getFileName().toString().endsWith(ARGS_SUFFIX)).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** Whether this run continues the one in the folder. */
    public boolean resuming() {
        return resume;
    }

    /** A file of the run. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes {@code text} to the run's file {@code name} atomically (temporary file, fsync, rename). */
    public void write(String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file(name), out -> out.write(bytes));
    }

    /** Saves the arguments {@code command} was started with, one per line. */
    public void saveArguments(String command, List<String> args) throws IOException {
        write(command + ARGS_SUFFIX, String.join("\n", args) + (args.isEmpty() ? "" : "\n"));
    }

    /** Whether {@code command}'s arguments are saved here ({@link #saveArguments}). */
    public boolean hasArguments(String command) {
        return Files.isRegularFile(file(command + ARGS_SUFFIX));
    }

    /**
     * The arguments to continue {@code command}'s run with: those it was started with, then
     * {@code given} (later options win, as the command line is parsed with overriding allowed);
     * just {@code given} when the folder has none saved.
     */
    public List<String> resumeArguments(String command, List<String> given) throws IOException {
        Path saved = file(command + ARGS_SUFFIX);
        List<String> args = new ArrayList<>();
        if (Files.isRegularFile(saved)) {
            args.addAll(TextFiles.lines(saved, "the arguments of a run, one per line"));
        }
        args.addAll(given);
        return args;
    }
}
