package dev.residuum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {
    /** 10 images 1x4x4 whose pixels all equal their index; label = index. */
    private static ImageSet set() {
        float[] px = new float[10 * 16];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            Arrays.fill(px, i * 16, i * 16 + 16, i + 1);
            labels[i] = i;
        }
        return new ImageSet(Tensor.wrap(px, Shape.of(10, 1, 4, 4)), labels);
    }

    private static List<float[]> drain(BatchLoader loader, long sleepMs, List<long[]> states) throws Exception {
        List<float[]> out = new ArrayList<>();
        for (BatchLoader.Batch b; (b = loader.next()) != null; ) {
            Thread.sleep(sleepMs);
            out.add(Arrays.copyOf(b.images(), b.size() * 16));
            states.add(new long[] {b.index(), b.rngAfter()});
            loader.recycle(b);
        }
        assertNull(loader.next());
        return out;
    }

    @Test
    void batchesFollowTheOrderWithASmallerLastOne() throws Exception {
        int[] order = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
        try (BatchLoader loader = new BatchLoader(set(), order, 4, Augmentation.NONE, 0, 0)) {
            BatchLoader.Batch b = loader.next();
            assertArrayEquals(new int[] {9, 8, 7, 6}, b.labels());
            assertEquals(10f, b.images()[0]);
            loader.next();
            BatchLoader.Batch last = loader.next();
            assertEquals(2, last.size());
            assertArrayEquals(new int[] {1, 0}, last.labels());
            assertNull(loader.next());
        }
    }

    @Test
    void contentIsTheSameWhateverTheTimingAndResumesFromABatch() throws Exception {
        int[] order = {3, 1, 4, 0, 5, 9, 2, 6, 8, 7};
        List<long[]> s1 = new ArrayList<>(), s2 = new ArrayList<>(), s3 = new ArrayList<>();
        List<float[]> fast, slow, resumed;
        try (BatchLoader l = new BatchLoader(set(), order, 3, Augmentation.STANDARD, 42, 0)) {
            fast = drain(l, 0, s1);
        }
        try (BatchLoader l = new BatchLoader(set(), order, 3, Augmentation.STANDARD, 42, 0)) {
            slow = drain(l, 5, s2);
        }
        assertEquals(4, fast.size());
        for (int i = 0; i < fast.size(); i++) {
            assertArrayEquals(fast.get(i), slow.get(i));
            assertArrayEquals(s1.get(i), s2.get(i));
        }
        try (BatchLoader l = new BatchLoader(set(), order, 3, Augmentation.STANDARD, s1.get(1)[1], 2)) {
            resumed = drain(l, 0, s3);
        }
        assertEquals(2, resumed.size());
        assertArrayEquals(fast.get(2), resumed.get(0));
        assertArrayEquals(fast.get(3), resumed.get(1));
        for (float v : fast.get(0)) {
            assertTrue(v == 0f || (v >= 1 && v <= 10 && v == Math.rint(v)), "a pixel or zero padding: " + v);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchLoader(set(), new int[10], 0, Augmentation.NONE, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchLoader(set(), new int[10], 4, Augmentation.NONE, 0, 4));
    }
}
