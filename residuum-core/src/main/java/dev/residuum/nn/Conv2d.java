package dev.residuum.nn;

import dev.residuum.autodiff.Convolution;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;

/**
 * PyTorch's {@code nn.Conv2d} (square kernel, groups 1, dilation 1): weight
 * {@code [out, in, k, k]}, optional bias {@code [out]}, both initialised uniform in
 * {@code +-1/sqrt(in*k*k)} (PyTorch's default; {@link Init#kaimingNormal} for ResNets). An attached {@link LayerAdapter} corrects the output
 * ({@link AdaptableLayer}).
 */
public final class Conv2d extends AdaptableLayer {
    private final int stride;
    private final int padding;

    /**
     * @param in input channels
     * @param out output channels
     * @param kernel kernel size (square)
     * @param stride step (at least 1)
     * @param padding zeros added on each side (at least 0)
     * @param bias whether to add a learned bias
     */
    public Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias, Rng rng) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: need in, out, kernel, stride >= 1 and padding >= 0, got in="
                    + in + ", out=" + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding);
        }
        this.stride = stride;
        this.padding = padding;
        initParameters(new int[] {out, in, kernel, kernel}, bias, in * kernel * kernel, rng);
    }

    /** @param x {@code [N, in, H, W]} */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        return adapted(x, Convolution.conv2d(x, weight().value(), biasValue(), stride, padding),
                training);
    }

    /**
     * Inference only: {@code relu?(conv(x) * scale[o] + shift[o] (+ residual))} in one pass over the
     * output (see {@link Convolution#conv2dInference}): the layer's own convolution; an
     * {@link #isAdapted() adapter}'s correction comes in through {@code residual}
     * ({@link BatchNorm#forwardConv}).
     */
    Tensor forwardInference(Tensor x, float[] scale, float[] shift, Tensor residual, boolean relu) {
        return Convolution.conv2dInference(x, weight().value(), biasValue(), stride, padding,
                scale, shift, residual, relu);
    }

    /** Input channels. */
    public int inChannels() {
        return weight().value().shape().dim(1);
    }

    /** Output channels. */
    public int outChannels() {
        return weight().value().shape().dim(0);
    }

    /** The kernel's side. */
    public int kernelSize() {
        return weight().value().shape().dim(2);
    }

    /** The step between windows. */
    public int stride() {
        return stride;
    }

    /** Zeros added on each side. */
    public int padding() {
        return padding;
    }

}
