package dev.residuum.bench;

import dev.residuum.kernel.Rng;
import dev.residuum.manifold.ManifoldParameter;
import dev.residuum.manifold.RiemannianAdam;
import dev.residuum.manifold.RotationProblem;
import dev.residuum.manifold.Stiefel;
import dev.residuum.manifold.SubspaceProblem;
import dev.residuum.nn.Parameter;
import dev.residuum.optim.Adam;
import dev.residuum.tensor.Tensor;
import java.util.List;

/**
 * The manifold workloads of {@code scripts/bench_manifold.py} (geoopt's algorithms written out in
 * PyTorch), same sizes and iteration counts:
 * <ul>
 *   <li>M1 {@code manifold_rotation}: the rotation problem, 500 point pairs, 300 Riemannian Adam
 *       iterations on SO(3) (Cayley retraction, stabilize 100), every iteration run;</li>
 *   <li>M2 {@code manifold_subspace}: the subspace problem, 1000 × 32 data, K = 4 on St(32, 4) (QR
 *       retraction), 300 iterations;</li>
 *   <li>M3 {@code radam_stiefel_256x64}: one Riemannian Adam step on a 256 × 64 Stiefel parameter
 *       with a fixed gradient.</li>
 * </ul>
 */
final class ManifoldWorkloads {
    /** Iterations per fit in M1 and M2. */
    static final int FIT_ITERATIONS = 300;

    private ManifoldWorkloads() {
    }

    /**
     * A timed step and how to report it.
     *
     * @param unitsPerStep the rate's units per step (iterations per fit; 1 for M3)
     */
    record Workload(String name, String metric, String unit, Runnable step, int warmup, int steps, int unitsPerStep) {
    }

    static Workload of(String id, long seed) {
        return switch (id) {
            case "M1" -> {
                RotationProblem p = RotationProblem.synthetic(500, 0.05, seed);
                yield new Workload("manifold_rotation", "fit_iterations_per_s", "iterations/s",
                        () -> p.fit(seed, FIT_ITERATIONS, 0), 2, 3, FIT_ITERATIONS);
            }
            case "M2" -> {
                SubspaceProblem p = SubspaceProblem.synthetic(1000, 32, 4, seed);
                Stiefel st = new Stiefel(32, 4);
                yield new Workload("manifold_subspace", "fit_iterations_per_s", "iterations/s",
                        () -> p.fit(st, seed, FIT_ITERATIONS, 0), 2, 3, FIT_ITERATIONS);
            }
            case "M3" -> {
                Parameter x = ManifoldParameter.random(new Stiefel(256, 64), 1, new Rng(seed));
                x.value().setGrad(Tensor.randn(new Rng(seed + 1), 256, 64));
                RiemannianAdam adam = new RiemannianAdam(List.of(x), RiemannianAdam.Config.of(Adam.Config.adam(1e-3)));
                yield new Workload("radam_stiefel_256x64", "steps_per_s", "steps/s", adam::step, 20, 200, 1);
            }
            default -> throw new IllegalArgumentException("not a manifold workload: " + id);
        };
    }
}
