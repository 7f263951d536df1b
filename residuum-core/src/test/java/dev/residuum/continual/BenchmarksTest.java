package dev.residuum.continual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.residuum.data.ImageSet;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Split and Permuted sequences on a tiny image set whose pixels are their own addresses. */
class BenchmarksTest {
    /** {@code n} images 1x2x2, pixel p of image i = 10 i + p, labels cycling over 0..3. */
    private static ImageSet images(int n) {
        float[] px = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 4; p++) {
                px[i * 4 + p] = 10 * i + p;
            }
            y[i] = i % 4;
        }
        return new ImageSet(Tensor.of(px, n, 1, 2, 2), y);
    }

    @Test
    void splitCutsTheClassesIntoConsecutivePairs() {
        List<RowClassificationTask> tasks = Benchmarks.split(images(20), images(8), 2, 2, true, 3);
        assertEquals(2, tasks.size());
        RowClassificationTask t1 = tasks.get(1);
        assertArrayEquals(new int[] {2, 3}, t1.classes());
        assertArrayEquals(new int[] {2, 3, 2}, t1.labels(), "the first 3 training images of classes 2 and 3");
        assertArrayEquals(new float[] {20, 21, 22, 23}, Arrays.copyOf(t1.x().data(), 4), "image 2 as a row");
        assertEquals(4, t1.labelsTest().length, "every test image of the task");
        assertNull(Benchmarks.split(images(20), images(8), 2, 2, false, 3).get(0).classes(), "class-incremental");
        assertThrows(IllegalArgumentException.class, () -> Benchmarks.split(images(20), images(8), 3, 2, true, 3));
    }

    @Test
    void permutedTasksShuffleThePixelsTheSameWayInTrainingAndTest() {
        List<RowClassificationTask> tasks = Benchmarks.permuted(images(6), images(6), 3, 5, 11);
        assertArrayEquals(images(6).images().data(), tasks.get(0).xTest().data(), "task 0 keeps the images");
        assertEquals(5, tasks.get(0).size());
        for (int t = 1; t < 3; t++) {
            float[] row = Arrays.copyOf(tasks.get(t).x().data(), 4);
            float[] testRow = Arrays.copyOf(tasks.get(t).xTest().data(), 4);
            assertArrayEquals(row, testRow, "the same permutation on both splits");
            float[] sorted = row.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new float[] {0, 1, 2, 3}, sorted, "a permutation of image 0's pixels");
            assertNull(tasks.get(t).classes());
        }
        assertFalse(Arrays.equals(tasks.get(1).x().data(), tasks.get(2).x().data())
                && Arrays.equals(tasks.get(1).x().data(), tasks.get(0).x().data()), "the tasks differ");
        assertArrayEquals(tasks.get(2).x().data(), Benchmarks.permuted(images(6), images(6), 3, 5, 11).get(2).x().data(),
                "seeded");
    }
}
