package dev.residuum.nn;

import dev.residuum.autodiff.Graph;
import dev.residuum.autodiff.Normalization;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;

/**
 * PyTorch's {@code nn.BatchNorm2d} / {@code BatchNorm1d} over axis 1: gain {@code weight} (1),
 * shift {@code bias} (0), buffers {@code running_mean} (0), {@code running_var} (1) and
 * {@code num_batches_tracked}; momentum 0.1, eps 1e-5. In training, batch statistics normalise
 * and the running statistics update; in evaluation, the running statistics normalise. With both
 * gain and shift frozen (a frozen backbone under adapters, as torchvision's
 * {@code FrozenBatchNorm2d}), the running statistics normalise in training too and are not
 * updated, so training the adapters leaves every number of the backbone as it was.
 */
public final class BatchNorm extends Module implements ZeroInitializable {
    /** PyTorch's defaults. */
    public static final float MOMENTUM = 0.1f;
    /** Added to the variance before the square root, PyTorch's default {@code eps}. */
    public static final float EPS = 1e-5f;

    private final Parameter weight;
    private final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor batchesTracked;

    /** @param channels C (at least 1) */
    public BatchNorm(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("BatchNorm: channels must be positive, got " + channels);
        }
        weight = parameter("weight", Tensor.full(Shape.of(channels), 1f));
        bias = parameter("bias", Tensor.zeros(channels));
        runningMean = buffer("running_mean", Tensor.zeros(channels));
        runningVar = buffer("running_var", Tensor.full(Shape.of(channels), 1f));
        batchesTracked = buffer("num_batches_tracked", Tensor.zeros(Shape.SCALAR));
    }

    /** @param x {@code [N, C, ...]}; updates the running statistics when {@code training} */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        return forward(x, training, null, false);
    }

    /**
     * {@code bn(conv(x))}, then {@code + residual} if given, then {@code max(0, .)} if relu: in
     * evaluation with nothing to record (under {@link Graph#noGrad()}, or no input requiring
     * gradients), batch norm is folded into a multiply-add per channel applied to the
     * convolution's output as it is produced ({@code scale = weight / sqrt(running_var + eps)},
     * {@code shift = bias - running_mean * scale}), which saves a pass over the activation;
     * otherwise the two layers run in turn. An adapter's correction {@code c} of the convolution is
     * folded too, under {@link Graph#noGrad()}: {@code bn(conv(x) + c) = conv(x) * scale + shift +
     * c * scale}, the last term added with the residual, so an adapter at its start (c = 0) leaves
     * the output bit for bit as the plain layer's, whichever kernel the folded convolution runs.
     */
    public Tensor forwardConv(Conv2d conv, Tensor x, boolean training, Tensor residual, boolean relu) {
        boolean adapted = conv.isAdapted();
        if (training || adapted && Graph.isGradEnabled() || Graph.wouldRecord(x, conv.weight().value(),
                conv.bias() == null ? null : conv.bias().value(), weight.value(), bias.value(), residual)) {
            return forward(conv.forward(x, training), training, residual, relu);
        }
        float[][] folded = inferenceScaleShift();
        float[] scale = folded[0], shift = folded[1];
        Tensor correction = adapted ? conv.adapter().correction(x, false) : null;
        return conv.forwardInference(x, scale, shift, correction == null ? residual
                : scaledCorrection(correction, scale, residual), relu);
    }

    /**
     * Evaluation-mode batch norm as a multiply-add per channel, {@code {scale, shift}}:
     * {@code scale = weight / sqrt(running_var + eps)}, {@code shift = bias - running_mean * scale}
     * (new arrays, from the current values).
     */
    public float[][] inferenceScaleShift() {
        int c = runningMean.numel();
        float[] scale = new float[c], shift = new float[c];
        float[] g = weight.value().data(), b = bias.value().data(), rm = runningMean.data(), rv = runningVar.data();
        for (int i = 0; i < c; i++) {
            scale[i] = (float) (g[i] / Math.sqrt(rv[i] + (double) EPS));
            shift[i] = (float) (b[i] - rm[i] * (double) scale[i]);
        }
        return new float[][] {scale, shift};
    }

    /** {@code correction * scale[channel] (+ residual)}, a new tensor of the correction's shape {@code [N, C, ...]}. */
    private static Tensor scaledCorrection(Tensor correction, float[] scale, Tensor residual) {
        float[] cd = correction.toArray();
        float[] rd = residual == null ? null : residual.data();
        int n = correction.shape().dim(0), ch = scale.length, plane = cd.length / (n * ch);
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < ch; o++) {
                int base = (i * ch + o) * plane;
                for (int j = base; j < base + plane; j++) {
                    cd[j] = rd == null ? cd[j] * scale[o] : rd[j] + cd[j] * scale[o];
                }
            }
        }
        return Tensor.wrap(cd, correction.shape());
    }

    private Tensor forward(Tensor x, boolean training, Tensor residual, boolean relu) {
        boolean batchStatistics = training && !(weight.isFrozen() && bias.isFrozen());
        if (batchStatistics) {
            batchesTracked.data()[0] += 1f;
        }
        return Normalization.batchNorm(x, weight.value(), bias.value(), runningMean, runningVar, batchStatistics,
                MOMENTUM, EPS, residual, relu);
    }

    /** The gain. */
    public Parameter weight() {
        return weight;
    }

    /** Zeroes the gain, so the layer outputs its shift (0) at the start. */
    @Override
    public void zeroInit() {
        Arrays.fill(weight.value().data(), 0f);
    }
}
