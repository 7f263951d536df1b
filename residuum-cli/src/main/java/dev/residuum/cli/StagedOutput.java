package dev.residuum.cli;

import dev.residuum.run.RunFolder;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a run that has no resume, written first into a hidden staging folder inside the run
 * folder and moved into place only once all are written, each by an atomic rename over the old
 * file. A kill at any moment before {@link #publish()} leaves the run folder as it was (a previous
 * result whole, or no run at all: the staging folder is not a run, and the next start removes it);
 * a kill during {@code publish()}, a few renames long, leaves every file whole, each either the old
 * run's or the new one's. A command that writes its results at the end in one go (delta fit) or
 * over a long run (experiment degradation) thus never leaves a torn file or a half run behind.
 *
 * <p>Files of a previous run that the new run does not write are left as they are.
 */
final class StagedOutput {
    private static final String PREFIX = ".staging-";

    private final RunFolder folder;
    private final Path staging;

    private StagedOutput(RunFolder folder, Path staging) {
        this.folder = folder;
        this.staging = staging;
    }

    /**
     * Creates the run folder (if missing) and a fresh staging folder in it, after removing the
     * staging folders of runs that were killed.
     *
     * @param folder checked already ({@link RunFolder#open}); its {@code begin()} is not called
     */
    static StagedOutput begin(RunFolder folder) throws IOException {
        Path dir = folder.dir();
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path stale : s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                deleteTree(stale);
            }
        }
        Path staging = dir.resolve(PREFIX + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Files.createDirectory(staging);
        return new StagedOutput(folder, staging);
    }

    /** The staging folder: write the run's files here, under the names they are to have in the run folder. */
    Path dir() {
        return staging;
    }

    /** The staged file {@code name}. */
    Path file(String name) {
        return staging.resolve(name);
    }

    /** Moves every staged file into the run folder (atomic renames), then removes the staging folder. */
    void publish() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(staging)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path target = folder.dir().resolve(staging.relativize(f).toString());
            Files.createDirectories(target.getParent());
            try {
                Files.move(f, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot move " + f + " into place atomically: " + e.getMessage(), e);
            }
        }
        deleteTree(staging);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
