package dev.residuum.nn;

import dev.residuum.autodiff.Products;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;

/**
 * {@code y = x W^T + b}, PyTorch's {@code nn.Linear}: weight {@code [out, in]}, bias {@code [out]},
 * both initialised uniform in {@code +-1/sqrt(in)}; one fused primitive ({@link Products#linear}). An attached {@link LayerAdapter} corrects the output ({@link AdaptableLayer}).
 */
public final class Linear extends AdaptableLayer {
    private final int in;

    /**
     * @param in input features (at least 1)
     * @param out output features (at least 1)
     * @param bias whether to add a learned bias
     */
    public Linear(int in, int out, boolean bias, Rng rng) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + in + ", out=" + out);
        }
        this.in = in;
        initParameters(new int[] {out, in}, bias, in, rng);
    }

    /** @param x {@code [batch, in]}, not modified; returns {@code [batch, out]} */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        checkInput(x);
        return adapted(x, Products.linear(x, weight().value(), biasValue()), training);
    }

    /**
     * {@code tanh(forward(x))}: one fused primitive ({@link Products#linearTanh}) when no adapter
     * is attached, the two steps otherwise. {@link Sequential} calls it for a linear layer
     * followed by a tanh; the result and its gradients are those of the two steps.
     *
     * @param x {@code [batch, in]}. Not modified.
     * @return {@code [batch, out]}
     */
    public Tensor forwardTanh(Tensor x, boolean training) {
        if (isAdapted()) {
            return forward(x, training).tanh();
        }
        checkInput(x);
        return Products.linearTanh(x, weight().value(), biasValue());
    }

    private void checkInput(Tensor x) {
        if (x.shape().rank() != 2 || x.shape().dim(1) != in) {
            throw new ShapeException("Linear(" + in + " -> " + weight().value().shape().dim(0) + "): expected input [batch, "
                    + in + "], got " + x.shape());
        }
    }

    /** Input features. */
    public int inFeatures() {
        return in;
    }

    /** Output features. */
    public int outFeatures() {
        return weight().value().shape().dim(0);
    }

}
