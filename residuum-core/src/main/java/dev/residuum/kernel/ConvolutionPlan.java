package dev.residuum.kernel;

import java.util.Objects;

/**
 * Which kernel computes a 2-D convolution of one shape, and how many images each of its calls
 * takes. {@link #choose} is the one place that decides; a convolution calls it once, runs its
 * forward pass with the plan and keeps the plan for its backward pass, which runs the same
 * kernel's gradients without deciding again.
 *
 * <p>The choice, in order of precedence (measured here, one and two threads):
 * <ol>
 * <li>{@link Kernel#DNNL}: 3x3, padding 1, stride 1 or 2, at least 16 channels on each side, no
 *     bias, when the oneDNN binding is loaded and enabled ({@link Dnnl#available()}). Smaller ones
 *     (a first layer on grey images) stay on Residuum's kernels, measured faster there. Without a
 *     backward pass, stride 1 and at least 32 channels on each side, oneDNN runs Winograd's
 *     F(4x4, 3x3) rather than its direct kernels ({@code Dnnl.winograd}, which says why).
 * <li>{@link Kernel#WINOGRAD}: in {@link Mode#FUSED_INFERENCE} only, 3x3 stride-1 padding-1 on
 *     maps up to 16x16 with at least 16 channels on each side (the second and third stages of
 *     CIFAR ResNets), with the Vector API ({@link Simd#enabled()}): 2.25x fewer multiplications, on
 *     products as large as the shifted ones; W3 measured 5-8% faster. Not without the Vector API
 *     (the transforms' row loops are then too slow), and not in training: there, with the input
 *     gradient by Winograd as well, W1 measured slower (its transform buffers, 1 MB per thread,
 *     push the activations out of L2).
 * <li>{@link Kernel#POINTWISE}: 1x1, stride 1, no padding: one product per image.
 * <li>{@link Kernel#SHIFTED}: same-size stride-1 odd square kernels (3x3 with padding 1, ...) with
 *     at least 8 channels on each side ({@link ShiftedConvolution}). With fewer (a first layer on
 *     grey images) its per-offset products would be rank-1 updates: the unfolding is faster there.
 * <li>{@link Kernel#STRIDED_PHASES}: 3x3 stride-2 padding-1 on even-sized maps with at least 8
 *     channels on each side ({@link StridedConvolution}).
 * <li>{@link Kernel#IM2COL}: the rest, as the unfolding ({@link Im2col}) and one product per image.
 * </ol>
 *
 * @param kernel the kernel that runs the forward pass and, in training, the backward pass
 * @param mode what the caller does with the output
 * @param group images per kernel call: side by side in one product ({@link Kernel#SHIFTED},
 *     {@link Kernel#STRIDED_PHASES}, {@link Kernel#WINOGRAD}), per oneDNN call ({@link Kernel#DNNL}:
 *     the whole chunk of the batch, or in {@link Mode#FUSED_INFERENCE} as many images as keep the
 *     outputs in cache for the epilogue, rounded down to a power of two), 1 for the others; a caller takes at most its chunk's size
 * @param flippedInputGradient for {@link Kernel#IM2COL} at stride 1 with same-size padding: the
 *     input gradient is the unfolded convolution of the output gradient with the flipped,
 *     transposed kernel, written straight into the gradient; otherwise (false) a product
 *     scattered back by {@link Im2col#col2im}. False for every other kernel.
 */
public record ConvolutionPlan(Kernel kernel, Mode mode, int group, boolean flippedInputGradient) {
    /**
     * In {@link Mode#FUSED_INFERENCE} on oneDNN: outputs per call (floats), so that the epilogue
     * finds them in cache (measured 5-15% faster per layer than one call per chunk of the batch).
     */
    static final int EPILOGUE_FLOATS = 1 << 16;

    /** The convolution kernels. */
    public enum Kernel {
        /** oneDNN through Residuum's binding ({@link Dnnl}). */
        DNNL,
        /** Winograd's F(2x2, 3x3) ({@link Winograd}); forward only. */
        WINOGRAD,
        /** A 1x1 convolution as one matrix product per image ({@link Gemm}). */
        POINTWISE,
        /** Shifted matrix products on a zero-padded copy of the input ({@link ShiftedConvolution}). */
        SHIFTED,
        /** Shifted matrix products on the input's four phases ({@link StridedConvolution}). */
        STRIDED_PHASES,
        /** The unfolding and one matrix product per image ({@link Im2col}, {@link Gemm}). */
        IM2COL
    }

    /** What the caller does with a convolution's output. */
    public enum Mode {
        /** A backward pass follows (oneDNN then also builds its backward primitives). */
        TRAINING,
        /** The output alone: nothing is recorded for a backward pass. */
        FORWARD,
        /**
         * The output alone, with a per-channel epilogue (a folded batch norm, a residual, a ReLU)
         * applied to each group of images while their outputs are in cache.
         */
        FUSED_INFERENCE
    }

    /**
     * @throws NullPointerException if kernel or mode is null
     * @throws IllegalArgumentException if group is below 1, or flippedInputGradient is set on a
     *     kernel other than {@link Kernel#IM2COL}
     */
    public ConvolutionPlan {
        Objects.requireNonNull(kernel, "ConvolutionPlan: kernel");
        Objects.requireNonNull(mode, "ConvolutionPlan: mode");
        if (group < 1) {
            throw new IllegalArgumentException("ConvolutionPlan: group must be at least 1, got " + group);
        }
        if (flippedInputGradient && kernel != Kernel.IM2COL) {
            throw new IllegalArgumentException("ConvolutionPlan: flippedInputGradient applies to IM2COL only, not "
                    + kernel);
        }
    }

    /**
     * The plan for convolving {@code x [batch, inC, h, w]} with a weight {@code [outC, inC, kh, kw]}
     * at the given stride and padding (sizes as validated by the caller: the kernel fits the padded
     * input). Depends on the arguments, on whether oneDNN is {@linkplain Dnnl#available() available}
     * and on whether the Vector API is {@linkplain Simd#enabled() enabled}, nothing else.
     *
     * @param bias whether the convolution adds a bias (oneDNN's path has none)
     * @throws NullPointerException if mode is null
     */
    public static ConvolutionPlan choose(int batch, int inC, int outC, int h, int w, int kh, int kw, int stride,
                                         int pad, boolean bias, Mode mode) {
        Objects.requireNonNull(mode, "ConvolutionPlan.choose: mode");
        boolean square3 = kh == 3 && kw == 3 && pad == 1;
        if (Dnnl.available() && !bias && square3 && (stride == 1 || stride == 2) && inC >= 16 && outC >= 16) {
            int outSize = outC * Im2col.outSize(h, kh, stride, pad) * Im2col.outSize(w, kw, stride, pad);
            // in inference a power of two, so that the groups of a network's layers divide the largest
            // (a chain of them in oneDNN's layout, dev.residuum.nn.residual.BlockedInference, takes
            // that many images through every layer, in the layers' own calls)
            int group = mode == Mode.FUSED_INFERENCE ? Integer.highestOneBit(Math.max(1, EPILOGUE_FLOATS / outSize))
                    : Math.max(1, batch);
            return new ConvolutionPlan(Kernel.DNNL, mode, group, false);
        }
        if (mode == Mode.FUSED_INFERENCE && square3 && stride == 1 && inC >= 16 && outC >= 16 && h * w <= 256
                && Simd.enabled()) {
            return new ConvolutionPlan(Kernel.WINOGRAD, mode, Winograd.group(h, w), false);
        }
        if (kh == 1 && kw == 1 && stride == 1 && pad == 0) {
            return new ConvolutionPlan(Kernel.POINTWISE, mode, 1, false);
        }
        boolean sameSize = 2 * pad == kh - 1 && 2 * pad == kw - 1;
        if (stride == 1 && kh == kw && kh > 1 && kh % 2 == 1 && sameSize && inC >= 8 && outC >= 8) {
            return new ConvolutionPlan(Kernel.SHIFTED, mode, ShiftedConvolution.group(h, w, kh), false);
        }
        if (StridedConvolution.supports(kh, kw, stride, pad, h, w) && inC >= 8 && outC >= 8) {
            return new ConvolutionPlan(Kernel.STRIDED_PHASES, mode, StridedConvolution.group(h, w), false);
        }
        return new ConvolutionPlan(Kernel.IM2COL, mode, 1, stride == 1 && sameSize);
    }

    /**
     * Whether the backward pass writes the input gradient (so the caller can hand it a fresh,
     * unzeroed buffer when the input has no gradient yet) rather than adding into it.
     */
    public boolean writesInputGradient() {
        return kernel != Kernel.IM2COL || flippedInputGradient;
    }
}
