package dev.residuum.manifold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.optim.Adam;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.Checkpoint;
import dev.residuum.train.SupervisedObjective;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingResult;
import dev.residuum.train.TrainingState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A module with a parameter on SO(3), trained by the trainer and saved in a checkpoint. */
class ManifoldTrainingTest {
    /** {@code y = x Rᵀ + b}: R on SO(3) (or unconstrained), b Euclidean. */
    static final class RotateAndShift extends Module {
        final Parameter rotation;
        final Parameter shift;

        RotateAndShift(boolean onManifold, long seed) {
            Parameter r = ManifoldParameter.random(SpecialOrthogonal.so3(), 1, new Rng(seed));
            rotation = parameter("rotation", onManifold ? r : new Parameter(r.value()));
            shift = parameter("shift", Tensor.zeros(3));
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            return x.matmul(rotation.value().t()).add(shift.value());
        }
    }

    @TempDir
    Path tmp;

    @Test
    void theTrainerFitsARotationThatStaysOnSo3AndTheCheckpointRecordsIt() throws Exception {
        Rng rng = new Rng(31);
        int n = 256;
        double[] q = SpecialOrthogonal.so3().random(1, rng);
        float[] x = new float[n * 3];
        float[] y = new float[n * 3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                x[i * 3 + k] = (float) rng.nextGaussian();
            }
            for (int k = 0; k < 3; k++) {
                y[i * 3 + k] = (float) (q[k * 3] * x[i * 3] + q[k * 3 + 1] * x[i * 3 + 1] + q[k * 3 + 2] * x[i * 3 + 2]
                        + 0.5 * k);
            }
        }
        RotateAndShift model = new RotateAndShift(true, 5);
        SupervisedObjective objective = new SupervisedObjective(model, Tensor.wrap(x, Shape.of(n, 3)),
                Tensor.wrap(y, Shape.of(n, 3)), null, null);
        RiemannianAdam.Config adam = RiemannianAdam.Config.of(Adam.Config.adam(0.05)).withStabilize(50);
        Trainer<?> trainer = new Trainer<>(objective, TrainerConfig.adam(0.05, 60, 32, 7)
                .withOptimizer(ps -> new RiemannianAdam(ps, adam)));
        TrainingResult result = trainer.fit();
        double[] r = Manifold.toDouble(model.rotation.value().data());
        assertTrue(ManifoldParameter.membershipError(model.rotation) <= 1e-6);
        assertTrue(Reductions.norm(Matrices.addScaled(r, -1, q)) < 1e-2, "R vs the true rotation: "
                + Reductions.norm(Matrices.addScaled(r, -1, q)));
        assertTrue(result.finalTrainLoss() < 1e-4, "loss " + result.finalTrainLoss());

        Path dir = tmp.resolve("run");
        Checkpoint.save(dir, model, trainer.optimizer(), trainer.state());
        assertEquals("so(3)", Safetensors.readMetadata(dir.resolve(Checkpoint.WEIGHTS)).get("constraint.rotation"));
        RotateAndShift again = new RotateAndShift(true, 6);
        RiemannianAdam opt = new RiemannianAdam(again.parameters(), adam);
        TrainingState state = Checkpoint.load(dir, again, opt);
        assertEquals(trainer.state().globalStep(), state.globalStep());
        assertArrayEquals(model.rotation.value().data(), again.rotation.value().data());
        assertEquals(trainer.optimizer().exportState().buffers().keySet(), opt.exportState().buffers().keySet());
        RotateAndShift free = new RotateAndShift(false, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(dir, free, new RiemannianAdam(free.parameters(), adam)));
        assertTrue(e.getMessage().contains("so(3)"), e.getMessage());
    }
}
