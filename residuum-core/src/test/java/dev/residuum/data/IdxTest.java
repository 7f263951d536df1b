package dev.residuum.data;

import static dev.residuum.data.IdxBytes.gzip;
import static dev.residuum.data.IdxBytes.images;
import static dev.residuum.data.IdxBytes.labels;
import static dev.residuum.data.IdxBytes.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading valid IDX files, raw and gzipped, and normalising them as PyTorch does. */
class IdxTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void rawAndGzippedImagesReadTheSame() throws IOException {
        byte[] pixels = pattern(5, 4, 3);
        for (Path file : new Path[] {write("images-raw", images(5, 4, 3, pixels)),
                write("images.gz", gzip(images(5, 4, 3, pixels))),
                write("gzipped-without-suffix", gzip(images(5, 4, 3, pixels)))}) {
            IdxImages read = Idx.readImages(file);
            assertEquals(5, read.count(), file + " count");
            assertEquals(5, read.fileCount());
            assertEquals(4, read.rows());
            assertEquals(3, read.cols());
            for (int n = 0; n < 5; n++) {
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(pixels[(n * 4 + r) * 3 + c] & 0xff, read.pixel(n, r, c), file + " pixel");
                    }
                }
            }
        }
    }

    @Test
    void limitKeepsTheFirstImagesAndLabelsInFileOrder() throws IOException {
        byte[] pixels = pattern(6, 2, 2);
        Path imagesFile = write("images.gz", gzip(images(6, 2, 2, pixels)));
        IdxImages first = Idx.readImages(imagesFile, 2);
        assertEquals(2, first.count());
        assertEquals(6, first.fileCount());
        assertEquals(pixels[4] & 0xff, first.pixel(1, 0, 0));
        assertEquals(6, Idx.readImages(imagesFile, 100).count(), "a limit above the count keeps all");

        Path labelsFile = write("labels", labels((byte) 3, (byte) 255, (byte) 0, (byte) 9));
        assertArrayEquals(new int[] {3, 255}, Idx.readLabels(labelsFile, 2));
        assertArrayEquals(new int[] {3, 255, 0, 9}, Idx.readLabels(labelsFile));
        assertArrayEquals(new int[] {3, 255, 0, 9}, Idx.readLabels(write("labels.gz", gzip(labels(
                (byte) 3, (byte) 255, (byte) 0, (byte) 9)))));
    }

    @Test
    void pixelOutsideTheImagesIsNamed() throws IOException {
        IdxImages read = Idx.readImages(write("images", images(1, 2, 2, new byte[4])));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> read.pixel(0, 2, 0));
        assertEquals("pixel(0, 2, 0) is outside 1 images of 2x2", e.getMessage());
    }

    @Test
    void readSplitFindsRawOrGzippedFilesAndBuildsNchwTensors() throws IOException {
        byte[] pixels = pattern(4, 28, 28);
        write("t10k-images-idx3-ubyte.gz", gzip(images(4, 28, 28, pixels)));
        write("t10k-labels-idx1-ubyte", labels((byte) 9, (byte) 2, (byte) 1, (byte) 1));

        ImageSet set = Idx.readSplit(dir, Idx.TEST, 3, 0f, 1f);

        assertArrayEquals(new int[] {3, 1, 28, 28}, set.images().shape().dims());
        assertArrayEquals(new int[] {9, 2, 1}, set.labels());
        assertEquals(3, set.size());
        assertEquals((pixels[784 + 28 * 5 + 7] & 0xff) / 255f, set.images().get(1, 0, 5, 7), "p / 255");
    }

    @Test
    void locatePrefersTheRawFileAndNamesBothWhenMissing() throws IOException {
        write("x-labels.gz", gzip(labels((byte) 1)));
        assertEquals(dir.resolve("x-labels.gz"), Idx.locate(dir, "x-labels"));
        write("x-labels", labels((byte) 1));
        assertEquals(dir.resolve("x-labels"), Idx.locate(dir, "x-labels"));

        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> Idx.readSplit(dir, Idx.TRAIN, Idx.ALL, 0f, 1f));
        assertEquals(dir.resolve("train-images-idx3-ubyte") + ": neither it nor train-images-idx3-ubyte.gz is in "
                + dir, e.getMessage());
    }

    @Test
    void normalisationIsBitForBitPyTorchs() throws IOException {
        // every byte value once, through a real file, against PyTorch's (x / 255.0 - 0.2860) / 0.3530
        byte[] all = new byte[256];
        for (int p = 0; p < 256; p++) {
            all[p] = (byte) p;
        }
        Tensor t = Idx.readImages(write("all-values", images(1, 16, 16, all))).toTensor(FashionMnist.MEAN,
                FashionMnist.STD);
        JsonNode expected;
        try (InputStream in = IdxTest.class.getResourceAsStream("/io/fmnist_normalise.json")) {
            assertNotNull(in, "fmnist_normalise.json (scripts/fixtures/make_io_fixtures.py)");
            expected = new ObjectMapper().readTree(in);
        }
        assertEquals((float) expected.get("mean").asDouble(), FashionMnist.MEAN);
        assertEquals((float) expected.get("std").asDouble(), FashionMnist.STD);
        for (int p = 0; p < 256; p++) {
            float torch = (float) Double.parseDouble(expected.get("data").get(p).asText());
            assertEquals(Float.floatToRawIntBits(torch), Float.floatToRawIntBits(t.data()[p]),
                    "byte " + p + ": PyTorch " + torch + ", Residuum " + t.data()[p]);
        }
    }

    @Test
    void argumentsAreCheckedBeforeReading() {
        IllegalArgumentException split = assertThrows(IllegalArgumentException.class,
                () -> Idx.readSplit(dir, "test", Idx.ALL, 0f, 1f));
        assertEquals("Idx.readSplit: split must be \"train\" or \"t10k\", got \"test\"", split.getMessage());
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
                () -> Idx.readSplit(dir, Idx.TRAIN, 0, 0f, 1f));
        assertTrue(limit.getMessage().contains("limit must be at least 1"), limit.getMessage());
        IllegalArgumentException std = assertThrows(IllegalArgumentException.class,
                () -> Idx.readSplit(dir, Idx.TRAIN, 10, 0.5f, 0f));
        assertTrue(std.getMessage().contains("std finite and positive, got mean=0.5, std=0.0"), std.getMessage());
    }

    @Test
    void imageSetChecksItsParts() {
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(Tensor.zeros(2, 1, 3, 3), new int[3]));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(Tensor.zeros(2, 9), new int[2]));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(Tensor.zeros(1, 1, 2, 2), new int[] {-1}));
    }
}
