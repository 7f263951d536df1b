package dev.residuum.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The safetensors element types Residuum reads, with their size in bytes and their conversion to
 * float32. Every type is read into a float32 tensor: F64 is rounded to the nearest float, and
 * integers above 2^24 in magnitude (far beyond a BatchNorm's {@code num_batches_tracked}) are
 * rounded too. Residuum writes F32 only.
 */
enum Dtype {
    F64(8),
    F32(4),
    F16(2),
    BF16(2),
    I64(8),
    I32(4),
    I16(2),
    I8(1),
    U8(1),
    BOOL(1);

    private final int size;

    Dtype(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /** The type named {@code name} in a header, or null if Residuum does not read it. */
    static Dtype named(String name) {
        for (Dtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The names this enum accepts, for error messages: "F64, F32, ...". */
    static String supported() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /**
     * Decodes {@code count} elements from {@code src} (little-endian, position advanced) into
     * {@code dst[offset, offset + count)}.
     *
     * @param src little-endian, with at least {@code count * size()} bytes remaining; modified (position)
     * @param dst modified
     */
    void decode(ByteBuffer src, float[] dst, int offset, int count) {
        switch (this) {
            case F32 -> src.asFloatBuffer().get(dst, offset, count);
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = (float) src.getDouble(src.position() + 8 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = halfToFloat(src.getShort(src.position() + 2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = Float.intBitsToFloat((src.getShort(src.position() + 2 * i) & 0xffff) << 16);
                }
            }
            case I64 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = (float) src.getLong(src.position() + 8 * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = (float) src.getInt(src.position() + 4 * i);
                }
            }
            case I16 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = src.getShort(src.position() + 2 * i);
                }
            }
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = src.get(src.position() + i);
                }
            }
            case U8 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = src.get(src.position() + i) & 0xff;
                }
            }
            case BOOL -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = src.get(src.position() + i) != 0 ? 1f : 0f;
                }
            }
            default -> throw new AssertionError(this);
        }
        src.position(src.position() + count * size);
    }

    /**
     * IEEE 754 half precision to float (exact: every half is a float). Java 20 has
     * {@code Float.float16ToFloat}; Residuum targets Java 17.
     */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) { // infinity or NaN (payload kept)
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
