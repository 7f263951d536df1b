package dev.residuum.train;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Module;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * Mean squared error of a module on in-memory tensors: {@code mean((model(x[batch]) - y[batch])^2)}.
 * The tensors are kept by reference and never modified.
 */
public record SupervisedObjective(Module model, Tensor x, Tensor y, Tensor xValidation, Tensor yValidation)
        implements SampleObjective {
    /**
     * @param x inputs {@code [N, F]}
     * @param y targets {@code [N, T]}
     * @param xValidation validation inputs {@code [M, F]}, or null
     * @param yValidation validation targets {@code [M, T]}, or null (both or neither)
     */
    public SupervisedObjective {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        checkPair("training", x, y);
        if ((xValidation == null) != (yValidation == null)) {
            throw new IllegalArgumentException("SupervisedObjective: give both validation inputs and targets, or neither");
        }
        if (xValidation != null) {
            checkPair("validation", xValidation, yValidation);
        }
    }

    /** Without validation data. */
    public SupervisedObjective(Module model, Tensor x, Tensor y) {
        this(model, x, y, null, null);
    }

    private static void checkPair(String what, Tensor x, Tensor y) {
        if (x.shape().rank() != 2 || y.shape().rank() != 2 || x.shape().dim(0) != y.shape().dim(0)
                || x.shape().dim(0) < 1) {
            throw new ShapeException("SupervisedObjective: " + what + " data must be x [N, F] and y [N, T] with the same"
                    + " N >= 1, got x " + x.shape() + " and y " + y.shape());
        }
    }

    @Override
    public int size() {
        return x.shape().dim(0);
    }

    /** True: a slice's loss reads rows of {@code x} and {@code y} and the model, and writes nothing shared. */
    @Override
    public boolean slicesRunConcurrently() {
        return true;
    }

    @Override
    public Tensor batchLoss(int[] indices) {
        return model.forward(x.indexSelect(0, indices), true).mse(y.indexSelect(0, indices));
    }

    @Override
    public double validationLoss() {
        if (xValidation == null) {
            return Double.NaN;
        }
        try (Graph.NoGradScope noGrad = Graph.noGrad()) {
            return model.forward(xValidation, false).mse(yValidation).item();
        }
    }
}
