package dev.residuum.optim;

import dev.residuum.kernel.Lanes;
import dev.residuum.nn.Parameter;
import java.util.List;

/**
 * Adam and AdamW exactly as {@code torch.optim.Adam} / {@code AdamW} (for-loop implementation):
 * <pre>
 *   Adam:  g = grad + weightDecay * p          AdamW: p = p * (1 - lr * weightDecay)
 *   m = beta1 m + (1 - beta1) g;   v = beta2 v + (1 - beta2) g^2
 *   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 */
public final class Adam extends Optimizer {
    /** Hyper-parameters; {@code decoupled} selects AdamW's weight decay. */
    public record Config(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        /** Checks that the betas are in [0, 1) and eps and the weight decay {@code >= 0}. */
        public Config {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(eps >= 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("Adam: eps and weight decay must be >= 0, got " + eps + ", "
                        + weightDecay);
            }
        }

        /** PyTorch's Adam defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
        public static Config adam(double lr) {
            return new Config(lr, 0.9, 0.999, 1e-8, 0, false);
        }

        /** PyTorch's AdamW defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
        public static Config adamW(double lr) {
            return new Config(lr, 0.9, 0.999, 1e-8, 0.01, true);
        }

        /** This configuration with weight decay {@code wd} (L2 in the gradient, or decoupled as AdamW when the configuration is). */
        public Config withWeightDecay(double wd) { return new Config(lr, beta1, beta2, eps, wd, decoupled); }
        /** This configuration with the moment decay rates {@code b1} (first moment) and {@code b2} (second moment). */
        public Config withBetas(double b1, double b2) { return new Config(lr, b1, b2, eps, weightDecay, decoupled); }
        /** This configuration with {@code e} added to the root of the second moment. */
        public Config withEps(double e) { return new Config(lr, beta1, beta2, e, weightDecay, decoupled); }
    }

    /** Buffer of the first moment ({@code exp_avg}). */
    private static final int EXP_AVG = 0;
    /** Buffer of the second moment ({@code exp_avg_sq}). */
    private static final int EXP_AVG_SQ = 1;

    private final Config config;

    /** Adam over {@code params} (each updated in place by {@link #step()}); state buffers are created at the first step. */
    public Adam(List<Parameter> params, Config config) {
        super(params, config.lr(), "exp_avg", "exp_avg_sq");
        requireUnconstrained(params, "Adam", "RiemannianAdam");
        this.config = config;
    }

    @Override
    protected void update(int index, float[] p, float[] grad) {
        float[] m = bufferOrNew(EXP_AVG, index, p.length, 0f);
        float[] v = bufferOrNew(EXP_AVG_SQ, index, p.length, 0f);
        apply(config, lr, step, p, grad, m, v);
    }

    /**
     * This optimizer's rule on one parameter at step {@code step} (from 1), for optimizers that
     * use it on some of theirs (the Riemannian Adam on Euclidean parameters, which must match this
     * one bit for bit).
     *
     * @param p modified
     * @param grad not modified
     * @param m first moment, modified
     * @param v second moment, modified
     */
    public static void apply(Config config, double lr, long step, float[] p, float[] grad, float[] m, float[] v) {
        float b1 = (float) config.beta1(), b2 = (float) config.beta2();
        float oneMinusB1 = (float) (1 - config.beta1()), oneMinusB2 = (float) (1 - config.beta2());
        double bc1 = 1 - Math.pow(config.beta1(), step);
        double bc2 = 1 - Math.pow(config.beta2(), step);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float eps = (float) config.eps();
        float wd = (float) config.weightDecay();
        float decay = config.decoupled() ? (float) (1 - lr * config.weightDecay()) : 1f;
        float l2 = config.decoupled() ? 0f : wd;
        Lanes.adam(p, grad, m, v, p.length, decay, l2, b1, oneMinusB1, b2, oneMinusB2, stepSize, bc2Sqrt, eps);
    }
}
