package dev.residuum.nn;

import dev.residuum.autodiff.Convolution;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;

/**
 * PyTorch's {@code nn.Conv2d} (square kernel, groups 1, dilation 1): weight
 * {@code [out, in, k, k]}, optional bias {@code [out]}, both initialised uniform in
 * {@code +-1/sqrt(in*k*k)} (PyTorch's default; {@link Init#kaimingNormal} for ResNets).
 */
public final class Conv2d extends Module implements ZeroInitializable {
    private final Parameter weight;
    private final Parameter bias;
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
        int fanIn = in * kernel * kernel;
        this.weight = parameter("weight", Tensor.zeros(out, in, kernel, kernel));
        Init.linearDefault(weight.value(), fanIn, rng);
        if (bias) {
            this.bias = parameter("bias", Tensor.zeros(out));
            Init.linearDefault(this.bias.value(), fanIn, rng);
        } else {
            this.bias = null;
        }
    }

    /** @param x {@code [N, in, H, W]} */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        return Convolution.conv2d(x, weight.value(), bias == null ? null : bias.value(), stride, padding);
    }

    /**
     * Inference only: {@code relu?(conv(x) * scale[o] + shift[o] (+ residual))} in one pass over the
     * output (see {@link Convolution#conv2dInference}).
     */
    Tensor forwardInference(Tensor x, float[] scale, float[] shift, Tensor residual, boolean relu) {
        return Convolution.conv2dInference(x, weight.value(), bias == null ? null : bias.value(), stride, padding,
                scale, shift, residual, relu);
    }

    /** The weight {@code [out, in, k, k]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias, or null. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public void zeroInit() {
        Arrays.fill(weight.value().data(), 0f);
        if (bias != null) {
            Arrays.fill(bias.value().data(), 0f);
        }
    }
}
