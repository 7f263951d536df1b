package dev.residuum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Fashion-MNIST files of Debian's {@code dataset-fashion-mnist}, when installed (skipped
 * otherwise). Expected values are what Python reads from the same files with gzip + numpy, as
 * {@code pytorch_reference.py} does: counts, the first 20 labels, and pixel sums of the first and
 * last image of each split.
 */
class FashionMnistInstalledTest {
    @BeforeEach
    void requireDataSet() {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), FashionMnist.DEFAULT_DIR + " is not installed");
    }

    private static long pixelSum(IdxImages images, int image) {
        long sum = 0;
        for (int r = 0; r < images.rows(); r++) {
            for (int c = 0; c < images.cols(); c++) {
                sum += images.pixel(image, r, c);
            }
        }
        return sum;
    }

    @Test
    void trainingSplit() throws IOException {
        IdxImages images = Idx.readImages(Idx.locate(FashionMnist.DEFAULT_DIR, "train-images-idx3-ubyte"));
        assertEquals(60000, images.count());
        assertEquals(28, images.rows());
        assertEquals(28, images.cols());
        assertEquals(76247, pixelSum(images, 0));
        assertEquals(16684, pixelSum(images, 59999));
        int[] labels = Idx.readLabels(Idx.locate(FashionMnist.DEFAULT_DIR, "train-labels-idx1-ubyte"));
        assertEquals(60000, labels.length);
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9, 5, 5, 7, 9, 1, 0, 6, 4},
                Arrays.copyOf(labels, 20));
    }

    @Test
    void testSplitNormalised() throws IOException {
        ImageSet all = FashionMnist.read(FashionMnist.DEFAULT_DIR, Idx.TEST, Idx.ALL);
        assertArrayEquals(new int[] {10000, 1, 28, 28}, all.images().shape().dims());
        assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5, 7, 3, 4, 1, 2, 4, 8, 0},
                Arrays.copyOf(all.labels(), 20));
        // row 14 of the first test image, as numpy reads it
        int[] row = {0, 0, 0, 0, 0, 0, 2, 4, 1, 0, 0, 0, 98, 136, 110, 109, 110, 162, 135, 144, 149, 159, 167, 144,
                158, 169, 119, 0};
        Tensor images = all.images();
        for (int c = 0; c < 28; c++) {
            assertEquals((row[c] / 255f - FashionMnist.MEAN) / FashionMnist.STD, images.get(0, 0, 14, c));
        }

        ImageSet first = FashionMnist.read(FashionMnist.DEFAULT_DIR, Idx.TEST, 100);
        assertEquals(100, first.size());
        assertArrayEquals(Arrays.copyOf(all.labels(), 100), first.labels());
        assertArrayEquals(Arrays.copyOf(images.data(), 100 * 784), first.images().data());
    }
}
