package dev.residuum.optim;

import dev.residuum.nn.Parameter;
import java.util.List;

/**
 * RMSprop exactly as {@code torch.optim.RMSprop} (PyTorch 1.13, for-loop implementation):
 * <pre>
 *   g = grad + weightDecay * p
 *   v = alpha v + (1 - alpha) g^2                        (v starts at 0)
 *   centered:  m = alpha m + (1 - alpha) g;  d = sqrt(v - m^2) + eps
 *   otherwise: d = sqrt(v) + eps
 *   momentum > 0:  buf = momentum buf + g / d;  p = p - lr buf
 *   otherwise:     p = p - lr g / d
 * </pre>
 */
public final class RmsProp extends Optimizer {
    /** Hyper-parameters; defaults as PyTorch's (alpha 0.99, eps 1e-8, no decay, no momentum, not centered). */
    public record Config(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        /** PyTorch's smoothing constant. */
        public static final double DEFAULT_ALPHA = 0.99;
        /** PyTorch's eps. */
        public static final double DEFAULT_EPS = 1e-8;

        public Config {
            if (!(alpha >= 0 && alpha < 1)) {
                throw new IllegalArgumentException("RmsProp: alpha must be in [0, 1), got " + alpha);
            }
            if (!(eps >= 0) || !(weightDecay >= 0) || !(momentum >= 0)) {
                throw new IllegalArgumentException("RmsProp: eps, weight decay and momentum must be >= 0, got " + eps
                        + ", " + weightDecay + ", " + momentum);
            }
        }

        /** PyTorch's defaults with learning rate {@code lr}. */
        public static Config of(double lr) {
            return new Config(lr, DEFAULT_ALPHA, DEFAULT_EPS, 0, 0, false);
        }

        /** This configuration with smoothing constant {@code a} of the squared-gradient average. */
        public Config withAlpha(double a) { return new Config(lr, a, eps, weightDecay, momentum, centered); }
        /** This configuration with {@code e} added to the root of the squared-gradient average. */
        public Config withEps(double e) { return new Config(lr, alpha, e, weightDecay, momentum, centered); }
        /** This configuration with L2 weight decay {@code wd}, added to the gradient. */
        public Config withWeightDecay(double wd) { return new Config(lr, alpha, eps, wd, momentum, centered); }
        /** This configuration with momentum {@code m} on the scaled step (0: none). */
        public Config withMomentum(double m) { return new Config(lr, alpha, eps, weightDecay, m, centered); }
        /** This configuration centred or not (centred: divide by the estimated variance rather than the second moment). */
        public Config withCentered(boolean c) { return new Config(lr, alpha, eps, weightDecay, momentum, c); }
    }

    /** Buffer of the running mean of squared gradients ({@code square_avg}). */
    private static final int SQUARE_AVG = 0;
    /** Buffer of the running mean of gradients, when centred ({@code grad_avg}). */
    private static final int GRAD_AVG = 1;
    /** Buffer of the momentum ({@code momentum_buffer}). */
    private static final int MOMENTUM = 2;

    private final Config config;

    /** RMSprop over {@code params} (each updated in place by {@link #step()}); state buffers are created at the first step. */
    public RmsProp(List<Parameter> params, Config config) {
        super(params, config.lr(), "square_avg", "grad_avg", "momentum_buffer");
        this.config = config;
    }

    @Override
    protected void update(int index, float[] p, float[] grad) {
        float lrF = (float) lr;
        float wd = (float) config.weightDecay();
        float alpha = (float) config.alpha();
        float keep = (float) (1 - config.alpha());
        float eps = (float) config.eps();
        float mu = (float) config.momentum();
        float[] v = bufferOrNew(SQUARE_AVG, index, p.length, 0f);
        float[] m = config.centered() ? bufferOrNew(GRAD_AVG, index, p.length, 0f) : null;
        float[] buf = mu > 0 ? bufferOrNew(MOMENTUM, index, p.length, 0f) : null;
        for (int i = 0; i < p.length; i++) {
            float g = wd == 0f ? grad[i] : grad[i] + wd * p[i];
            v[i] = alpha * v[i] + keep * g * g;
            float d;
            if (m != null) {
                m[i] = alpha * m[i] + keep * g;
                d = (float) Math.sqrt(v[i] - m[i] * m[i]) + eps;
            } else {
                d = (float) Math.sqrt(v[i]) + eps;
            }
            if (buf != null) {
                buf[i] = mu * buf[i] + g / d;
                p[i] -= lrF * buf[i];
            } else {
                p[i] -= lrF * (g / d);
            }
        }
    }
}
