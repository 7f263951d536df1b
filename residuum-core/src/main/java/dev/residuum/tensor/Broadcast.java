package dev.residuum.tensor;

/**
 * Kernels that move data between a shape and a shape it broadcasts to: {@link #expand} (repeat
 * a small tensor over a big one) and {@link #sumTo} (its adjoint: add a big tensor into a small
 * one). Both recognise the patterns nets use (equal shapes, a scalar, a trailing block such as a
 * bias over rows, a leading block such as a per-row value) and fall back to a strided walk.
 */
public final class Broadcast {
    private Broadcast() {
    }

    /**
     * The period with which {@code small} repeats in {@code big} when {@code small}'s dimensions,
     * after dropping leading 1s, equal the trailing dimensions of {@code big} (a bias over rows, a
     * scalar); {@code -1} otherwise. Equal shapes give {@code big.numel()}.
     */
    public static int period(Shape small, Shape big) {
        int rs = small.rank();
        int lead = 0;
        while (lead < rs && small.dim(lead) == 1) {
            lead++;
        }
        int tail = rs - lead;
        if (tail > big.rank()) {
            return -1;
        }
        for (int i = 0; i < tail; i++) {
            if (small.dim(lead + i) != big.dim(big.rank() - tail + i)) {
                return -1;
            }
        }
        return small.numel();
    }

    /**
     * The block length when {@code small} equals the leading dimensions of {@code big} followed by
     * 1s (one value per row, per image, per channel of a [N, C] prefix): each small element
     * covers a contiguous block of {@code big}. {@code -1} otherwise.
     */
    static int block(Shape small, Shape big) {
        if (small.rank() != big.rank()) {
            return -1;
        }
        int r = big.rank();
        int cut = r;
        while (cut > 0 && small.dim(cut - 1) == 1) {
            cut--;
        }
        for (int i = 0; i < cut; i++) {
            if (small.dim(i) != big.dim(i)) {
                return -1;
            }
        }
        return big.count(cut, r);
    }

    /**
     * {@code dst = broadcast(src)} or {@code dst += broadcast(src)}.
     *
     * @param src not modified; shape {@code srcShape}, broadcastable to {@code dstShape}
     * @param dst modified
     */
    public static void expand(float[] src, Shape srcShape, float[] dst, Shape dstShape, boolean accumulate) {
        int n = dstShape.numel();
        int p = period(srcShape, dstShape);
        if (p > 0) {
            for (int base = 0; base < n; base += p) {
                if (accumulate) {
                    for (int j = 0; j < p; j++) {
                        dst[base + j] += src[j];
                    }
                } else {
                    System.arraycopy(src, 0, dst, base, p);
                }
            }
            return;
        }
        int b = block(srcShape, dstShape);
        if (b > 0) {
            for (int s = 0, base = 0; base < n; s++, base += b) {
                float v = src[s];
                for (int j = base; j < base + b; j++) {
                    dst[j] = accumulate ? dst[j] + v : v;
                }
            }
            return;
        }
        int[] dims = dstShape.dims();
        int[] st = alignedStrides(srcShape, dstShape);
        int[] ctr = new int[dims.length];
        int j = 0;
        for (int i = 0; i < n; i++) {
            dst[i] = accumulate ? dst[i] + src[j] : src[j];
            j = advance(ctr, dims, st, j);
        }
    }

    /**
     * {@code dst += sum of src over the axes where dst broadcasts}.
     *
     * @param src not modified; shape {@code srcShape}
     * @param dst modified; shape {@code dstShape}, broadcastable to {@code srcShape}
     */
    public static void sumTo(float[] src, Shape srcShape, float[] dst, Shape dstShape) {
        int n = srcShape.numel();
        int p = period(dstShape, srcShape);
        if (p > 0) {
            for (int base = 0; base < n; base += p) {
                for (int j = 0; j < p; j++) {
                    dst[j] += src[base + j];
                }
            }
            return;
        }
        int b = block(dstShape, srcShape);
        if (b > 0) {
            for (int d = 0, base = 0; base < n; d++, base += b) {
                float s = 0f;
                for (int j = base; j < base + b; j++) {
                    s += src[j];
                }
                dst[d] += s;
            }
            return;
        }
        int[] dims = srcShape.dims();
        int[] st = alignedStrides(dstShape, srcShape);
        int[] ctr = new int[dims.length];
        int j = 0;
        for (int i = 0; i < n; i++) {
            dst[j] += src[i];
            j = advance(ctr, dims, st, j);
        }
    }

    /** Strides of {@code small} aligned to {@code big}'s axes, 0 where {@code small} broadcasts. */
    private static int[] alignedStrides(Shape small, Shape big) {
        int r = big.rank();
        int off = r - small.rank();
        int[] st = new int[r];
        int stride = 1;
        for (int i = small.rank() - 1; i >= 0; i--) {
            st[i + off] = small.dim(i) == 1 ? 0 : stride;
            stride *= small.dim(i);
        }
        return st;
    }

    private static int advance(int[] ctr, int[] dims, int[] st, int j) {
        for (int ax = dims.length - 1; ax >= 0; ax--) {
            ctr[ax]++;
            j += st[ax];
            if (ctr[ax] < dims[ax]) {
                return j;
            }
            j -= st[ax] * dims[ax];
            ctr[ax] = 0;
        }
        return j;
    }
}
