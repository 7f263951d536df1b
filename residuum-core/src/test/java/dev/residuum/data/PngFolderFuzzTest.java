package dev.residuum.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.testing.Damage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged PNGs (grey and RGB seeds; half with their chunk CRCs recomputed so that the damage
 * reaches the decoder): reading the folder either succeeds or fails with a one-line
 * {@link ImageFormatException} naming the file; never another exception, an error or a hang.
 */
class PngFolderFuzzTest {
    @TempDir
    Path dir;

    static byte[] png(int type, int w, int h) throws IOException {
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x * 37 + y * 11) % 256 * 0x010101 + (type == BufferedImage.TYPE_INT_RGB ? x << 16 : 0));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void damagedPngsFailWithOneLineNamingTheFile() throws IOException {
        byte[][] seeds = {png(BufferedImage.TYPE_BYTE_GRAY, 28, 28), png(BufferedImage.TYPE_INT_RGB, 20, 33)};
        Damage damage = new Damage(18);
        Path folder = Files.createDirectories(dir.resolve("in"));
        Path file = folder.resolve("damaged.png");
        int rejected = 0, read = 0;
        for (int trial = 0; trial < 1200; trial++) {
            byte[] b = damage.of(seeds[trial % 2], 64);
            if (trial % 4 >= 2) {
                Damage.fixPngCrcs(b);
            }
            Files.write(file, b);
            int t = trial;
            boolean ok = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try {
                    UnlabelledImages images = UnlabelledImages.read(folder, 1 + 2 * (t % 3 / 2), 28, 28, 0.286f, 0.353f);
                    assertTrue(images.size() == 1);
                    return true;
                } catch (ImageFormatException e) {
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
                    return false;
                } catch (RuntimeException | Error | IOException e) {
                    throw new AssertionError("trial " + t + ": " + e + " instead of an ImageFormatException", e);
                }
            }, "trial " + trial + " took too long");
            rejected += ok ? 0 : 1;
            read += ok ? 1 : 0;
        }
        System.out.println("PNG fuzz: 1200 damaged files: " + read + " read, " + rejected + " rejected in one line");
        assertTrue(rejected > 600, "most damage is detected: " + rejected + " of 1200");
    }
}
