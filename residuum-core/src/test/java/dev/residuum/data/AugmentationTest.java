package dev.residuum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    /** A 1x3x3 image 1..9. */
    private static final float[] IMAGE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void flipOnlyMirrorsRowsOrLeavesTheImage() {
        Augmentation flip = new Augmentation(0, true);
        int flipped = 0;
        Rng rng = new Rng(3);
        for (int i = 0; i < 40; i++) {
            float[] out = new float[9];
            flip.apply(IMAGE, 0, out, 0, 1, 3, 3, rng);
            if (out[0] == 3) {
                assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, out);
                flipped++;
            } else {
                assertArrayEquals(IMAGE, out);
            }
        }
        assertTrue(flipped > 5 && flipped < 35, "about half flipped: " + flipped);
    }

    @Test
    void cropShiftsWithZeroFillAndKeepsEveryPixelInPlaceOrOut() {
        Augmentation crop = new Augmentation(1, false);
        Rng rng = new Rng(5);
        boolean sawShift = false;
        for (int i = 0; i < 30; i++) {
            long before = rng.state();
            Rng probe = new Rng(before);
            int dy = probe.nextInt(3) - 1, dx = probe.nextInt(3) - 1;
            float[] out = new float[9];
            crop.apply(IMAGE, 0, out, 0, 1, 3, 3, rng);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    int sy = y + dy, sx = x + dx;
                    float want = sy < 0 || sy > 2 || sx < 0 || sx > 2 ? 0 : IMAGE[sy * 3 + sx];
                    assertEquals(want, out[y * 3 + x]);
                }
            }
            assertEquals(probe.state(), rng.state(), "exactly two draws");
            sawShift |= dy != 0 || dx != 0;
        }
        assertTrue(sawShift);
    }

    @Test
    void sameSeedSameDrawsAndNegativePaddingRefused() {
        float[] a = new float[9], b = new float[9];
        Augmentation.STANDARD.apply(IMAGE, 0, a, 0, 1, 3, 3, new Rng(11));
        Augmentation.STANDARD.apply(IMAGE, 0, b, 0, 1, 3, 3, new Rng(11));
        assertArrayEquals(a, b);
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, false));
    }
}
