package dev.residuum.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: readers of the target path see either the previous file whole or
 * the new one whole, never a part of it, even if the process is killed or the machine loses
 * power mid-write.
 *
 * <p>How: the content goes to a new temporary file in the target's directory (so the rename
 * below stays within one file system), named {@code .<target name>.<random>.tmp}; it is flushed
 * to the disk ({@link FileChannel#force(boolean) force(true)}), renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (falling back to {@link StandardCopyOption#REPLACE_EXISTING}
 * on a file system without atomic rename), and then the directory is flushed too, so the rename
 * itself survives a power loss (skipped where the platform cannot open a directory, e.g.
 * Windows). If writing fails, the temporary file is deleted and the exception propagates; the
 * target is untouched. Only a hard kill between creating and renaming the temporary file can
 * leave it behind (nothing can delete it then); it never takes the target's name.
 *
 * <p>Use it for every file a run writes that another process might read: checkpoints, their
 * JSON state, reports.
 */
public final class AtomicFile {
    private static final int BUFFER_BYTES = 1 << 16;

    private AtomicFile() {
    }

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes everything to {@code out}.
         *
         * @param out buffered; closing it only flushes (the file is closed by {@link AtomicFile})
         * @throws IOException to abandon the write (the target stays as it was)
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically with the content {@code body} produces.
     *
     * @param target the file to create or replace; its directory must exist
     * @param body writes the content; any exception it throws (checked or not) abandons the write
     *     and propagates unchanged
     * @throws NoSuchFileException if the target's directory does not exist
     * @throws IOException if the temporary file cannot be written or renamed (the target is then
     *     as it was before)
     */
    public static void write(Path target, Body body) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "cannot write it: directory " + dir
                    + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new IOException(target + ": is a directory; cannot replace it with a file");
        }
        Path temp = createTemp(dir, absolute.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new KeepOpen(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES));
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        syncDirectory(dir);
    }

    /** Creates a new, empty temporary file beside the target, with the default permissions. */
    private static Path createTemp(Path dir, String targetName) throws IOException {
        // Keep the name within the usual 255-byte limit of a file name.
        String stem = targetName.length() > 200 ? targetName.substring(0, 200) : targetName;
        for (int attempt = 0; ; attempt++) {
            String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Path temp = dir.resolve("." + stem + "." + random + ".tmp");
            try {
                FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** Flushes the directory entry of a rename, where the platform allows opening a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here (e.g. Windows): the rename is done; only its durability across a
            // power loss is then up to the operating system.
        }
    }

    /** A stream whose close() flushes but leaves the file open for force() and the rename. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
