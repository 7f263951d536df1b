package dev.residuum.nn.residual;

import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Long skip connections across several blocks of a stack, on top of each block's own skip. With
 * {@code h_0} the first block's input and {@code h_t = block_{t-1}(h_{t-1})} before the long skips:
 *
 * <ul>
 *   <li>{@link Kind#EVERY} k: {@code h_t += h_{t-k}} for t = k, 2k, ... (every k blocks the stack adds
 *       what it held k blocks earlier; the disulfide bridge of the seed's protein analogy);
 *   <li>{@link Kind#U_SHAPED}: the first activations are added to their mirror images at the end,
 *       {@code h_{L-i} += h_i} for i = 0, 1, ... while {@code L - i - i >= 2} (U-Net's pairing);
 *   <li>{@link Kind#NONE}: none.
 * </ul>
 *
 * Pairs are formed inside segments of activations of one shape (a whole residual MLP; each stage of a
 * CIFAR ResNet, whose shape changes between stages), never across them. Long skips hold no
 * parameters: a network's {@code state_dict} is the same with and without them.
 *
 * @param kind which pairing
 * @param every k for {@link Kind#EVERY} (at least 2), else 0
 */
public record LongSkips(Kind kind, int every) {
    /** The pairing. */
    public enum Kind { NONE, EVERY, U_SHAPED }

    /** No long skips. */
    public static final LongSkips NONE = new LongSkips(Kind.NONE, 0);

    public LongSkips {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.EVERY ? every < 2 : every != 0) {
            throw new IllegalArgumentException("LongSkips: " + (kind == Kind.EVERY
                    ? "'every k' needs k >= 2 (k = 1 is each block's own skip), got " + every
                    : kind + " takes no k, got " + every));
        }
    }

    /** {@code h_t += h_{t-k}} every k blocks. */
    public static LongSkips every(int k) {
        return new LongSkips(Kind.EVERY, k);
    }

    /** {@code h_{L-i} += h_i}: the U-shaped pairing. */
    public static LongSkips uShaped() {
        return new LongSkips(Kind.U_SHAPED, 0);
    }

    /**
     * Parses {@code none}, {@code every:K} (or just {@code K}) and {@code u} / {@code u-shaped}.
     *
     * @throws IllegalArgumentException naming the allowed forms
     */
    public static LongSkips parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.equals("none")) {
                return NONE;
            }
            if (t.equals("u") || t.equals("u-shaped")) {
                return uShaped();
            }
            return every(Integer.parseInt(t.startsWith("every:") ? t.substring(6) : t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown long skips '" + text + "'; use none, every:K (K >= 2) or u");
        }
    }

    /** The text {@link #parse} reads back: {@code none}, {@code every:4}, {@code u}. */
    public String spec() {
        return switch (kind) {
            case NONE -> "none";
            case EVERY -> "every:" + every;
            case U_SHAPED -> "u";
        };
    }

    /** Whether there are any. */
    public boolean enabled() {
        return kind != Kind.NONE;
    }

    /**
     * The source of each activation's long skip.
     *
     * @param segments the first index of each segment of same-shaped activations, increasing, the
     *     first 0; the last segment ends at {@code depth}
     * @return {@code src} of length {@code depth + 1}: {@code h_t += h_{src[t]}}, or -1 for none
     */
    public int[] sources(int depth, int... segments) {
        int[] src = new int[depth + 1];
        Arrays.fill(src, -1);
        for (int s = 0; s < segments.length; s++) {
            int a = segments[s];
            int b = s + 1 < segments.length ? segments[s + 1] - 1 : depth;
            if (kind == Kind.EVERY) {
                for (int t = a + every; t <= b; t += every) {
                    src[t] = t - every;
                }
            } else if (kind == Kind.U_SHAPED) {
                for (int i = a; a + b - i - i >= 2; i++) {
                    src[a + b - i] = i;
                }
            }
        }
        return src;
    }

    /**
     * Runs {@code blocks} from {@code h0} with the long skips {@code src} ({@link #sources}).
     *
     * @param h0 the first block's input; not modified
     */
    public static Tensor run(List<Module> blocks, int[] src, Tensor h0, boolean training) {
        Tensor[] h = new Tensor[blocks.size() + 1];
        h[0] = h0;
        for (int t = 1; t <= blocks.size(); t++) {
            h[t] = blocks.get(t - 1).forward(h[t - 1], training);
            if (src[t] >= 0) {
                h[t] = h[t].add(h[src[t]]);
            }
        }
        return h[blocks.size()];
    }
}
