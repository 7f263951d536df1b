package dev.residuum.manifold;

import dev.residuum.nn.Parameter;
import dev.residuum.optim.Adam;
import dev.residuum.optim.Optimizer;
import java.util.List;
import java.util.Objects;

/**
 * Riemannian Adam and AMSGrad (geoopt's {@code RiemannianAdam}; Bécigneul and Ganea 2019): on each
 * parameter's {@link ManifoldParameter#manifoldOf manifold},
 * <pre>
 *   g = rgrad(x, grad + weightDecay x)
 *   m = beta1 m + (1 − beta1) g;   v = beta2 v + (1 − beta2) componentInner(x, g)
 *   v̂ = amsgrad ? max(v̂, v) : v
 *   x' = retract(x, −lr (m / (1 − beta1ᵗ)) / (sqrt(v̂ / (1 − beta2ᵗ)) + eps));   m = transport(x → x', m)
 *   every {@code stabilize} steps: x' = projectPoint(x'), m = projectTangent(x', m)
 * </pre>
 * in double precision, stored float32. On {@link Euclidean} and unconstrained parameters without
 * AMSGrad it runs {@link Adam#apply}, so it equals {@code Adam} bit for bit there. AdamW's decoupled
 * decay is defined for Euclidean parameters only.
 */
public final class RiemannianAdam extends Optimizer {
    /** Adam's hyper-parameters, AMSGrad, and the re-projection period ({@code stabilize} steps; 0: never). */
    public record Config(Adam.Config adam, boolean amsgrad, int stabilize) {
        public Config {
            Objects.requireNonNull(adam, "adam");
            if (stabilize < 0) {
                throw new IllegalArgumentException("RiemannianAdam: stabilize must be >= 0 (0: never), got " + stabilize);
            }
        }

        /** Adam's configuration {@code adam} on manifolds, without AMSGrad, never re-projecting. */
        public static Config of(Adam.Config adam) {
            return new Config(adam, false, 0);
        }

        /** This configuration with or without AMSGrad (the running maximum of the second moment). */
        public Config withAmsgrad(boolean a) {
            return new Config(adam, a, stabilize);
        }

        /** This configuration re-projecting every parameter onto its manifold every {@code k} steps (0: never). */
        public Config withStabilize(int k) {
            return new Config(adam, amsgrad, k);
        }
    }

    /** Buffer of the first moment ({@code exp_avg}), a tangent vector at the parameter. */
    private static final int EXP_AVG = 0;
    /** Buffer of the second moment ({@code exp_avg_sq}). */
    private static final int EXP_AVG_SQ = 1;
    /** Buffer of the running maximum of the second moment, with AMSGrad ({@code max_exp_avg_sq}). */
    private static final int MAX_EXP_AVG_SQ = 2;

    private final Config config;
    private final Manifold[] manifolds;

    /** Riemannian Adam over {@code params} (manifold parameters step along their manifold, the others as {@code Adam}). */
    public RiemannianAdam(List<Parameter> params, Config config) {
        super(params, config.adam().lr(), "exp_avg", "exp_avg_sq", "max_exp_avg_sq");
        this.config = config;
        this.manifolds = params.stream().map(ManifoldParameter::manifoldOf).toArray(Manifold[]::new);
        for (Manifold m : manifolds) {
            if (config.adam().decoupled() && !(m instanceof Euclidean)) {
                throw new IllegalArgumentException("RiemannianAdam: AdamW's decoupled weight decay is not defined on "
                        + m.name() + "; use the (coupled) weight decay of Adam");
            }
            if (config.amsgrad() && config.adam().decoupled()) {
                throw new IllegalArgumentException("RiemannianAdam: AMSGrad with decoupled weight decay is not supported");
            }
        }
    }

    @Override
    protected void update(int index, float[] p, float[] grad) {
        float[] m = bufferOrNew(EXP_AVG, index, p.length, 0f);
        float[] v = bufferOrNew(EXP_AVG_SQ, index, p.length, 0f);
        Manifold manifold = manifolds[index];
        Adam.Config c = config.adam();
        if (manifold instanceof Euclidean && !config.amsgrad()) {
            Adam.apply(c, lr, step, p, grad, m, v);
            return;
        }
        double[] x = Manifold.toDouble(p);
        double[] g = manifold.egradToRgrad(x, RiemannianSgd.decayed(grad, x, c.weightDecay()));
        double[] sq = manifold.componentInner(x, g);
        double[] mean = new double[p.length];
        double[] second = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            mean[i] = c.beta1() * m[i] + (1 - c.beta1()) * g[i];
            second[i] = c.beta2() * v[i] + (1 - c.beta2()) * sq[i];
            v[i] = (float) second[i];
        }
        if (config.amsgrad()) {
            float[] max = bufferOrNew(MAX_EXP_AVG_SQ, index, p.length, 0f);
            for (int i = 0; i < p.length; i++) {
                second[i] = Math.max(max[i], second[i]);
                max[i] = (float) second[i];
            }
        }
        double bc1 = 1 - Math.pow(c.beta1(), step), bc2 = 1 - Math.pow(c.beta2(), step);
        double[] u = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            u[i] = -lr * (mean[i] / bc1) / (Math.sqrt(second[i] / bc2) + c.eps());
        }
        double[] y = manifold.retract(x, u);
        mean = manifold.transport(x, y, mean);
        if (config.stabilize() > 0 && step % config.stabilize() == 0) {
            y = manifold.projectPoint(y);
            mean = manifold.projectTangent(y, mean);
        }
        Manifold.toFloat(y, p);
        Manifold.toFloat(mean, m);
    }
}
