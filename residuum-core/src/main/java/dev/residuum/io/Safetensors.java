package dev.residuum.io;

import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes safetensors files (Hugging Face's format), the weight format PyTorch users
 * share: an 8-byte little-endian header length N, N bytes of UTF-8 JSON (padded with spaces to a
 * multiple of 8), then the raw little-endian tensor data.
 * Tensor names are PyTorch {@code state_dict} keys ({@code layer2.0.bn1.running_var}), so a model
 * moves between PyTorch ({@code safetensors.torch.save_file / load_file}) and Residuum unchanged.
 *
 * <p>Residuum writes F32 and reads F64, F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL, always
 * into float32 tensors (F64 rounded to nearest; integers exact up to 2^24 in magnitude, such as
 * BatchNorm's {@code num_batches_tracked}). A scalar has shape {@code []}.
 *
 * <p>Files are written atomically ({@link AtomicFile}): a crash mid-write leaves the previous
 * file intact. Files are read with bounded reads through a {@link FileChannel}, after the whole
 * header has been validated against the file's real size, so a damaged or hostile file fails
 * with a one-line {@link SafetensorsException} (naming the file and the problem), and what is
 * allocated is bounded by the file's real size (at most 4 bytes of float per byte of data), never
 * by a length the file merely claims.
 */
public final class Safetensors {
    /** Largest header accepted, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Bytes read or written per call (a multiple of every element size). */
    private static final int CHUNK_BYTES = 1 << 20;

    private Safetensors() {
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes {@code tensors} as F32, laid out in the map's iteration order, with
     * {@code metadata} under {@code "__metadata__"} (omitted when empty, as the reference
     * implementation omits it for no metadata). Atomic: see {@link AtomicFile}.
     *
     * @param file created or replaced; its directory must exist
     * @param tensors name to tensor (any shape, including scalars {@code []}); iterated once; not modified
     * @param metadata string to string; not modified
     * @throws IllegalArgumentException if a tensor is named {@code "__metadata__"} or a name or
     *     metadata entry is not valid Unicode (nothing is written then)
     * @throws IOException if the file cannot be written (the previous file, if any, is then intact)
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        List<String> names = new ArrayList<>(tensors.size());
        List<Tensor> values = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "tensor name");
            if (name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("Safetensors.write " + file + ": a tensor may not be named "
                        + SafetensorsHeader.METADATA_KEY + " (the key of the metadata)");
            }
            names.add(name);
            values.add(Objects.requireNonNull(e.getValue(), () -> "tensor " + name));
        }
        byte[] header = header(file, names, values, metadata);
        AtomicFile.write(file, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(length.array());
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer floats = chunk.asFloatBuffer(); // writes into chunk's array, raw bits (NaN payloads kept)
            for (int i = 0; i < values.size(); i++) {
                float[] data = values.get(i).data();
                if (data.length != values.get(i).numel()) {
                    throw new IllegalStateException("tensor " + names.get(i) + " changed size while being written");
                }
                for (int from = 0; from < data.length; from += floats.capacity()) {
                    int n = Math.min(floats.capacity(), data.length - from);
                    floats.clear();
                    floats.put(data, from, n);
                    out.write(chunk.array(), 0, 4 * n);
                }
            }
        });
    }

    /** The JSON header, UTF-8, padded with spaces to a multiple of 8 bytes. */
    private static byte[] header(Path file, List<String> names, List<Tensor> values, Map<String, String> metadata) {
        JsonObject json = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                meta.put(Objects.requireNonNull(e.getKey(), "metadata key"),
                        Objects.requireNonNull(e.getValue(), () -> "metadata " + e.getKey()));
            }
            json.put(SafetensorsHeader.METADATA_KEY, meta);
        }
        long offset = 0;
        for (int i = 0; i < names.size(); i++) {
            long end = offset + 4L * values.get(i).numel();
            json.put(names.get(i), new JsonObject().put("dtype", "F32").put("shape", values.get(i).shape().dims())
                    .put("data_offsets", new long[] {offset, end}));
            offset = end;
        }
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(Json.write(json, Json.Style.COMPACT)));
        } catch (CharacterCodingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Safetensors.write " + file + ": a tensor name or metadata entry"
                    + " is not valid Unicode (an unpaired surrogate): " + e.getMessage());
        }
        int length = encoded.remaining();
        byte[] padded = new byte[(length + 7) / 8 * 8];
        encoded.get(padded, 0, length);
        for (int i = length; i < padded.length; i++) {
            padded[i] = ' ';
        }
        return padded;
    }

    /**
     * Writes a model's parameters and buffers ({@link Module#stateDict()}), named as PyTorch
     * names them: {@code write(file, model.stateDict(), metadata)}.
     *
     * @param model not modified
     */
    public static void save(Path file, Module model, Map<String, String> metadata) throws IOException {
        write(file, Objects.requireNonNull(model, "model").stateDict(), metadata);
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads every tensor, in header order, as float32 tensors that the caller owns (leaves that
     * do not require a gradient).
     *
     * @return name to tensor, in the order of the file's header
     * @throws SafetensorsException if the file is not a valid safetensors file Residuum can read
     * @throws IOException if the file cannot be read
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel channel = open(file)) {
            Layout layout = layout(file, channel);
            long largest = 0;
            for (SafetensorsHeader.Entry t : layout.header().tensors()) {
                largest = Math.max(largest, t.byteCount());
            }
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, largest)).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry t : layout.header().tensors()) {
                float[] values = new float[t.shape().numel()];
                int elementsPerChunk = chunk.capacity() / t.dtype().size();
                for (int from = 0; from < values.length; from += elementsPerChunk) {
                    int n = Math.min(elementsPerChunk, values.length - from);
                    chunk.clear().limit(n * t.dtype().size());
                    long position = layout.dataStart() + t.begin() + (long) from * t.dtype().size();
                    readFully(file, channel, chunk, position, "tensor " + Json.quote(t.name()));
                    chunk.flip();
                    t.dtype().decode(chunk, values, from, n);
                }
                out.put(t.name(), Tensor.wrap(values, t.shape()));
            }
            return out;
        }
    }

    /** Opens {@code file} for reading; a folder is refused naming it (the system says only "Is a directory"). */
    private static FileChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new SafetensorsException(file, "is a folder, not a safetensors file");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Reads the {@code "__metadata__"} entries only (the header is still fully validated; the
     * tensor data is not read).
     *
     * @return key to value in file order; empty if the file has none
     * @throws SafetensorsException if the file is not a valid safetensors file Residuum can read
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel channel = open(file)) {
            return new LinkedHashMap<>(layout(file, channel).header().metadata());
        }
    }

    /**
     * Copies the tensors of {@code file} into {@code model}'s parameters and buffers, matched by
     * name (PyTorch's strict {@code load_state_dict}). All or nothing: the file is read and
     * checked against the whole model before any value is copied.
     *
     * <p>One leniency: a BatchNorm saved by PyTorch always carries a {@code num_batches_tracked}
     * counter. If the model has such a buffer it is loaded like any other; if it has none,
     * file entries whose name is {@code num_batches_tracked} or ends in
     * {@code .num_batches_tracked} are ignored silently. Every other name must match exactly.
     *
     * @param model modified (its parameters' and buffers' values), only if everything fits
     * @throws ModelMismatchException listing every missing, unexpected and mis-shaped tensor at once
     * @throws SafetensorsException if the file is not a valid safetensors file Residuum can read
     */
    public static void loadInto(Path file, Module model) throws IOException {
        Objects.requireNonNull(model, "model");
        Map<String, Tensor> saved = read(file);
        Map<String, Tensor> own = model.stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), misshaped = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor s = saved.get(e.getKey());
            if (s == null) {
                missing.add(e.getKey());
            } else if (!s.shape().equals(e.getValue().shape())) {
                misshaped.add(e.getKey() + " (file " + s.shape() + ", model " + e.getValue().shape() + ")");
            }
        }
        for (String name : saved.keySet()) {
            if (!own.containsKey(name) && !isBatchCounter(name)) {
                unexpected.add(name);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misshaped.isEmpty()) {
            throw new ModelMismatchException(file, missing, unexpected, misshaped);
        }
        own.forEach((name, t) -> System.arraycopy(saved.get(name).data(), 0, t.data(), 0, t.numel()));
    }

    private static boolean isBatchCounter(String name) {
        return name.equals("num_batches_tracked") || name.endsWith(".num_batches_tracked");
    }

    // ------------------------------------------------------------------ file layout

    /** A validated header and where the data section starts. */
    private record Layout(SafetensorsHeader header, long dataStart) {
    }

    private static Layout layout(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new SafetensorsException(file, "file is " + size + " bytes long; a safetensors file starts with"
                    + " an 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, channel, lengthBytes, 0, "the header length");
        long headerLength = lengthBytes.getLong(0);
        if (Long.compareUnsigned(headerLength, MAX_HEADER_BYTES) > 0) {
            throw new SafetensorsException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " bytes exceeds the limit of " + MAX_HEADER_BYTES + " bytes (not a safetensors file?)");
        }
        if (8 + headerLength > size) {
            throw new SafetensorsException(file, "header length " + headerLength + " bytes runs past the end of the"
                    + " file (" + size + " bytes; truncated?)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(file, channel, headerBytes, 8, "the header");
        headerBytes.flip();
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(file, "header is not valid UTF-8");
        }
        return new Layout(SafetensorsHeader.parse(file, json, size - 8 - headerLength), 8 + headerLength);
    }

    /** Fills {@code buffer} (from its position to its limit) from {@code position} of the file. */
    private static void readFully(Path file, FileChannel channel, ByteBuffer buffer, long position, String what)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new SafetensorsException(file, "file ended at byte " + at + " while reading " + what
                        + " (was it changed while being read?)");
            }
            at += n;
        }
    }
}
