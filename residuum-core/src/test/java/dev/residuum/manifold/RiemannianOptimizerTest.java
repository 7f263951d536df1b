package dev.residuum.manifold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Parameter;
import dev.residuum.optim.Adam;
import dev.residuum.optim.Optimizer;
import dev.residuum.optim.Sgd;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RiemannianOptimizerTest {
    private static Parameter euclideanParameter(long seed, int n) {
        return new Parameter(Tensor.randn(new Rng(seed), n));
    }

    /** Runs {@code steps} steps with the same pseudo-random gradients; returns the final values. */
    private static float[] run(Function<List<Parameter>, Optimizer> make, Parameter p, int steps, long seed) {
        Optimizer opt = make.apply(List.of(p));
        Rng rng = new Rng(seed);
        for (int s = 0; s < steps; s++) {
            float[] g = new float[p.numel()];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) rng.nextGaussian() + 0.3f * p.value().data()[i];
            }
            p.value().setGrad(Tensor.wrap(g, p.value().shape()));
            opt.step();
        }
        return p.value().data().clone();
    }

    @Test
    void onEuclideanParametersRiemannianSgdIsSgdBitForBit() {
        for (Sgd.Config c : new Sgd.Config[] {Sgd.Config.of(0.05), Sgd.Config.heEtAl(0.05),
            Sgd.Config.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(1e-3),
            Sgd.Config.of(0.05).withMomentum(0.8).withDampening(0.2)}) {
            float[] plain = run(ps -> new Sgd(ps, c), euclideanParameter(1, 37), 50, 2);
            float[] riemannian = run(ps -> new RiemannianSgd(ps, RiemannianSgd.Config.of(c)), euclideanParameter(1, 37), 50, 2);
            float[] explicit = run(ps -> new RiemannianSgd(ps, RiemannianSgd.Config.of(c).withStabilize(3)),
                    ManifoldParameter.of(new Euclidean(), Tensor.randn(new Rng(1), 37)), 50, 2);
            assertArrayEquals(plain, riemannian, c.toString());
            assertArrayEquals(plain, explicit, c.toString());
        }
    }

    @Test
    void onEuclideanParametersRiemannianAdamIsAdamBitForBit() {
        for (Adam.Config c : new Adam.Config[] {Adam.Config.adam(0.01), Adam.Config.adam(0.01).withWeightDecay(1e-2),
            Adam.Config.adamW(0.01)}) {
            float[] plain = run(ps -> new Adam(ps, c), euclideanParameter(3, 41), 50, 4);
            float[] riemannian = run(ps -> new RiemannianAdam(ps, RiemannianAdam.Config.of(c)), euclideanParameter(3, 41),
                    50, 4);
            assertArrayEquals(plain, riemannian, c.toString());
        }
    }

    @Test
    void euclideanAmsgradNeverRaisesTheStepAboveAdams() {
        float[] ams = run(ps -> new RiemannianAdam(ps, RiemannianAdam.Config.of(Adam.Config.adam(0.01)).withAmsgrad(true)),
                euclideanParameter(3, 41), 50, 4);
        float[] plain = run(ps -> new Adam(ps, Adam.Config.adam(0.01)), euclideanParameter(3, 41), 50, 4);
        // AMSGrad differs (its denominator is the running maximum) but stays close on 50 steps
        double diff = 0;
        for (int i = 0; i < ams.length; i++) {
            diff = Math.max(diff, Math.abs(ams[i] - plain[i]));
        }
        assertTrue(diff > 0 && diff < 0.5, "AMSGrad vs Adam after 50 steps: " + diff);
    }

    @Test
    void plainOptimizersRefuseManifoldParameters() {
        Parameter p = ManifoldParameter.random(new Sphere(3), 2, new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(p), Adam.Config.adam(0.1)));
        assertTrue(e.getMessage().contains("sphere(3)") && e.getMessage().contains("RiemannianAdam"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), Sgd.Config.of(0.1)));
        assertThrows(IllegalArgumentException.class, () -> new RiemannianAdam(List.of(p),
                RiemannianAdam.Config.of(Adam.Config.adamW(0.1))));
        assertThrows(IllegalArgumentException.class, () -> ManifoldParameter.of(new Stiefel(4, 2), Tensor.zeros(2, 4)));
    }

    private record Case(Manifold manifold, int points, int stabilize) {
    }

    /**
     * The must-show invariant: after 10 000 float32 steps of each optimizer on a noisy objective,
     * every point is on its manifold to 1e-6 (the membership error of the float32 values computed
     * in double). SO(n)'s Cayley retraction keeps whatever orthogonality error the rounded point
     * carries, so without re-projection it drifts: there the stabilize period is needed.
     */
    @Test
    void tenThousandFloat32StepsStayOnTheManifold() {
        List<Case> cases = List.of(new Case(new Sphere(8), 4, 0), new Case(new Stiefel(20, 5), 1, 0),
                new Case(new Stiefel(12, 4, Stiefel.Retraction.POLAR), 1, 0), new Case(new Grassmann(10, 3), 1, 0),
                new Case(SpecialOrthogonal.so3(), 1, 100), new Case(new SpecialOrthogonal(5), 1, 100),
                new Case(new PoincareBall(4, 1.5), 3, 0),
                new Case(Product.of(new Sphere(3), SpecialOrthogonal.so3()), 1, 100),
                // large enough for the BLAS products and the CholeskyQR2 retraction (Matrices.BLAS_PRODUCT)
                new Case(new Stiefel(64, 32), 1, 0));
        for (Case c : cases) {
            for (int kind = 0; kind < 3; kind++) {
                Parameter p = ManifoldParameter.random(c.manifold(), c.points(), new Rng(7));
                Optimizer opt = switch (kind) {
                    case 0 -> new RiemannianSgd(List.of(p), RiemannianSgd.Config.of(Sgd.Config.of(0.01).withMomentum(0.9)
                            .withNesterov(true)).withStabilize(c.stabilize()));
                    case 1 -> new RiemannianAdam(List.of(p), RiemannianAdam.Config.of(Adam.Config.adam(0.01))
                            .withStabilize(c.stabilize()));
                    default -> new RiemannianAdam(List.of(p), RiemannianAdam.Config.of(Adam.Config.adam(0.01)
                            .withWeightDecay(1e-3)).withAmsgrad(true).withStabilize(c.stabilize()));
                };
                Rng rng = new Rng(11);
                float[] target = new float[p.numel()];
                for (int i = 0; i < target.length; i++) {
                    target[i] = (float) rng.nextGaussian();
                }
                for (int s = 0; s < 10_000; s++) {
                    float[] x = p.value().data();
                    float[] g = new float[x.length];
                    for (int i = 0; i < g.length; i++) {
                        g[i] = x[i] - target[i] + 0.5f * (float) rng.nextGaussian();
                    }
                    p.value().setGrad(Tensor.wrap(g, p.value().shape()));
                    opt.step();
                }
                double err = ManifoldParameter.membershipError(p);
                assertTrue(err <= 1e-6, c.manifold() + " optimizer " + kind + ": off the manifold by " + err);
                assertEquals(10_000, opt.steps());
            }
        }
    }

    /** Riemannian SGD on the sphere minimises ⟨a, x⟩: it reaches −a/‖a‖. */
    @Test
    void riemannianSgdFindsTheMinimumOfALinearCostOnTheSphere() {
        Sphere s = new Sphere(6);
        Parameter p = ManifoldParameter.random(s, 1, new Rng(3));
        float[] a = {1, -2, 0.5f, 3, 0, -1};
        Optimizer opt = new RiemannianSgd(List.of(p), RiemannianSgd.Config.of(Sgd.Config.of(0.1).withMomentum(0.5)));
        for (int k = 0; k < 500; k++) {
            p.value().setGrad(Tensor.wrap(a.clone(), Shape.of(6)));
            opt.step();
        }
        double norm = Math.sqrt(Reductions.dot(Manifold.toDouble(a), Manifold.toDouble(a)));
        for (int i = 0; i < 6; i++) {
            assertEquals(-a[i] / norm, p.value().data()[i], 1e-5);
        }
    }
}
