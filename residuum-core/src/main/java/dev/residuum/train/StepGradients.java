package dev.residuum.train;

import dev.residuum.kernel.Parallel;
import dev.residuum.nn.Parameter;
import dev.residuum.optim.Optimizer;
import dev.residuum.tensor.Workspace;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Trainer}'s forward and backward of one batch ({@link Trainer#computeGradients}): whole,
 * as micro-batches in turn ({@link MicroBatches}), or as micro-batches side by side on the
 * workers ({@link ParallelMicroBatches}) when the objective and the model allow it; the same
 * bits either way. The loss is checked before anything is returned.
 */
final class StepGradients<B extends Batch> {
    private final Objective<B> objective;
    private final List<Parameter> parameters;
    private final Optimizer optimizer;
    private final Workspace workspace;
    /** The side-by-side micro-batches, made at the first such step, and which parameters were frozen then. */
    private ParallelMicroBatches sideBySide;
    private boolean[] sideBySideFrozen;

    StepGradients(Objective<B> objective, List<Parameter> parameters, Optimizer optimizer, Workspace workspace) {
        this.objective = objective;
        this.parameters = parameters;
        this.optimizer = optimizer;
        this.workspace = workspace;
    }

    /**
     * @param parts micro-batches (1: the whole batch)
     * @param state where the step stands, for the divergence message
     */
    Gradients compute(B batch, int parts, TrainingState state) {
        return compute(batch, parts, state, null);
    }

    /**
     * {@link #compute} and then the optimizer's step, fused where that is faster: at one part the
     * update of each parameter as soon as the reverse pass has completed its gradient
     * ({@link Optimizer#backwardAndStep}), side by side the micro-batches' sum formed parameter by
     * parameter just before its update ({@link ParallelMicroBatches.Passes#sumAndStep}). Bit for
     * bit {@code compute} and then {@code step()}.
     *
     * @param beforeUpdate runs once the losses are checked, before any parameter changes (it sets
     *     the learning rate)
     */
    Gradients computeAndStep(B batch, int parts, TrainingState state, Runnable beforeUpdate) {
        return compute(batch, parts, state, beforeUpdate);
    }

    /** @param beforeUpdate null: gradients only; otherwise it runs and the step follows */
    private Gradients compute(B batch, int parts, TrainingState state, Runnable beforeUpdate) {
        if (parts == 1) {
            return whole(batch, state, beforeUpdate);
        }
        if (Parallel.threads() > 1 && objective.slicesRunConcurrently()
                && ParallelMicroBatches.supports(objective.model())) {
            return sideBySide(batch, parts, state, beforeUpdate);
        }
        Gradients g = MicroBatches.compute(objective, parameters, batch, parts, b -> whole(b, state, null));
        if (beforeUpdate != null) { // the sum is in arrays of its own: the trainer's apply copies it in
            throw new IllegalStateException("StepGradients: micro-batches in turn are applied by Trainer.apply");
        }
        return g;
    }

    /** Whether {@link #computeAndStep} can fuse the step for this many parts (otherwise compute, then apply). */
    boolean fusesStep(int parts) {
        return parts == 1 || (Parallel.threads() > 1 && objective.slicesRunConcurrently()
                && ParallelMicroBatches.supports(objective.model()));
    }

    private Gradients whole(B batch, TrainingState state, Runnable beforeUpdate) {
        optimizer.zeroGrad();
        try (Workspace.Scope scope = workspace.enter()) {
            BatchLoss loss = objective.loss(batch);
            double value = loss.value().item();
            checkFinite(value, state);
            if (beforeUpdate == null) {
                loss.value().backward();
            } else {
                beforeUpdate.run();
                optimizer.backwardAndStep(loss.value());
            }
            return Gradients.of(parameters, value, batch.size(), loss.correct());
        }
    }

    /** {@link ParallelMicroBatches}, the loss of each micro-batch checked in order as in turn. */
    private Gradients sideBySide(B batch, int parts, TrainingState state, Runnable beforeUpdate) {
        boolean[] frozen = new boolean[parameters.size()];
        for (int i = 0; i < frozen.length; i++) {
            frozen[i] = parameters.get(i).isFrozen();
            if (frozen[i]) {
                parameters.get(i).zeroGrad(); // as optimizer.zeroGrad() in turn; the others are overwritten
            }
        }
        if (sideBySide == null || !Arrays.equals(frozen, sideBySideFrozen)) {
            sideBySide = new ParallelMicroBatches(parameters, parts);
            sideBySideFrozen = frozen;
        }
        int samples = batch.size();
        double[] losses = new double[samples]; // by the micro-batch's first sample
        ParallelMicroBatches.Passes passes = sideBySide.passes(samples, (from, to) ->
                objective.loss(objective.slice(batch, from, to)));
        for (int k = 0; k < passes.count(); k++) {
            checkFinite(passes.loss(k), state);
        }
        if (beforeUpdate == null) {
            return passes.sum();
        }
        beforeUpdate.run();
        return passes.sumAndStep(optimizer);
    }

    private static void checkFinite(double loss, TrainingState state) {
        if (!Double.isFinite(loss)) {
            throw new DivergenceException("Trainer: the loss is " + loss + " at epoch " + (state.epoch() + 1)
                    + ", step " + (state.stepInEpoch() + 1) + "; lower the learning rate or check the data");
        }
    }
}
