package dev.residuum.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.tensor.Tensor;
import dev.residuum.testing.FuzzTrial;
import dev.residuum.testing.SeededTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to a valid file (flipped bytes in the header and length, cuts, inserted bytes):
 * the reader either reads it (the damage hit only tensor values, or left valid JSON) or throws
 * a {@link SafetensorsException}; never another exception, never an error.
 */
class SafetensorsFuzzTest extends SeededTest {
    @TempDir
    Path dir;

    @Test
    void damagedFilesFailOnlyWithSafetensorsException() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("conv.weight", randn(2, 3));
        tensors.put("bn.num_batches_tracked", Tensor.scalar(3f));
        tensors.put("e", Tensor.zeros(0));
        Path good = dir.resolve("good.safetensors");
        Safetensors.write(good, tensors, Map.of("format", "pt"));
        byte[] original = Files.readAllBytes(good);
        int headerEnd = 8 + (int) java.nio.ByteBuffer.wrap(original, 0, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] interesting = "{}[]\",:0123456789-.eE \\u".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        Path file = dir.resolve("damaged.safetensors");
        int rejected = 0;
        for (int trial = 0; trial < 2000; trial++) {
            byte[] b = original.clone();
            switch (trial % 4) {
                case 0 -> b[rng.nextInt(headerEnd)] = interesting[rng.nextInt(interesting.length)];
                case 1 -> b[rng.nextInt(headerEnd)] ^= (byte) (1 << rng.nextInt(8));
                case 2 -> b = Arrays.copyOf(b, rng.nextInt(b.length));
                default -> {
                    int at = 8 + rng.nextInt(headerEnd - 8);
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = interesting[rng.nextInt(interesting.length)];
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
            }
            String rejection = FuzzTrial.rejection(file, b, trial, SafetensorsException.class, Safetensors::read);
            if (rejection != null) {
                rejected++;
                assertTrue(rejection.startsWith(file + ": "), rejection);
            }
        }
        assertTrue(rejected > 1300, "most damage is detected: " + rejected + " of 2000");
    }
}
