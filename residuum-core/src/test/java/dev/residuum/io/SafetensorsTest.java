package dev.residuum.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing and reading back: names, order, shapes, bit-exact values, metadata, the file layout. */
class SafetensorsTest extends SeededTest {
    @TempDir
    Path dir;

    /** Raw bits, so that NaN payloads and -0.0 count. */
    static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    @Test
    void roundTripKeepsNamesOrderShapesBitsAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("z.weight", randn(3, 5));
        tensors.put("a.scalar", Tensor.scalar(-1.25f));
        tensors.put("m.empty", Tensor.zeros(0, 4));
        tensors.put("specials", Tensor.of(new float[] {Float.intBitsToFloat(0x7fc00123), -0.0f, Float.MIN_VALUE,
                Float.NEGATIVE_INFINITY, Float.MAX_VALUE, Float.intBitsToFloat(0xff800001)}, 6));
        // larger than one 1 MiB chunk, so reading and writing go through several chunks
        tensors.put("big", randn(3, 100_003));
        tensors.put("naïve \"quoted\" \\ 日本\n", randn(2, 1, 2));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "line one\nline two, \"quoted\", ü");

        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, tensors, metadata);
        Map<String, Tensor> back = Safetensors.read(file);

        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.keySet()), "names in the map's order");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = back.get(e.getKey());
            assertEquals(e.getValue().shape(), t.shape(), e.getKey() + " shape");
            assertArrayEquals(bits(e.getValue().data()), bits(t.data()), e.getKey() + " values, bit for bit");
        }
        assertEquals(Shape.SCALAR, back.get("a.scalar").shape());
        assertEquals(metadata, Safetensors.readMetadata(file));
        assertEquals(List.copyOf(metadata.keySet()), List.copyOf(Safetensors.readMetadata(file).keySet()));
    }

    @Test
    void layoutIsTheReferenceOne() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.of(new float[] {1f, 2f}, 2));
        tensors.put("a", Tensor.scalar(3f));
        Path file = dir.resolve("small.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt"));

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to a multiple of 8");
        assertEquals(8 + headerLength + 12, bytes.length, "8 + header + 3 floats");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}", header.stripTrailing());
        assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(c -> c == ' '),
                "padding is spaces");
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + headerLength), 12).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1f, data.getFloat());
        assertEquals(2f, data.getFloat());
        assertEquals(3f, data.getFloat());
    }

    @Test
    void noMetadataMeansNoMetadataKey() throws IOException {
        Path file = dir.resolve("plain.safetensors");
        Safetensors.write(file, Map.of("w", Tensor.ones(2)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(new String(bytes, 8, 16, StandardCharsets.UTF_8).startsWith("{\"w\":"));
        assertEquals(Map.of(), Safetensors.readMetadata(file));
        assertArrayEquals(new float[] {1f, 1f}, Safetensors.read(file).get("w").data());
    }

    @Test
    void emptyStateRoundTrips() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        Safetensors.write(file, Map.of(), Map.of("k", "v"));
        assertEquals(Map.of(), Safetensors.read(file));
        assertEquals(Map.of("k", "v"), Safetensors.readMetadata(file));
    }

    @Test
    void readTensorsAreIndependentOfTheWrittenOnes() throws IOException {
        Tensor w = randn(4);
        Path file = dir.resolve("own.safetensors");
        Safetensors.write(file, Map.of("w", w), Map.of());
        Tensor back = Safetensors.read(file).get("w");
        back.data()[0] += 1f;
        assertEquals(w.data()[0] + 1f, back.data()[0]);
        assertTrue(back.isLeaf() && !back.requiresGrad());
    }

    @Test
    void rejectsTheMetadataKeyAsATensorName() {
        assertNameRefusedBeforeWriting("bad-name.safetensors", "__metadata__", "__metadata__");
    }

    @Test
    void rejectsUnpairedSurrogatesBeforeWriting() {
        assertNameRefusedBeforeWriting("surrogate.safetensors", "bad\uD800", "not valid Unicode");
    }

    /** Writing one tensor named {@code name} fails with a message containing {@code problem}, and leaves no file. */
    private void assertNameRefusedBeforeWriting(String fileName, String name, String problem) {
        Path file = dir.resolve(fileName);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(file, Map.of(name, Tensor.ones(1)), Map.of()));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(Files.notExists(file));
    }
}
