package dev.residuum.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Malformed files made from valid seeds, for the fuzz tests of every reader: one to three random
 * kinds of damage per file, drawn from truncation, bit flips, byte replacement, inserted tokens
 * (separators, quotes, NaN, huge and negative numbers, JSON punctuation, NUL), deleted and
 * duplicated spans, huge counts written over 4 or 8 bytes, and re-encoding as UTF-16, Latin-1 or
 * with a byte-order mark. Positions favour the first {@code hot} bytes (headers), where damage
 * reaches a reader's checks rather than a tensor's values.
 */
public final class Damage {
    private static final String[] TOKENS = {",", "\"", "\n", "\r\n", "NaN", "-NaN", "Infinity", "1e999", "-1", "0",
        "99999999999999999999", "2147483648", "-9223372036854775809", "\u00e9", "\u0000", "{", "}", "[", "]", ":", "true",
        "null", "\\u", "\\", "#", " ", "\t", "--", "=", "\uFFFD", "\uD83D\uDE00"};

    private final Random rng;

    /** @param seed fixes every file this instance makes */
    public Damage(long seed) {
        rng = new Random(seed);
    }

    /** A damaged copy of {@code seed} (not modified), with positions biased to its first {@code hot} bytes. */
    public byte[] of(byte[] seed, int hot) {
        byte[] b = seed.clone();
        int ops = 1 + rng.nextInt(3);
        for (int i = 0; i < ops; i++) {
            b = once(b, hot);
        }
        return b;
    }

    private int at(byte[] b, int hot) {
        if (b.length == 0) {
            return 0;
        }
        int range = rng.nextInt(5) < 4 ? Math.min(b.length, Math.max(1, hot)) : b.length;
        return rng.nextInt(range);
    }

    private byte[] once(byte[] b, int hot) {
        int kind = rng.nextInt(10);
        if (b.length == 0) {
            kind = 3;
        }
        switch (kind) {
            case 0 -> {
                return Arrays.copyOf(b, rng.nextInt(b.length));
            }
            case 1 -> {
                b[at(b, hot)] ^= (byte) (1 << rng.nextInt(8));
                return b;
            }
            case 2 -> {
                b[at(b, hot)] = (byte) rng.nextInt(256);
                return b;
            }
            case 3 -> {
                return splice(b, at(b, hot), 0, TOKENS[rng.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            }
            case 4 -> {
                int from = at(b, hot);
                return splice(b, from, Math.min(b.length - from, 1 + rng.nextInt(16)), new byte[0]);
            }
            case 5 -> {
                int from = at(b, hot);
                int len = Math.min(b.length - from, 1 + rng.nextInt(64));
                return splice(b, from, 0, Arrays.copyOfRange(b, from, from + len));
            }
            case 6 -> {
                int from = at(b, hot);
                if (from + 4 <= b.length) {
                    int[] huge = {Integer.MAX_VALUE, -1, Integer.MIN_VALUE, 0x7fff_fff0, 1 << 30};
                    ByteBuffer.wrap(b, from, 4).putInt(huge[rng.nextInt(huge.length)]);
                }
                return b;
            }
            case 7 -> {
                int from = at(b, hot);
                if (from + 8 <= b.length) {
                    ByteBuffer.wrap(b, from, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .putLong(rng.nextBoolean() ? Long.MAX_VALUE : (1L << 40) + rng.nextInt(1000));
                }
                return b;
            }
            case 8 -> {
                String text = new String(b, StandardCharsets.UTF_8);
                return switch (rng.nextInt(3)) {
                    case 0 -> text.getBytes(StandardCharsets.UTF_16LE);
                    case 1 -> text.replace('e', '\u00e9').getBytes(StandardCharsets.ISO_8859_1);
                    default -> splice(b, 0, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                };
            }
            default -> {
                int from = at(b, hot);
                byte[] number = (rng.nextBoolean() ? "NaN" : Long.toString(rng.nextLong())).getBytes(StandardCharsets.US_ASCII);
                return splice(b, from, Math.min(b.length - from, rng.nextInt(4)), number);
            }
        }
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, at);
        out.write(insert, 0, insert.length);
        out.write(b, at + remove, b.length - at - remove);
        return out.toByteArray();
    }

    /**
     * Recomputes the CRC of every whole chunk of a (damaged) PNG, so that the damage reaches the
     * decoder instead of the checksum test; stops at the first chunk that does not fit.
     *
     * @param png modified
     */
    public static void fixPngCrcs(byte[] png) {
        int at = 8;
        while (at + 12 <= png.length) {
            long len = ByteBuffer.wrap(png, at, 4).getInt() & 0xffffffffL;
            if (len > png.length - at - 12L) {
                return;
            }
            CRC32 crc = new CRC32();
            crc.update(png, at + 4, 4 + (int) len);
            ByteBuffer.wrap(png, at + 8 + (int) len, 4).putInt((int) crc.getValue());
            at += 12 + (int) len;
        }
    }

    /** A random int in [0, n). */
    public int nextInt(int n) {
        return rng.nextInt(n);
    }
}
