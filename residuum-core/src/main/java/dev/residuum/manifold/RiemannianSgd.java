package dev.residuum.manifold;

import dev.residuum.nn.Parameter;
import dev.residuum.optim.Optimizer;
import dev.residuum.optim.Sgd;
import java.util.List;
import java.util.Objects;

/**
 * Riemannian SGD (geoopt's {@code RiemannianSGD}, Bonnabel 2013): on each parameter's
 * {@link ManifoldParameter#manifoldOf manifold},
 * <pre>
 *   g = rgrad(x, grad + weightDecay x)
 *   buf = g (first step);   buf = momentum buf + (1 − dampening) g
 *   d = nesterov ? g + momentum buf : buf          (d = g without momentum)
 *   x' = retract(x, −lr d);   buf = transport(x → x', buf)
 *   every {@code stabilize} steps: x' = projectPoint(x'), buf = projectTangent(x', buf)
 * </pre>
 * in double precision, stored float32. The first momentum step starts at the gradient as
 * {@code torch.optim.SGD} does (geoopt's starts at {@code (momentum + 1 − dampening) g}). On
 * {@link Euclidean} and unconstrained parameters it runs {@link Sgd#apply}, so it equals
 * {@code Sgd} bit for bit there.
 */
public final class RiemannianSgd extends Optimizer {
    /** SGD's hyper-parameters and the re-projection period ({@code stabilize} steps; 0: never). */
    public record Config(Sgd.Config sgd, int stabilize) {
        public Config {
            Objects.requireNonNull(sgd, "sgd");
            if (stabilize < 0) {
                throw new IllegalArgumentException("RiemannianSgd: stabilize must be >= 0 (0: never), got " + stabilize);
            }
        }

        /** SGD's configuration {@code sgd} on manifolds, never re-projecting. */
        public static Config of(Sgd.Config sgd) {
            return new Config(sgd, 0);
        }

        /** This configuration re-projecting every parameter onto its manifold every {@code k} steps (0: never). */
        public Config withStabilize(int k) {
            return new Config(sgd, k);
        }
    }

    /** Buffer of the momentum ({@code momentum_buffer}), a tangent vector at the parameter. */
    private static final int MOMENTUM = 0;

    private final Config config;
    private final Manifold[] manifolds;

    /** Riemannian SGD over {@code params} (manifold parameters step along their manifold, the others as {@code Sgd}). */
    public RiemannianSgd(List<Parameter> params, Config config) {
        super(params, config.sgd().lr(), "momentum_buffer");
        this.config = config;
        this.manifolds = params.stream().map(ManifoldParameter::manifoldOf).toArray(Manifold[]::new);
    }

    @Override
    protected void update(int index, float[] p, float[] grad) {
        Sgd.Config c = config.sgd();
        float[] buf = buffer(MOMENTUM, index);
        boolean first = buf == null && c.momentum() != 0;
        if (first) {
            buf = bufferOrNew(MOMENTUM, index, p.length, 0f);
        }
        Manifold m = manifolds[index];
        if (m instanceof Euclidean) {
            Sgd.apply(c, lr, p, grad, buf, first);
            return;
        }
        double[] x = Manifold.toDouble(p);
        double[] g = m.egradToRgrad(x, decayed(grad, x, c.weightDecay()));
        double[] direction = g;
        double[] b = null;
        if (c.momentum() != 0) {
            b = first ? g : Matrices.addScaled(Matrices.scale(c.momentum(), Manifold.toDouble(buf)), 1 - c.dampening(), g);
            direction = c.nesterov() ? Matrices.addScaled(g, c.momentum(), b) : b;
        }
        double[] y = m.retract(x, Matrices.scale(-lr, direction));
        if (b != null) {
            b = m.transport(x, y, b);
        }
        if (config.stabilize() > 0 && step % config.stabilize() == 0) {
            y = m.projectPoint(y);
            if (b != null) {
                b = m.projectTangent(y, b);
            }
        }
        Manifold.toFloat(y, p);
        if (b != null) {
            Manifold.toFloat(b, buf);
        }
    }

    /** {@code grad + weightDecay x} in double. */
    static double[] decayed(float[] grad, double[] x, double weightDecay) {
        double[] g = Manifold.toDouble(grad);
        if (weightDecay != 0) {
            for (int i = 0; i < g.length; i++) {
                g[i] += weightDecay * x[i];
            }
        }
        return g;
    }
}
