package dev.residuum.delta;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.SampleObjective;

/**
 * The training objective of a {@link DeltaModel}: mean squared error, in standardised units, of
 * the summed per-component network outputs against the standardised residual of each sample.
 *
 * @param model the network, per component row
 * @param inputs standardised features of every row of {@code data}, {@code [R, F]}
 * @param targets standardised residual of every sample, {@code [S, 1]}
 * @param validation validation samples with their inputs and targets, or three nulls
 */
record DeltaObjective(Module model, DeltaData data, Tensor inputs, Tensor targets, DeltaData validation,
                      Tensor validationInputs, Tensor validationTargets) implements SampleObjective {
    @Override
    public int size() {
        return data.samples();
    }

    /** True: a slice's loss reads the data, its inputs and targets and the model, and writes nothing shared. */
    @Override
    public boolean slicesRunConcurrently() {
        return true;
    }

    @Override
    public Tensor batchLoss(int[] indices) {
        ComponentSum sum = ComponentSum.of(data, indices);
        Tensor perRow = model.forward(inputs.indexSelect(0, sum.rows()), true);
        return sum.sum(perRow).mse(targets.indexSelect(0, indices));
    }

    @Override
    public double validationLoss() {
        if (validation == null) {
            return Double.NaN;
        }
        int[] all = new int[validation.samples()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        try (Graph.NoGradScope noGrad = Graph.noGrad()) {
            ComponentSum sum = ComponentSum.of(validation, all);
            return sum.sum(model.forward(validationInputs, false)).mse(validationTargets).item();
        }
    }
}
