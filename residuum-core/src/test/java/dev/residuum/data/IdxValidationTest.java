package dev.residuum.data;

import static dev.residuum.data.IdxBytes.gzip;
import static dev.residuum.data.IdxBytes.idx;
import static dev.residuum.data.IdxBytes.images;
import static dev.residuum.data.IdxBytes.labels;
import static dev.residuum.data.IdxBytes.pattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad IDX files: each fails with a one-line {@link IdxFormatException} naming the file and the problem. */
class IdxValidationTest {
    @TempDir
    Path dir;

    private static final byte[] TWELVE = pattern(3, 2, 2);

    /** A gzip member whose header is valid and whose deflate data is not. */
    private static byte[] badDeflate() {
        byte[] b = new byte[30];
        Arrays.fill(b, (byte) 0xff);
        System.arraycopy(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, 0, b, 0, 10);
        return b;
    }

    static Stream<Arguments> badImageFiles() {
        byte[] gz = gzip(images(3, 2, 2, TWELVE));
        return Stream.of(
                Arguments.of("empty", new byte[0], "ends after 0 bytes, inside the IDX header (16 bytes"),
                Arguments.of("short header", new byte[] {0, 0, 8, 3, 0, 0}, "ends after 6 bytes, inside the IDX header"),
                Arguments.of("a label file", labels((byte) 1, (byte) 2),
                        "magic number 2049 (that of a label file) is not that of an IDX image file: expected 2051"
                                + " (unsigned bytes, 3 dimensions)"),
                Arguments.of("not IDX at all", "PK\u0003\u0004 zip file".getBytes(),
                        "magic number 1347093252 is not that of an IDX image file"),
                Arguments.of("float IDX", idx(0x0D03, new int[] {1, 1, 1}, new byte[4]),
                        "magic number 3331 is not that of an IDX image file"),
                Arguments.of("negative count", idx(Idx.IMAGES_MAGIC, new int[] {-5, 2, 2}, new byte[0]),
                        "header declares a negative size -5 (dimension 0)"),
                Arguments.of("zero rows", images(3, 0, 2, new byte[0]),
                        "header declares images of 0x2; rows and columns must be positive"),
                Arguments.of("truncated raw", Arrays.copyOf(images(3, 2, 2, TWELVE), 16 + 10),
                        "truncated: the header declares 3 images of 2x2 (12 bytes) but the data ends after 10 bytes"),
                Arguments.of("trailing raw", images(3, 2, 2, Arrays.copyOf(TWELVE, 14)),
                        "2 bytes of data follow the 3 images of 2x2 its header declares (12 bytes)"),
                Arguments.of("truncated gz", gzip(Arrays.copyOf(images(3, 2, 2, TWELVE), 16 + 10)),
                        "truncated: the header declares 3 images of 2x2 (12 bytes) but the data ends after 10 bytes"),
                Arguments.of("trailing gz", gzip(images(3, 2, 2, Arrays.copyOf(TWELVE, 14))),
                        "has more data after the 3 images of 2x2 its header declares (12 bytes)"),
                Arguments.of("gz cut short", Arrays.copyOf(gz, gz.length - 12), "gzip data is corrupt or cut short"),
                Arguments.of("gz with bad deflate data", badDeflate(), "gzip data is corrupt or cut short"),
                Arguments.of("gz with a bad header", new byte[] {0x1f, (byte) 0x8b, 7, 0, 0, 0, 0, 0, 0, 0, 1, 2},
                        "starts like a gzip file but is not a valid one"),
                Arguments.of("gz lying about its count", gzip(images(2_000_000, 28, 28, pattern(3, 28, 28))),
                        "truncated: the header declares 2000000 images of 28x28 (1568000000 bytes) but the data ends"
                                + " after 2352 bytes"),
                Arguments.of("images larger than an array", idx(Idx.IMAGES_MAGIC, new int[] {4, 1 << 30, 1 << 30},
                        new byte[0]), "header declares images of 1073741824x1073741824, larger than one array holds"),
                Arguments.of("more than an array holds", images(3_000_000, 28, 28, new byte[0]),
                        "3000000 images of 28x28 take 2352000000 bytes, more than one array holds; read fewer with"
                                + " a limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badImageFiles")
    void badImageFileFailsWithOneLineNamingFileAndProblem(String what, byte[] content, String phrase) throws IOException {
        Path file = Files.write(dir.resolve(what.replace(' ', '-')), content);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(phrase), "expected \"" + phrase + "\" in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertEquals(file, e.file());
    }

    @Test
    void limitDoesNotSkipTheChecksOfTheRestOfTheFile() throws IOException {
        Path file = Files.write(dir.resolve("truncated"), Arrays.copyOf(images(3, 2, 2, TWELVE), 16 + 10));
        assertThrows(IdxFormatException.class, () -> Idx.readImages(file, 1));
        Path gz = Files.write(dir.resolve("truncated.gz"), gzip(Arrays.copyOf(images(3, 2, 2, TWELVE), 16 + 10)));
        assertThrows(IdxFormatException.class, () -> Idx.readImages(gz, 1));
    }

    @Test
    void badLabelFiles() throws IOException {
        Path images = Files.write(dir.resolve("images-as-labels"), images(1, 1, 1, new byte[1]));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(images));
        assertEquals(images + ": magic number 2051 (that of an image file) is not that of an IDX label file:"
                + " expected 2049 (unsigned bytes, 1 dimension)", e.getMessage());

        Path truncated = Files.write(dir.resolve("labels.gz"), gzip(Arrays.copyOf(labels(new byte[10]), 8 + 7)));
        e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(truncated));
        assertEquals(truncated + ": truncated: the header declares 10 labels (10 bytes) but the data ends after 7 bytes",
                e.getMessage());
    }

    @Test
    void imagesAndLabelsOfDifferentCountsDoNotMakeASplit() throws IOException {
        Path imagesFile = Files.write(dir.resolve("train-images-idx3-ubyte"), images(3, 2, 2, TWELVE));
        Path labelsFile = Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels((byte) 1, (byte) 2)));
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> Idx.readSplit(dir, Idx.TRAIN, 1, 0f, 1f)); // even when the limit would hide it
        assertEquals(labelsFile + ": holds 2 labels but " + imagesFile + " holds 3 images; they must be of the same"
                + " split", e.getMessage());
    }
}
