package dev.residuum.data;

/**
 * The standard CIFAR augmentation of He et al. (sec. 4.2), per image: zero-pad each side by
 * {@code padding} pixels, crop a random {@code H x W} window, and mirror it left-right with
 * probability 1/2. The draws come from a caller's {@link dev.residuum.kernel.Rng}, so a seeded
 * run sees the same crops and flips every time. Padding pixels are 0, i.e. the mean after
 * normalisation is not restored (as torchvision's {@code RandomCrop(padding=4)} on a normalised
 * tensor).
 *
 * @param padding pixels added on each side before cropping (0: no crop)
 * @param flip whether to mirror with probability 1/2
 */
public record Augmentation(int padding, boolean flip) {
    /** Pad 4 + random crop, random horizontal flip. */
    public static final Augmentation STANDARD = new Augmentation(4, true);
    /** No change. */
    public static final Augmentation NONE = new Augmentation(0, false);

    public Augmentation {
        if (padding < 0) {
            throw new IllegalArgumentException("Augmentation: padding must be >= 0, got " + padding);
        }
    }

    /** Whether this changes anything (and so draws random numbers). */
    public boolean active() {
        return padding > 0 || flip;
    }

    /** How many numbers {@link #apply} draws per image (the same for every image). */
    public int drawsPerImage() {
        return (padding > 0 ? 2 : 0) + (flip ? 1 : 0);
    }

    /**
     * Writes one augmented image. Draws exactly two numbers from {@code rng} when padding is
     * positive (the crop offsets) and one more when flipping is on, in that order.
     *
     * @param src images, not modified; the image starts at {@code srcOffset} and is {@code channels x h x w}
     * @param dst modified: the augmented image is written at {@code dstOffset}
     */
    public void apply(float[] src, int srcOffset, float[] dst, int dstOffset, int channels, int h, int w,
                      dev.residuum.kernel.Rng rng) {
        int dy = padding > 0 ? rng.nextInt(2 * padding + 1) - padding : 0;
        int dx = padding > 0 ? rng.nextInt(2 * padding + 1) - padding : 0;
        boolean mirror = flip && rng.nextInt(2) == 1;
        for (int c = 0; c < channels; c++) {
            int plane = c * h * w;
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                int row = dstOffset + plane + y * w;
                if (sy < 0 || sy >= h) {
                    java.util.Arrays.fill(dst, row, row + w, 0f);
                    continue;
                }
                int srcRow = srcOffset + plane + sy * w;
                for (int x = 0; x < w; x++) {
                    int sx = (mirror ? w - 1 - x : x) + dx;
                    dst[row + x] = sx >= 0 && sx < w ? src[srcRow + sx] : 0f;
                }
            }
        }
    }
}
