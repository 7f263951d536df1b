package dev.residuum.optim;

import dev.residuum.nn.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent exactly as {@code torch.optim.SGD}:
 * <pre>
 *   g = grad + weightDecay * p
 *   buf = g                                (first step)
 *   buf = momentum * buf + (1 - dampening) * g
 *   g = nesterov ? g + momentum * buf : buf   (when momentum != 0)
 *   p = p - lr * g
 * </pre>
 */
public final class Sgd extends Optimizer {
    /** Hyper-parameters; defaults as PyTorch (all 0, no Nesterov) except the learning rate. */
    public record Config(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        public Config {
            if (momentum < 0 || dampening < 0 || weightDecay < 0) {
                throw new IllegalArgumentException("Sgd: momentum, dampening and weight decay must be >= 0, got "
                        + momentum + ", " + dampening + ", " + weightDecay);
            }
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("Sgd: Nesterov momentum needs momentum > 0 and dampening 0");
            }
        }

        /** Momentum of He et al.'s recipe (the CLI's default). */
        public static final double HE_MOMENTUM = 0.9;
        /** Weight decay of He et al.'s recipe (the CLI's default). */
        public static final double HE_WEIGHT_DECAY = 1e-4;

        /** Plain SGD with learning rate {@code lr}. */
        public static Config of(double lr) {
            return new Config(lr, 0, 0, 0, false);
        }

        /** He et al.'s SGD for CIFAR ResNets: momentum {@value #HE_MOMENTUM}, weight decay {@value #HE_WEIGHT_DECAY}. */
        public static Config heEtAl(double lr) {
            return new Config(lr, HE_MOMENTUM, 0, HE_WEIGHT_DECAY, false);
        }

        /** This configuration with momentum {@code m} (0: plain SGD). */
        public Config withMomentum(double m) { return new Config(lr, m, dampening, weightDecay, nesterov); }
        /** This configuration with L2 weight decay {@code wd}, added to the gradient. */
        public Config withWeightDecay(double wd) { return new Config(lr, momentum, dampening, wd, nesterov); }
        /** This configuration with Nesterov momentum on or off (needs momentum and no dampening, as PyTorch). */
        public Config withNesterov(boolean n) { return new Config(lr, momentum, dampening, weightDecay, n); }
        /** This configuration with dampening {@code d} of the momentum buffer (PyTorch's meaning). */
        public Config withDampening(double d) { return new Config(lr, momentum, d, weightDecay, nesterov); }
    }

    /** Buffer of the momentum ({@code momentum_buffer}). */
    private static final int MOMENTUM = 0;

    private final Config config;

    /** SGD over {@code params} (each updated in place by {@link #step()}); momentum buffers are created at the first step. */
    public Sgd(List<Parameter> params, Config config) {
        super(params, config.lr(), "momentum_buffer");
        requireUnconstrained(params, "Sgd", "RiemannianSgd");
        this.config = config;
    }

    @Override
    protected void update(int index, float[] p, float[] grad) {
        float[] buf = buffer(MOMENTUM, index);
        boolean first = buf == null && config.momentum() != 0;
        if (first) {
            buf = bufferOrNew(MOMENTUM, index, p.length, 0f);
        }
        apply(config, lr, p, grad, buf, first);
    }

    /**
     * This optimizer's rule on one parameter, for optimizers that use it on some of theirs (the
     * Riemannian SGD on Euclidean parameters, which must match this one bit for bit).
     *
     * @param p modified
     * @param grad not modified
     * @param buf the momentum buffer, modified (unused, may be null, without momentum)
     * @param first whether this is the buffer's first step (it then starts as the gradient)
     */
    public static void apply(Config config, double lr, float[] p, float[] grad, float[] buf, boolean first) {
        float lrF = (float) lr;
        float wd = (float) config.weightDecay();
        float mu = (float) config.momentum();
        float keep = (float) (1 - config.dampening());
        if (mu == 0f) {
            for (int i = 0; i < p.length; i++) {
                p[i] -= lrF * (grad[i] + wd * p[i]);
            }
            return;
        }
        boolean nesterov = config.nesterov();
        for (int i = 0; i < p.length; i++) {
            float g = wd == 0f ? grad[i] : grad[i] + wd * p[i];
            float b = first ? g : mu * buf[i] + keep * g;
            buf[i] = b;
            p[i] -= lrF * (nesterov ? g + mu * b : b);
        }
    }
}
