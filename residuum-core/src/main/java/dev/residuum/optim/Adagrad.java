package dev.residuum.optim;

import dev.residuum.nn.Parameter;
import java.util.List;

/**
 * Adagrad exactly as {@code torch.optim.Adagrad} (for-loop implementation):
 * <pre>
 *   clr = lr / (1 + (t - 1) * lrDecay)
 *   g = grad + weightDecay * p
 *   sum = sum + g^2                           (sum starts at initialAccumulator)
 *   p = p - clr * g / (sqrt(sum) + eps)
 * </pre>
 * t is the step count (1 for the first step).
 */
public final class Adagrad extends Optimizer {
    /** Hyper-parameters; defaults as PyTorch except the learning rate. */
    public record Config(double lr, double lrDecay, double weightDecay, double initialAccumulator, double eps) {
        /** PyTorch's default eps. */
        public static final double EPS = 1e-10;

        /** Checks that the lr decay, the weight decay, the initial accumulator and eps are {@code >= 0}. */
        public Config {
            if (!(lrDecay >= 0) || !(weightDecay >= 0) || !(initialAccumulator >= 0) || !(eps >= 0)) {
                throw new IllegalArgumentException("Adagrad: lr decay, weight decay, initial accumulator and eps must"
                        + " be >= 0, got " + lrDecay + ", " + weightDecay + ", " + initialAccumulator + ", " + eps);
            }
        }

        /** PyTorch's defaults: no lr decay, no weight decay, accumulator from 0, eps {@value #EPS}. */
        public static Config of(double lr) {
            return new Config(lr, 0, 0, 0, EPS);
        }

        /** This configuration with learning-rate decay {@code d}: step t uses lr / (1 + (t - 1) d). */
        public Config withLrDecay(double d) { return new Config(lr, d, weightDecay, initialAccumulator, eps); }
        /** This configuration with L2 weight decay {@code wd}, added to the gradient. */
        public Config withWeightDecay(double wd) { return new Config(lr, lrDecay, wd, initialAccumulator, eps); }
        /** This configuration with the squared-gradient sum starting at {@code a} instead of 0. */
        public Config withInitialAccumulator(double a) { return new Config(lr, lrDecay, weightDecay, a, eps); }
        /** This configuration with {@code e} added to the root of the squared-gradient sum. */
        public Config withEps(double e) { return new Config(lr, lrDecay, weightDecay, initialAccumulator, e); }
    }

    /** Buffer of the sum of squared gradients ({@code sum}). */
    private static final int SUM = 0;

    private final Config config;

    /** Adagrad over {@code params} (each updated in place by {@link #step()}); the sums are created at the first step. */
    public Adagrad(List<Parameter> params, Config config) {
        super(params, config.lr(), "sum");
        this.config = config;
    }

    @Override
    protected void update(int index, float[] p, float[] grad) {
        float[] sum = bufferOrNew(SUM, index, p.length, (float) config.initialAccumulator());
        float clr = (float) (lr / (1 + (step - 1) * config.lrDecay()));
        float wd = (float) config.weightDecay();
        float eps = (float) config.eps();
        for (int i = 0; i < p.length; i++) {
            float g = wd == 0f ? grad[i] : grad[i] + wd * p[i];
            float s = sum[i] + g * g;
            sum[i] = s;
            p[i] -= clr * (g / ((float) Math.sqrt(s) + eps));
        }
    }
}
