package dev.residuum.nn;

import dev.residuum.autodiff.Reductions;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;

/**
 * PyTorch's {@code nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True)}: each
 * sample is normalised over its trailing {@code normalizedShape} dimensions,
 * {@code y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias}, with the biased variance (divided by
 * the count, as PyTorch does). Parameters {@code weight} (ones) and {@code bias} (zeros) have the
 * normalised shape.
 *
 * <p>Composed from recorded primitives (mean, sub, mul, add, sqrt, div), so its gradient and its
 * Jacobian–vector product come from theirs; no hand-written derivative.
 */
public final class LayerNorm extends Module implements ZeroInitializable {
    /** PyTorch's default epsilon. */
    public static final float EPS = 1e-5f;

    private final int[] normalizedShape;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    /** With PyTorch's defaults: eps 1e-5, a learned elementwise weight and bias. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, EPS, true);
    }

    /**
     * @param normalizedShape the trailing dimensions to normalise over (at least one, each positive)
     * @param eps added to the variance (positive)
     * @param elementwiseAffine whether to learn {@code weight} and {@code bias}
     */
    public LayerNorm(int[] normalizedShape, float eps, boolean elementwiseAffine) {
        if (normalizedShape == null || normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalizedShape needs at least one dimension");
        }
        for (int d : normalizedShape) {
            if (d < 1) {
                throw new IllegalArgumentException("LayerNorm: normalizedShape must be positive, got "
                        + Arrays.toString(normalizedShape));
            }
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: eps must be positive, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        if (elementwiseAffine) {
            this.weight = parameter("weight", Tensor.full(Shape.of(normalizedShape), 1f));
            this.bias = parameter("bias", Tensor.zeros(Shape.of(normalizedShape)));
        } else {
            this.weight = null;
            this.bias = null;
        }
    }

    /**
     * @param x {@code [..., normalizedShape]}: any leading dimensions, then the normalised ones
     * @return the same shape
     */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        Shape s = x.shape();
        int k = normalizedShape.length;
        int lead = s.rank() - k;
        if (lead < 0 || !Arrays.equals(Arrays.copyOfRange(s.dims(), lead, s.rank()), normalizedShape)) {
            throw new ShapeException("LayerNorm" + Arrays.toString(normalizedShape) + ": expected input [..., "
                    + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "") + "], got " + s);
        }
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) {
            axes[i] = lead + i;
        }
        Tensor centred = x.sub(Reductions.mean(x, axes, true));
        Tensor variance = Reductions.mean(centred.mul(centred), axes, true);
        Tensor y = centred.div(variance.add(eps).sqrt());
        return weight == null ? y : y.mul(weight.value()).add(bias.value());
    }

    /** The gain {@code weight}, or null without an affine transform. */
    public Parameter weight() {
        return weight;
    }

    /** The shift {@code bias}, or null without an affine transform. */
    public Parameter bias() {
        return bias;
    }

    /** Zeroes the gain (and the bias), so the layer outputs 0: a residual branch ending in it starts at 0. */
    @Override
    public void zeroInit() {
        if (weight == null) {
            throw new IllegalStateException("LayerNorm: zeroInit needs elementwiseAffine = true (there is no gain)");
        }
        Arrays.fill(weight.value().data(), 0f);
        Arrays.fill(bias.value().data(), 0f);
    }
}
