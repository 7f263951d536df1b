package dev.residuum.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Linear;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged and hostile files: each must fail with a one-line {@link SafetensorsException} that
 * names the file and the specific problem, never with an OutOfMemoryError, a StackOverflowError
 * or another exception type.
 */
class SafetensorsValidationTest {
    @TempDir
    Path dir;

    /** An 8-byte little-endian length followed by {@code rest}. */
    private static byte[] withLength(long headerLength, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(headerLength).put(rest).array();
    }

    /** A file with this header text (its true length) and {@code dataBytes} zero bytes of data. */
    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(withLength(h.length, h));
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    /** A file of the one F32 tensor {@code name} (see {@link #f32}) and {@code dataBytes} bytes of data. */
    private static byte[] singleF32(String name, String shape, long begin, long end, int dataBytes) {
        return file("{" + f32(name, shape, begin, end) + "}", dataBytes);
    }

    private static String f32(String name, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    static Stream<Arguments> badFiles() {
        String nested = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        return Stream.of(
                Arguments.of("empty file", new byte[0], "file is 0 bytes long"),
                Arguments.of("shorter than 8 bytes", new byte[] {1, 2, 3, 4, 5}, "file is 5 bytes long"),
                Arguments.of("absurd header length", withLength(1L << 40, new byte[8]),
                        "header length 1099511627776 bytes exceeds the limit of 100000000 bytes"),
                Arguments.of("header length with the top bit set", withLength(-1L, new byte[8]),
                        "header length 18446744073709551615 bytes exceeds the limit"),
                Arguments.of("header length past the end", withLength(99_999_999, "{}".getBytes(StandardCharsets.UTF_8)),
                        "header length 99999999 bytes runs past the end of the file (10 bytes"),
                Arguments.of("zero header length", withLength(0, new byte[0]), "header is not a JSON object"),
                Arguments.of("header not UTF-8", withLength(4, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}),
                        "header is not valid UTF-8"),
                Arguments.of("header not JSON", file("{\"a\":", 0), "header is not valid JSON: unexpected end"),
                Arguments.of("header an array", file("[1, 2]", 0), "header is not a JSON object"),
                Arguments.of("header with leading space", file(" {}", 0), "must start with '{'"),
                Arguments.of("text after the object", file("{} x", 0), "unexpected 'x' after the JSON value"),
                Arguments.of("unterminated string", file("{\"a", 0), "unterminated string"),
                Arguments.of("deep nesting", file(nested, 0), "nesting deeper than 64 levels"),
                Arguments.of("unknown dtype", file("{\"w\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8),
                        "tensor \"w\": unknown dtype \"C64\"; supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL"),
                Arguments.of("dtype not a string", file("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                        "unknown dtype 4"),
                Arguments.of("negative dimension", singleF32("w", "[2,-1]", 0, 8, 8),
                        "tensor \"w\": shape [2, -1] has a negative dimension"),
                Arguments.of("element count overflow", singleF32("w", "[65536,65536,65536]", 0, 8, 8),
                        "shape [65536, 65536, 65536] has more elements than a float32 tensor can hold"),
                Arguments.of("dimension beyond int", singleF32("w", "[4294967296]", 0, 8, 8),
                        "has a dimension larger than 2147483647"),
                Arguments.of("dimension beyond long", singleF32("w", "[99999999999999999999999]", 0, 8, 8),
                        "has a dimension larger than 2147483647"),
                Arguments.of("shape not integers", singleF32("w", "[2.0]", 0, 8, 8),
                        "shape must be an array of integers, got [2.0]"),
                Arguments.of("shape not an array", singleF32("w", "2", 0, 8, 8),
                        "shape must be an array of integers, got 2"),
                Arguments.of("offsets reversed", singleF32("w", "[1]", 8, 4, 8),
                        "data_offsets must be [begin, end] with integers 0 <= begin <= end, got [8, 4]"),
                Arguments.of("offsets negative", singleF32("w", "[1]", -4, 0, 8),
                        "data_offsets must be [begin, end] with integers 0 <= begin <= end, got [-4, 0]"),
                Arguments.of("offsets not integers",
                        file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.0]}}", 4),
                        "data_offsets must be [begin, end] with integers 0 <= begin <= end, got [0, 4.0]"),
                Arguments.of("offsets not two",
                        file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 4),
                        "got [0, 4, 8]"),
                Arguments.of("offsets past the data", singleF32("w", "[1024]", 0, 4096, 16),
                        "data_offsets [0, 4096] run past the end of the data section (16 bytes)"),
                Arguments.of("size not numel times dtype size", singleF32("w", "[3]", 0, 8, 8),
                        "tensor \"w\": data_offsets [0, 8] hold 8 bytes but shape [3] of F32 needs 12"),
                Arguments.of("overlapping tensors",
                        file("{" + f32("a", "[2]", 0, 8) + "," + f32("b", "[2]", 4, 12) + "}", 12),
                        "tensors \"a\" [0, 8] and \"b\" [4, 12] overlap in the data section"),
                Arguments.of("gap between tensors",
                        file("{" + f32("a", "[1]", 0, 4) + "," + f32("b", "[1]", 8, 12) + "}", 12),
                        "bytes [4, 8) of the data section belong to no tensor (a gap before \"b\""),
                Arguments.of("gap before the first tensor", singleF32("a", "[1]", 4, 8, 8),
                        "bytes [0, 4) of the data section belong to no tensor"),
                Arguments.of("bytes after the last tensor", singleF32("a", "[1]", 0, 4, 12),
                        "bytes [4, 12) at the end of the data section belong to no tensor"),
                Arguments.of("data without tensors", file("{}", 8),
                        "bytes [0, 8) at the end of the data section belong to no tensor"),
                Arguments.of("duplicate names",
                        file("{" + f32("a", "[1]", 0, 4) + "," + f32("a", "[1]", 4, 8) + "}", 8),
                        "header is not valid JSON: duplicate key \"a\""),
                Arguments.of("metadata not strings", file("{\"__metadata__\":{\"epoch\":3}}", 0),
                        "__metadata__ must map strings to strings, but \"epoch\" has the value 3"),
                Arguments.of("metadata not an object", file("{\"__metadata__\":[]}", 0),
                        "__metadata__ must be an object of strings, got []"),
                Arguments.of("entry not an object", file("{\"w\":[0,4]}", 4),
                        "tensor \"w\": expected an object with dtype, shape and data_offsets, got [0, 4]"),
                Arguments.of("entry with an unknown key",
                        file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"stride\":[1]}}", 4),
                        "tensor \"w\": unknown key \"stride\""),
                Arguments.of("entry without shape", file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4),
                        "tensor \"w\": no shape"),
                Arguments.of("name with a newline", file("{\"w\\n\":{\"dtype\":\"X\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                        "tensor \"w\\n\": unknown dtype \"X\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFileFailsWithOneLineNamingFileAndProblem(String what, byte[] content, String phrase) throws IOException {
        Path file = dir.resolve(what.replace(' ', '-') + ".safetensors");
        Files.write(file, content);

        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(phrase), "expected \"" + phrase + "\" in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertEquals(file, e.file());

        SafetensorsException meta = assertThrows(SafetensorsException.class, () -> Safetensors.readMetadata(file));
        assertEquals(e.getMessage(), meta.getMessage(), "readMetadata validates the same way");
    }

    @Test
    void loadIntoReportsABadFileAsSuch() throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, new byte[3]);
        SafetensorsException e = assertThrows(SafetensorsException.class,
                () -> Safetensors.loadInto(file, new Linear(2, 2, true, new Rng(1))));
        assertTrue(e.getMessage().contains("file is 3 bytes long"), e.getMessage());
    }

    @Test
    void validEdgeCasesAreAccepted() throws IOException {
        // zero-size tensors anywhere, whitespace and escapes in the header, keys in any order
        Path file = dir.resolve("edge.safetensors");
        Files.write(file, file("{ \"e\\u0301\" : {\"shape\":[0,5],\"data_offsets\":[0,0],\"dtype\":\"F64\"},\n"
                + f32("a", "[1]", 0, 4) + "," + f32("z", "[0]", 4, 4) + "}        ", 4));
        Map<String, dev.residuum.tensor.Tensor> read = Safetensors.read(file);
        assertEquals(List.of("e\u0301", "a", "z"), List.copyOf(read.keySet()));
        assertEquals(0, read.get("e\u0301").numel());
    }
}
