package dev.residuum.continual;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.AdaptableLayer;
import dev.residuum.nn.Conv2d;
import dev.residuum.nn.Linear;
import dev.residuum.nn.ZeroInitializable;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * One adapter on one layer, PEFT's LoRA: {@code scaling * B(A(dropout(x)))}, added to the layer's
 * output. On a {@link Linear} {@code [out, in]}, A is a {@code Linear(in, r)} and B a
 * {@code Linear(r, out)}, both without bias; on a {@link Conv2d}, A is a convolution with the
 * layer's kernel, stride and padding into {@code r} channels and B a 1x1 convolution from
 * {@code r} channels (PEFT's layout). A is initialised as PEFT does,
 * {@code kaiming_uniform_(a = sqrt(5))} (uniform in {@code +-1/sqrt(fan_in)}, the layers' default),
 * and B to zero, so the adapter starts at exactly zero. Dropout is inverted dropout on the input
 * (kept elements scaled by {@code 1 / (1 - p)}), drawn in training only.
 */
public final class LowRankAdapter {
    private final AdaptableLayer a;
    private final AdaptableLayer b;
    private final double scaling;
    private final double dropout;
    private final Rng dropoutRng;

    private LowRankAdapter(AdaptableLayer a, AdaptableLayer b, LoraConfig config, Rng dropoutRng) {
        this.a = a;
        this.b = b;
        this.scaling = config.scaling();
        this.dropout = config.dropout();
        this.dropoutRng = dropoutRng;
    }

    /**
     * An adapter for {@code layer}, at its initial values.
     *
     * @param layer a {@link Linear} or a {@link Conv2d}; not modified
     * @param rng draws A's initial values, then seeds the dropout
     */
    static LowRankAdapter create(String path, AdaptableLayer layer, LoraConfig config, Rng rng) {
        Objects.requireNonNull(layer, "layer");
        int r = config.r();
        AdaptableLayer a;
        AdaptableLayer b;
        if (layer instanceof Linear lin) {
            a = new Linear(lin.inFeatures(), r, false, rng);
            b = new Linear(r, lin.outFeatures(), false, rng);
        } else if (layer instanceof Conv2d conv) {
            a = new Conv2d(conv.inChannels(), r, conv.kernelSize(), conv.stride(), conv.padding(), false, rng);
            b = new Conv2d(r, conv.outChannels(), 1, 1, 0, false, rng);
        } else {
            throw new IllegalArgumentException("LoRA: target module '" + path + "' is a "
                    + layer.getClass().getSimpleName() + "; only Linear and Conv2d take an adapter");
        }
        ((ZeroInitializable) b).zeroInit();
        return new LowRankAdapter(a, b, config, new Rng(rng.nextLong()));
    }

    /** A ({@code lora_A}): weight {@code [r, in]} or {@code [r, in, k, k]}. */
    public AdaptableLayer a() {
        return a;
    }

    /** B ({@code lora_B}): weight {@code [out, r]} or {@code [out, r, 1, 1]}. */
    public AdaptableLayer b() {
        return b;
    }

    /** The factor of {@code B A}. */
    public double scaling() {
        return scaling;
    }

    /** Number of scalars in A and B. */
    public long parameterCount() {
        return a.parameterCount() + b.parameterCount();
    }

    /** Freezes or unfreezes A and B. */
    void trainable(boolean on) {
        if (on) {
            a.unfreeze();
            b.unfreeze();
        } else {
            a.freeze();
            b.freeze();
        }
    }

    /**
     * {@code scaling * B(A(dropout(x)))}, recorded.
     *
     * @param x the layer's input; not modified
     */
    Tensor forward(Tensor x, boolean training) {
        Tensor h = training && dropout > 0 ? dropout(x) : x;
        return b.forward(a.forward(h, training), training).mul((float) scaling);
    }

    private Tensor dropout(Tensor x) {
        float keep = (float) (1 / (1 - dropout));
        float[] mask = new float[x.numel()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = dropoutRng.nextDouble() < dropout ? 0f : keep;
        }
        return x.mul(Tensor.wrap(mask, x.shape()));
    }

    /**
     * The update of the layer's weight, {@code scaling * B A} (for a convolution,
     * {@code dW[o, i, u, v] = scaling * sum_k B[o, k] A[k, i, u, v]}, the kernel that the two
     * convolutions in turn compute), accumulated in double precision.
     *
     * @return a new array shaped like the layer's weight
     */
    float[] deltaWeight() {
        float[] wa = a.weight().value().data();
        float[] wb = b.weight().value().data();
        int r = a.weight().value().shape().dim(0);
        int out = b.weight().value().shape().dim(0);
        int cols = wa.length / r;
        float[] d = new float[out * cols];
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int k = 0; k < r; k++) {
                    s += (double) wb[o * r + k] * wa[k * cols + c];
                }
                d[o * cols + c] = (float) (scaling * s);
            }
        }
        return d;
    }
}
