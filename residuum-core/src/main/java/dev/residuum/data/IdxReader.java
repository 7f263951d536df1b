package dev.residuum.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One IDX file opened for reading, gzipped or raw (told apart by the gzip signature
 * {@code 1f 8b}, not by the name: an IDX file starts with two zero bytes). It reads the header
 * (a big-endian magic number {@code 0x0000TTNN}, type TT = {@code 08} for unsigned bytes and NN
 * dimensions, then NN big-endian int32 sizes) and then the body, checking that the body has
 * exactly the length the header declares.
 *
 * <p>Memory stays proportional to what the file really holds: a raw file's length is checked
 * against the header before anything is allocated; a gzipped body is read into a buffer that
 * grows as data arrives, so a header that lies about its counts cannot make the reader allocate
 * more than the decompressed data.
 */
final class IdxReader implements Closeable {
    /** Type code of unsigned bytes, the only element type of MNIST-style files. */
    static final int UNSIGNED_BYTE = 0x08;

    private static final int BUFFER_BYTES = 1 << 16;
    private static final int FIRST_GROWING_BUFFER = 1 << 20;
    /** Largest Java array the JVM reliably allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Path file;
    private final InputStream in;
    private final boolean gzipped;
    private final long fileSize;
    private long position; // bytes of IDX content (decompressed) consumed so far

    private IdxReader(Path file, InputStream in, boolean gzipped, long fileSize) {
        this.file = file;
        this.in = in;
        this.gzipped = gzipped;
        this.fileSize = fileSize;
    }

    /** Opens {@code file}, recognising gzip by its signature. */
    static IdxReader open(Path file) throws IOException {
        long size = Files.size(file);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        try {
            raw.mark(2);
            boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream in = gzipped ? new GZIPInputStream(raw, BUFFER_BYTES) : raw;
            return new IdxReader(file, in, gzipped, size);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new IdxFormatException(file, "starts like a gzip file but is not a valid one: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The file being read. */
    Path file() {
        return file;
    }

    /**
     * Reads the header and checks its magic number.
     *
     * @param dimensions expected number of dimensions (3 for images, 1 for labels)
     * @param kind "image" or "label", for messages
     * @return the declared sizes, each checked to be non-negative
     */
    int[] header(int dimensions, String kind) throws IOException {
        int expected = (UNSIGNED_BYTE << 8) | dimensions;
        byte[] magicBytes = readHeaderBytes(4, 4 + 4 * dimensions);
        int magic = bigEndianInt(magicBytes, 0);
        if (magic != expected) {
            String hint = magic == Idx.LABELS_MAGIC ? " (that of a label file)"
                    : magic == Idx.IMAGES_MAGIC ? " (that of an image file)" : "";
            throw new IdxFormatException(file, "magic number " + magic + hint + " is not that of an IDX " + kind
                    + " file: expected " + expected + " (unsigned bytes, " + dimensions
                    + (dimensions == 1 ? " dimension)" : " dimensions)"));
        }
        byte[] sizeBytes = readHeaderBytes(4 * dimensions, 4 + 4 * dimensions);
        int[] sizes = new int[dimensions];
        for (int i = 0; i < dimensions; i++) {
            sizes[i] = bigEndianInt(sizeBytes, 4 * i);
            if (sizes[i] < 0) {
                throw new IdxFormatException(file, "header declares a negative size " + sizes[i] + " (dimension " + i
                        + ")");
            }
        }
        return sizes;
    }

    /**
     * Reads the first {@code keep} bytes of a body of {@code total} bytes, and checks that the body
     * has exactly {@code total} bytes (reading and discarding the rest).
     *
     * @param what the body as the header declares it, e.g. "60000 images of 28x28", for messages
     */
    byte[] body(long total, int keep, String what) throws IOException {
        long header = position;
        if (!gzipped && fileSize != header + total) {
            throw lengthMismatch(total, fileSize - header, what);
        }
        try {
            byte[] kept = readUpTo(keep);
            if (kept.length < keep) {
                throw lengthMismatch(total, kept.length, what);
            }
            long skipped = discard(total - keep);
            if (skipped < total - keep) {
                throw lengthMismatch(total, keep + skipped, what);
            }
            if (in.read() >= 0) {
                throw new IdxFormatException(file, "has more data after the " + what + " its header declares ("
                        + total + " bytes); a wrong count, or not an IDX file?");
            }
            return kept;
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(file, "gzip data is corrupt or cut short after " + position
                    + " bytes of IDX content: " + e.getMessage());
        }
    }

    private IdxFormatException lengthMismatch(long total, long actual, String what) {
        if (actual < total) {
            return new IdxFormatException(file, "truncated: the header declares " + what + " (" + total
                    + " bytes) but the data ends after " + actual + " bytes");
        }
        return new IdxFormatException(file, (actual - total) + " bytes of data follow the " + what
                + " its header declares (" + total + " bytes); a wrong count, or not an IDX file?");
    }

    /** Reads {@code n} bytes, or fewer if the data ends first; the buffer grows with the data. */
    private byte[] readUpTo(int n) throws IOException {
        byte[] buffer = new byte[gzipped ? Math.min(n, FIRST_GROWING_BUFFER) : n];
        int filled = 0;
        while (filled < n) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(n, 2L * buffer.length));
            }
            int r = in.read(buffer, filled, buffer.length - filled);
            if (r < 0) {
                break;
            }
            filled += r;
            position += r;
        }
        return filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
    }

    /** Reads and drops up to {@code n} bytes; returns how many there were. */
    private long discard(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, BUFFER_BYTES)];
        long done = 0;
        while (done < n) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
            position += r;
        }
        return done;
    }

    private byte[] readHeaderBytes(int n, int headerLength) throws IOException {
        byte[] out;
        try {
            out = in.readNBytes(n);
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(file, "gzip data is corrupt or cut short: " + e.getMessage());
        }
        position += out.length;
        if (out.length < n) {
            throw new IdxFormatException(file, "ends after " + position + " bytes, inside the IDX header ("
                    + headerLength + " bytes: magic number and sizes)");
        }
        return out;
    }

    private static int bigEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
