package dev.residuum.autodiff;

import dev.residuum.kernel.ConvolutionPlan;
import dev.residuum.kernel.ConvolutionPlan.Kernel;
import dev.residuum.kernel.ConvolutionPlan.Mode;
import dev.residuum.kernel.Dnnl;
import dev.residuum.kernel.Gemm;
import dev.residuum.kernel.Im2col;
import dev.residuum.kernel.Parallel;
import dev.residuum.kernel.Scratch;
import dev.residuum.kernel.ShiftedConvolution;
import dev.residuum.kernel.StridedConvolution;
import dev.residuum.kernel.Winograd;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation, as PyTorch's {@code conv2d}) on NCHW tensors, the batch split
 * over {@link Parallel} workers. The kernel is chosen by shape, once per call, by
 * {@link ConvolutionPlan#choose}: oneDNN ({@link Dnnl}, when installed) for the 3x3 convolutions
 * between 16 or more channels; otherwise shifted products ({@link ShiftedConvolution}) for same-size
 * odd kernels, the input's phases ({@link StridedConvolution}) for 3x3 stride 2, {@link Winograd}
 * for small maps in inference, and the unfolding ({@link Im2col}) plus BLAS for the rest. The
 * backward pass runs the plan its forward pass chose. Backward recomputes what it needs from the
 * input instead of storing an unfolding (it would take {@code C*kh*kw} times its memory).
 */
public final class Convolution {
    private Convolution() {
    }

    /**
     * @param x {@code [N, C, H, W]}. Not modified.
     * @param weight {@code [O, C, kh, kw]}. Not modified.
     * @param bias {@code [O]} or null
     * @return {@code [N, O, Ho, Wo]} with {@code Ho = (H + 2 pad - kh) / stride + 1}
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int pad) {
        return conv2d(x, weight, bias, stride, pad, null, null, null, false);
    }

    /**
     * Inference only: {@code relu(conv2d(x) * scale[o] + shift[o] + residual)}, the scale-and-shift
     * (an evaluation-mode batch norm folded to one multiply-add per channel), the residual and the
     * ReLU applied to each image's output while it is still in cache, instead of as passes over the
     * whole activation. Nothing is recorded for backward: with gradients enabled and any input
     * requiring them, this throws — compose {@link #conv2d} and batch norm there.
     *
     * @param scale {@code [O]}. Not modified.
     * @param shift {@code [O]}. Not modified.
     * @param residual the output's shape, or null. Not modified.
     * @param relu whether to end with {@code max(0, .)}
     */
    public static Tensor conv2dInference(Tensor x, Tensor weight, Tensor bias, int stride, int pad, float[] scale,
                                         float[] shift, Tensor residual, boolean relu) {
        if (Graph.wouldRecord(x, weight, bias, residual)) {
            throw new IllegalStateException("conv2dInference records no gradient; call it under Graph.noGrad() or"
                    + " with inputs that do not require gradients");
        }
        int o = weight.shape().rank() == 4 ? weight.shape().dim(0) : -1;
        if (scale.length != o || shift.length != o) {
            throw new ShapeException("conv2dInference: scale and shift need " + o + " values, got " + scale.length
                    + " and " + shift.length);
        }
        return conv2d(x, weight, bias, stride, pad, scale, shift, residual, relu);
    }

    private static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int pad, float[] scale,
                                 float[] shift, Tensor residual, boolean relu) {
        Shape xs = x.shape(), ws = weight.shape();
        if (xs.rank() != 4 || ws.rank() != 4 || xs.dim(1) != ws.dim(1)) {
            throw new ShapeException("conv2d: expected input [N, C, H, W] and weight [O, C, kh, kw] with equal C, got "
                    + xs + " and " + ws);
        }
        if (stride < 1 || pad < 0) {
            throw new IllegalArgumentException("conv2d: stride must be >= 1 and padding >= 0, got " + stride + ", " + pad);
        }
        int n = xs.dim(0), c = xs.dim(1), h = xs.dim(2), w = xs.dim(3);
        int o = ws.dim(0), kh = ws.dim(2), kw = ws.dim(3);
        int ho = Im2col.outSize(h, kh, stride, pad), wo = Im2col.outSize(w, kw, stride, pad);
        if (ho < 1 || wo < 1) {
            throw new ShapeException("conv2d: kernel " + kh + "x" + kw + " does not fit input " + xs + " with padding " + pad);
        }
        if (bias != null && (bias.shape().rank() != 1 || bias.numel() != o)) {
            throw new ShapeException("conv2d: bias must be [" + o + "], got " + bias.shape());
        }
        int k = c * kh * kw, hw = ho * wo, inSize = c * h * w, outSize = o * hw;
        Shape ys = Shape.of(n, o, ho, wo);
        if (residual != null && !residual.shape().equals(ys)) {
            throw new ShapeException("conv2dInference: residual " + residual.shape() + " must have the output's shape " + ys);
        }
        Tensor y = Tensor.empty(ys);
        float[] xd = x.data(), wd = weight.data(), yd = y.data();
        float[] bd = bias == null ? null : bias.data();
        float[] rd = residual == null ? null : residual.data();
        boolean epilogue = scale != null;
        long work = (long) n * o * hw * k;
        Tensor[] inputs = bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
        boolean recorded = !epilogue && Graph.wouldRecord(inputs);
        ConvolutionPlan plan = ConvolutionPlan.choose(n, c, o, h, w, kh, kw, stride, pad, bias != null,
                epilogue ? Mode.FUSED_INFERENCE : recorded ? Mode.TRAINING : Mode.FORWARD);
        Kernel kernel = plan.kernel();
        boolean winograd = kernel == Kernel.WINOGRAD, shifted = kernel == Kernel.SHIFTED;
        boolean strided = kernel == Kernel.STRIDED_PHASES;
        float[] wk = shifted ? byOffset(wd, o, c, kh, false) : null;
        float[] wu = winograd ? Winograd.transformWeights(wd, o, c, false) : null;
        float[] wsh = strided ? StridedConvolution.weightsByShift(wd, o, c) : null;
        int group = plan.group();
        Parallel.forRange(n, work, 1L << 20, (from, to) -> {
            float[] cols = kernel == Kernel.IM2COL ? Scratch.get(0, k * hw) : null;
            int g0 = Math.min(group, to - from);
            float[] phases = strided ? Scratch.get(0, StridedConvolution.phasesSize(c, h, w, g0)) : null;
            float[] ystr = strided ? Scratch.get(1, StridedConvolution.paddedRowsSize(o, h, w, g0)) : null;
            float[] xpad = shifted ? Scratch.get(0, ShiftedConvolution.paddedSize(c, h, w, kh, g0)) : null;
            float[] ypad = shifted ? Scratch.get(1, ShiftedConvolution.paddedRowsSize(o, h, w, kh, g0)) : null;
            float[] v = winograd ? Scratch.get(2, Winograd.inputSize(c, h, w, g0)) : null;
            float[] m = winograd ? Scratch.get(3, Winograd.productSize(o, h, w, g0)) : null;
            float[] rows = winograd ? Scratch.get(4, Winograd.rowScratchSize(h, w, g0)) : null;
            for (int img = from; img < to; img += g0) {
                int g = Math.min(g0, to - img);
                switch (kernel) {
                    case DNNL -> // the chunk in one call (in inference, a group that fits in cache)
                            Dnnl.forward(from, xd, img * inSize, g, c, h, w, wd, o, kh, stride, pad, recorded, yd,
                                    img * outSize);
                    case WINOGRAD -> Winograd.forward(xd, img * inSize, c, h, w, wu, o, g, yd, img * outSize, false,
                            v, m, rows);
                    case POINTWISE -> Gemm.gemm(false, false, o, hw, k, 1f, wd, 0, xd, img * inSize, 0f, yd,
                            img * outSize);
                    case SHIFTED -> ShiftedConvolution.forward(xd, img * inSize, c, h, w, wk, o, kh, g, yd,
                            img * outSize, false, xpad, ypad);
                    case STRIDED_PHASES -> StridedConvolution.forward(xd, img * inSize, c, h, w, wsh, o, g, yd,
                            img * outSize, phases, ystr);
                    case IM2COL -> {
                        Im2col.im2col(xd, img * inSize, c, h, w, kh, kw, stride, pad, cols);
                        Gemm.gemm(false, false, o, hw, k, 1f, wd, 0, cols, 0, 0f, yd, img * outSize);
                    }
                }
                for (int i = img; i < img + g; i++) { // while the images' outputs are in cache
                    for (int oc = 0; oc < o; oc++) {
                        int base = i * outSize + oc * hw;
                        if (bd != null) {
                            float b = bd[oc];
                            for (int j = 0; j < hw; j++) yd[base + j] += b;
                        }
                        if (epilogue) {
                            Pointwise.affine(yd, rd, yd, base, hw, scale[oc], shift[oc], relu);
                        }
                    }
                }
            }
        });
        boolean track = !epilogue && Graph.track(Conv2d.class, y, inputs);
        return track ? Graph.attach(new Conv2d(x, weight, bias, stride, pad, plan, ys), y, inputs) : y;
    }

    /**
     * A recorded convolution of x by the weight (plus the bias, null if none), of output shape
     * {@code ys}; backward runs the kernel {@code plan} its forward pass chose and recomputes what it
     * needs from the input.
     */
    record Conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int pad, ConvolutionPlan plan, Shape ys)
            implements Primitive {
        @Override
        public void vjp(Tensor gradOutput) {
            float[] gd = gradOutput.data();
            Shape xs = x.shape(), ws = weight.shape();
            int n = xs.dim(0), c = xs.dim(1), h = xs.dim(2), w = xs.dim(3);
            int o = ws.dim(0), kh = ws.dim(2), kw = ws.dim(3), ho = ys.dim(2), wo = ys.dim(3);
            int k = c * kh * kw, hw = ho * wo, inSize = c * h * w, outSize = o * hw;
            float[] xd = x.data(), wd = weight.data();
            // dX: for stride 1 as the convolution of dY with the flipped, transposed kernel (an unfolding
            // plus one GEMM written straight into dX); otherwise a GEMM then col2im (a scatter-add)
            Kernel kernel = plan.kernel();
            boolean dnnl = kernel == Kernel.DNNL, pointwise = kernel == Kernel.POINTWISE;
            boolean shifted = kernel == Kernel.SHIFTED, strided = kernel == Kernel.STRIDED_PHASES;
            boolean viaFlipped = plan.flippedInputGradient();
            float[] gx = null;
            float beta = 1f;
            if (Graph.needsGrad(x)) {
                gx = Graph.existingGrad(x);
                if (gx == null && plan.writesInputGradient()) {
                    gx = Graph.newGrad(x);
                    beta = 0f;
                } else if (gx == null) {
                    gx = Graph.gradBuffer(x);
                }
            }
            float[] flipped = null;
            if (gx != null && viaFlipped) { // wf[c][o][ky][kx] = w[o][c][kh-1-ky][kw-1-kx]
                Tensor wf = Tensor.empty(Shape.of(c, o * kh * kw));
                flipped = wf.data();
                for (int oc = 0; oc < o; oc++) {
                    for (int ic = 0; ic < c; ic++) {
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                flipped[((ic * o + oc) * kh + ky) * kw + kx] =
                                        wd[((oc * c + ic) * kh + (kh - 1 - ky)) * kw + (kw - 1 - kx)];
                            }
                        }
                    }
                }
            }
            if (dnnl) {
                dnnlBackward(gd, x, weight, gx, beta != 0f, n, c, h, w, o, kh, stride, pad);
                return;
            }
            float[] gxFinal = gx, wf = flipped;
            float[] wfk = gx != null && shifted ? byOffset(wd, o, c, kh, true) : null;
            float[] wsh = gx != null && strided ? StridedConvolution.weightsByShift(wd, o, c) : null;
            float betaX = beta;
            boolean wantW = Graph.needsGrad(weight);
            long work = 2L * n * o * hw * k;
            int chunks = Parallel.chunkCount(n, work, 1L << 20);
            // one partial weight gradient (transposed, [k, o]) per chunk, summed in chunk order: the
            // result does not depend on which thread ran which chunk
            Tensor partial = wantW ? Tensor.zeros(Shape.of(chunks, o * k)) : null;
            float[] pd = partial == null ? null : partial.data();
            int ko = o * kh * kw;
            int group = plan.group();
            Parallel.forChunks(n, chunks, (chunk, from, to) -> {
                int g0 = Math.min(group, to - from);
                if (strided) { // per group of images side by side, both gradients from one padded dY
                    float[] phases = Scratch.get(0, StridedConvolution.phasesSize(c, h, w, g0));
                    float[] dypad = Scratch.get(1, StridedConvolution.paddedRowsSize(o, h, w, g0));
                    for (int img = from; img < to; img += g0) {
                        int g = Math.min(g0, to - img);
                        StridedConvolution.backward(xd, img * inSize, c, h, w, wsh, gd, img * outSize, o, g,
                                wantW ? pd : null, chunk * o * k, gxFinal, img * inSize, betaX != 0f, phases, dypad);
                    }
                    return;
                }
                float[] cols = shifted ? null : Scratch.get(0, Math.max(k, ko) * Math.max(hw, h * w));
                float[] pad0 = shifted ? Scratch.get(0, ShiftedConvolution.paddedSize(Math.max(c, o), h, w, kh, g0)) : null;
                float[] pad1 = shifted ? Scratch.get(1, ShiftedConvolution.paddedRowsSize(Math.max(c, o), h, w, kh, g0)) : null;
                int dwOff = chunk * o * k;
                if (shifted) { // per group of images side by side: dW_kk^T [c, o], then dX as a convolution of dY
                    for (int img = from; img < to; img += g0) {
                        int g = Math.min(g0, to - img);
                        if (wantW) {
                            ShiftedConvolution.weightGradient(xd, img * inSize, c, h, w, gd, img * outSize, o, kh, g,
                                    pd, dwOff, pad0, pad1);
                        }
                        if (gxFinal != null) { // with the flipped, transposed kernel
                            ShiftedConvolution.forward(gd, img * outSize, o, h, w, wfk, c, kh, g, gxFinal, img * inSize,
                                    betaX != 0f, pad0, pad1);
                        }
                    }
                    return;
                }
                for (int img = from; img < to; img++) {
                    if (wantW) { // dW^T [k, o] += cols [k, hw] . dY_img^T [hw, o] (this orientation measured
                        // 10-25% faster in OpenBLAS than dW = dY . cols^T for the narrow o of ResNets)
                        if (pointwise) {
                            Gemm.gemm(false, true, k, o, hw, 1f, xd, img * inSize, gd, img * outSize, 1f, pd, dwOff);
                        } else {
                            Im2col.im2col(xd, img * inSize, c, h, w, kh, kw, stride, pad, cols);
                            Gemm.gemm(false, true, k, o, hw, 1f, cols, 0, gd, img * outSize, 1f, pd, dwOff);
                        }
                    }
                    if (gxFinal == null) {
                        continue;
                    }
                    if (pointwise) { // dX_img [c, hw] = W^T [c, o] . dY_img [o, hw]
                        Gemm.gemm(true, false, k, hw, o, 1f, wd, 0, gd, img * outSize, betaX, gxFinal, img * inSize);
                    } else if (wf != null) { // dX_img [c, h*w] = Wf [c, o*kh*kw] . unfold(dY_img)
                        Im2col.im2col(gd, img * outSize, o, ho, wo, kh, kw, 1, pad, cols);
                        Gemm.gemm(false, false, c, h * w, ko, 1f, wf, 0, cols, 0, betaX, gxFinal, img * inSize);
                    } else { // dcols = W^T [k, o] . dY_img [o, hw], scattered back
                        float[] dcols = Scratch.get(1, k * hw);
                        Gemm.gemm(true, false, k, hw, o, 1f, wd, 0, gd, img * outSize, 0f, dcols, 0);
                        Im2col.col2im(dcols, c, h, w, kh, kw, stride, pad, gxFinal, img * inSize);
                    }
                }
            });
            if (wantW) { // sum the chunks' partials in chunk order, into the [o, c, kh, kw] layout
                float[] gw = Graph.gradBuffer(weight);
                int taps = kh * kw;
                for (int ch = 0; ch < chunks; ch++) {
                    int off = ch * o * k;
                    if (strided) { // partial [K][o] per shift
                        StridedConvolution.addWeightGradient(pd, off, o, c, gw);
                    } else if (shifted) { // partial [taps][c][o]
                        for (int t = 0; t < taps; t++) {
                            for (int ic = 0; ic < c; ic++) {
                                for (int oc = 0; oc < o; oc++) {
                                    gw[(oc * c + ic) * taps + t] += pd[off + (t * c + ic) * o + oc];
                                }
                            }
                        }
                    } else { // partial dW^T [k = c*taps][o]
                        for (int kk = 0; kk < k; kk++) {
                            for (int oc = 0; oc < o; oc++) gw[oc * k + kk] += pd[off + kk * o + oc];
                        }
                    }
                }
            }
            if (bias != null && Graph.needsGrad(bias)) {
                float[] gb = Graph.gradBuffer(bias);
                for (int img = 0; img < n; img++) {
                    for (int oc = 0; oc < o; oc++) {
                        int base = img * outSize + oc * hw;
                        float s = 0f;
                        for (int i = 0; i < hw; i++) s += gd[base + i];
                        gb[oc] += s;
                    }
                }
            }
        }

        /**
         * The Jacobian–vector product, by linearity in each operand:
         * {@code conv(dx, w) + conv(x, dw) + db} (a bias tangent broadcast over the batch and the map).
         *
         * @param t tangents of x, the weight and (if recorded) the bias; null for zero
         */
        @Override
        public Tensor jvp(Tensor[] t) {
            Tensor dy = null;
            if (t[0] != null) {
                dy = conv2d(t[0], weight, null, stride, pad);
            }
            if (t[1] != null) {
                Tensor part = conv2d(x, t[1], null, stride, pad);
                dy = dy == null ? part : Arithmetic.add(dy, part);
            }
            if (t.length > 2 && t[2] != null) {
                int o = weight.shape().dim(0);
                Tensor db = Shaping.reshape(t[2], Shape.of(1, o, 1, 1));
                dy = Arithmetic.add(dy == null ? Tensor.zeros(ys) : dy, db);
            }
            return dy;
        }
    }

    /**
     * Backward on oneDNN, per chunk of the batch: the input gradient written (or added) image by
     * image; the weight gradient into one partial per chunk, summed in chunk order.
     */
    private static void dnnlBackward(float[] gd, Tensor x, Tensor weight, float[] gx, boolean accumulate, int n,
                                     int c, int h, int w, int o, int k, int stride, int pad) {
        float[] xd = x.data(), wd = weight.data();
        int ho = Im2col.outSize(h, k, stride, pad), wo = Im2col.outSize(w, k, stride, pad);
        int inSize = c * h * w, outSize = o * ho * wo, size = o * c * k * k;
        boolean wantW = Graph.needsGrad(weight);
        int chunks = Parallel.chunkCount(n, 2L * n * outSize * c * k * k, 1L << 20);
        float[] gw = wantW ? Graph.gradBuffer(weight) : null;
        Tensor partial = wantW && chunks > 1 ? Tensor.zeros(Shape.of(chunks, size)) : null;
        float[] pd = partial == null ? gw : partial.data();
        Parallel.forChunks(n, chunks, (chunk, from, to) -> {
            int slot = from; // the forward's chunk started there too
            if (wantW) {
                Dnnl.backwardWeights(slot, xd, from * inSize, to - from, c, h, w, gd, from * outSize, o, k, stride, pad,
                        pd, partial == null ? 0 : chunk * size);
            }
            if (gx != null) {
                Dnnl.backwardData(slot, gd, from * outSize, to - from, c, h, w, wd, o, k, stride, pad, gx,
                        from * inSize, accumulate);
            }
        });
        if (partial != null) {
            for (int ch = 0; ch < chunks; ch++) {
                for (int i = 0; i < size; i++) gw[i] += pd[ch * size + i];
            }
        }
    }

    /**
     * The weight {@code [o, c, k, k]} rearranged by kernel offset: {@code [k*k][o][c]}, or, flipped
     * and transposed for the input gradient, {@code [k*k][c][o]} with offset {@code (k-1-ky, k-1-kx)}.
     */
    private static float[] byOffset(float[] wd, int o, int c, int k, boolean flippedTransposed) {
        Tensor t = Tensor.empty(Shape.of(k * k, o * c));
        float[] out = t.data();
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        float v = wd[((oc * c + ic) * k + ky) * k + kx];
                        if (flippedTransposed) {
                            out[((k - 1 - ky) * k + (k - 1 - kx)) * o * c + ic * o + oc] = v;
                        } else {
                            out[(ky * k + kx) * o * c + oc * c + ic] = v;
                        }
                    }
                }
            }
        }
        return out;
    }
}
