package dev.residuum.ode.fit;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.ode.Options;
import dev.residuum.ode.VectorField;
import dev.residuum.optim.LrSchedule;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.OptimizerFactory;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingListener;
import dev.residuum.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One fit of a vector field to a trajectory: {@link WindowObjective} batches run by the
 * {@link Trainer} for whole epochs of windows, then the rollout from the first observed state over
 * every time, scored on the training rows and on the rows after them.
 *
 * @param model the module holding the learned parameters
 * @param field the vector field (the model's, or the model inside a hybrid)
 * @param window points per window
 * @param batch windows per batch
 * @param options the solves' options (solver, tolerances, gradient mode)
 * @param loss the training loss
 */
public record TrajectoryFit(Module model, VectorField field, int window, int batch, Options options,
        WindowObjective.Loss loss) {
    public TrajectoryFit {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(loss, "loss");
    }

    /**
     * What a fit gave.
     *
     * @param rollout {@code [rows, d]} from the first observed state
     * @param trainLoss the rollout's loss on the training rows
     * @param testLoss the rollout's loss on the later rows (NaN without any)
     * @param evaluations field evaluations, training and rollout
     * @param epochLoss mean training loss per epoch
     */
    public record Result(Tensor rollout, double trainLoss, double testLoss, int iterations, double seconds,
            long evaluations, double[] epochLoss) {
    }

    /** An MLP {@code d -> hidden... -> d} with tanh between layers (PyTorch's default initialisation). */
    public static Module network(int d, int[] hidden, Rng rng) {
        List<Module> layers = new ArrayList<>();
        int width = d;
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("TrajectoryFit.network: hidden widths must be at least 1, got " + h);
            }
            layers.add(new Linear(width, h, true, rng));
            layers.add(new Activation(Activation.Kind.TANH));
            width = h;
        }
        layers.add(new Linear(width, d, true, rng));
        return new Sequential(layers);
    }

    /** Iterations rounded up to whole epochs of this many batches. */
    public int epochsFor(int iterations, int windows) {
        int perEpoch = (windows + batch - 1) / batch;
        return Math.max(1, (iterations + perEpoch - 1) / perEpoch);
    }

    /**
     * Fits on the first {@code trainRows} rows of {@code data}.
     *
     * @param optimizer the optimizer over the model's parameters (constant rate)
     * @param checkpointDir where the trainer checkpoints (null for none)
     */
    public Result run(ObservedTrajectory data, int trainRows, int iterations, OptimizerFactory optimizer, long seed,
            Path checkpointDir, String name, TrainingListener listener) throws IOException {
        WindowObjective objective = new WindowObjective(model, field, data, trainRows, window, options, loss);
        TrainerConfig config = new TrainerConfig(epochsFor(iterations, objective.size()), batch, optimizer,
                new LrSchedule.Constant(), seed, true);
        long t0 = System.nanoTime();
        TrainingResult result = new Trainer<>(objective, config).fit(checkpointDir, name, false, listener);
        Tensor rollout = objective.rollout();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(rollout, objective.rolloutLoss(rollout, 0, trainRows, loss),
                objective.rolloutLoss(rollout, trainRows, data.size(), loss), (int) result.steps(), seconds,
                objective.evaluations(), result.trainLoss());
    }
}
