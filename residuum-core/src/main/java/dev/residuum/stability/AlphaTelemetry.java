package dev.residuum.stability;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale alpha of every block that learns one, with its gradient two ways: from autodiff, and
 * directly as {@code (grad_s L)^T F(x)} where {@code s = skip(x) + alpha F(x)} is the sum before the
 * block's activation ({@code grad_s L = grad_y L} when there is none, as in
 * {@code y = x + alpha F(x)}; {@code grad_y L * act'(s)} otherwise, act' read off the output y).
 * The two must agree; the second says what the first means: alpha grows where the branch output
 * points along the loss's descent direction at the block.
 *
 * <p>For a per-channel alpha both are per channel (the direct one sums over every axis but 1).
 */
public final class AlphaTelemetry {
    /**
     * @param name the block's {@code state_dict} prefix
     * @param alpha the current value(s)
     * @param gradient {@code dL/dalpha} from autodiff
     * @param direct {@code (grad_s L)^T F(x)}, summed in double
     * @param magnitude {@code sum |grad_s L * F(x)|}, per channel: how much the sum cancels (a float32
     *     gradient of a sum that cancels is accurate relative to this, not to the sum)
     */
    public record Entry(String name, double[] alpha, double[] gradient, double[] direct, double[] magnitude) {
    }

    private AlphaTelemetry() {
    }

    /** One entry per block that has an alpha, in block order (empty when none has). */
    public static List<Entry> of(BlockGradients grads) {
        List<Entry> out = new ArrayList<>();
        List<Block> blocks = grads.blocks();
        for (int l = 0; l < blocks.size(); l++) {
            Block b = blocks.get(l);
            Parameter a = b.alpha();
            if (a == null) {
                continue;
            }
            int index = b.parameters().indexOf(a);
            float[] autodiff = grads.parameterGrads(l)[index].data();
            Tensor f;
            try (BufferSnapshot ignored = new BufferSnapshot(b.module(), grads.training());
                 Graph.NoGradScope off = Graph.noGrad()) {
                f = b.branch(grads.activation(l).detach(), grads.training());
            }
            double[][] direct = direct(grads.activationGrad(l + 1).data(), grads.blockOutput(l).data(),
                    b.activation(), f, a.numel());
            out.add(new Entry(b.name(), Vectors.toDouble(a.value().data()), Vectors.toDouble(autodiff), direct[0],
                    direct[1]));
        }
        return out;
    }

    /** {sum, sum of absolute values} of {@code grad_s L * F}, per channel. */
    private static double[][] direct(float[] gy, float[] y, Activation.Kind act, Tensor f, int channels) {
        float[] fd = f.data();
        double[] sum = new double[channels], abs = new double[channels];
        int inner = channels == 1 ? fd.length : f.shape().count(2, f.shape().rank());
        for (int i = 0; i < fd.length; i++) {
            int c = channels == 1 ? 0 : (i / inner) % channels;
            double term = gy[i] * derivative(act, y[i]) * fd[i];
            sum[c] += term;
            abs[c] += Math.abs(term);
        }
        return new double[][] {sum, abs};
    }

    /** act'(s) as a function of y = act(s). */
    private static double derivative(Activation.Kind act, double y) {
        return switch (act) {
            case IDENTITY -> 1;
            case RELU -> y > 0 ? 1 : 0;
            case TANH -> 1 - y * y;
            case SIGMOID -> y * (1 - y);
            case SOFTPLUS -> -Math.expm1(-y);
        };
    }
}
