package dev.residuum.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files in memory for the tests: headers as the format defines them. */
final class IdxBytes {
    private IdxBytes() {
    }

    /** An IDX file with any magic number and sizes, followed by {@code body}. */
    static byte[] idx(int magic, int[] sizes, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * sizes.length + body.length); // big-endian
        b.putInt(magic);
        for (int s : sizes) {
            b.putInt(s);
        }
        return b.put(body).array();
    }

    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return idx(Idx.IMAGES_MAGIC, new int[] {count, rows, cols}, pixels);
    }

    static byte[] labels(byte... labels) {
        return idx(Idx.LABELS_MAGIC, new int[] {labels.length}, labels);
    }

    /** Pixel i of image n is {@code (31 * n + i) mod 256}: every image differs, every byte value occurs. */
    static byte[] pattern(int count, int rows, int cols) {
        byte[] p = new byte[count * rows * cols];
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < rows * cols; i++) {
                p[n * rows * cols + i] = (byte) (31 * n + i);
            }
        }
        return p;
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
