package dev.residuum.delta;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.SampleObjective;

/**
 * The training objective of a {@link DeltaModel}: mean squared error, in standardised units, of
 * the summed per-component network outputs against the standardised residual of each sample.
 */
final class DeltaObjective implements SampleObjective {
    private final Module net;
    private final DeltaData data;
    private final Tensor inputs;
    private final Tensor targets;
    private final DeltaData validation;
    private final Tensor validationInputs;
    private final Tensor validationTargets;

    /**
     * @param inputs standardised features of every row of {@code data}, {@code [R, F]}
     * @param targets standardised residual of every sample, {@code [S, 1]}
     * @param validation validation samples with their inputs and targets, or three nulls
     */
    DeltaObjective(Module net, DeltaData data, Tensor inputs, Tensor targets, DeltaData validation,
                   Tensor validationInputs, Tensor validationTargets) {
        this.net = net;
        this.data = data;
        this.inputs = inputs;
        this.targets = targets;
        this.validation = validation;
        this.validationInputs = validationInputs;
        this.validationTargets = validationTargets;
    }

    @Override
    public int size() {
        return data.samples();
    }

    @Override
    public Module model() {
        return net;
    }

    @Override
    public Tensor batchLoss(int[] indices) {
        ComponentSum sum = ComponentSum.of(data, indices);
        Tensor perRow = net.forward(inputs.indexSelect(0, sum.rows()), true);
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
            return sum.sum(net.forward(validationInputs, false)).mse(validationTargets).item();
        }
    }
}
