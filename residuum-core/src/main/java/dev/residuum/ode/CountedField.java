package dev.residuum.ode;

import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/** A vector field that counts its evaluations and checks the shape of what it returns. */
final class CountedField {
    private final VectorField field;
    private int evaluations;

    CountedField(VectorField field) {
        this.field = Objects.requireNonNull(field, "field");
    }

    Tensor apply(double t, Tensor x) {
        evaluations++;
        Tensor dx = field.apply(t, x);
        if (dx == null || !dx.shape().equals(x.shape())) {
            throw new ShapeException("vector field: f(t, x) must have the shape of x " + x.shape() + ", got "
                    + (dx == null ? "null" : dx.shape().toString()) + " at t = " + t);
        }
        return dx;
    }

    int evaluations() {
        return evaluations;
    }

    VectorField field() {
        return field;
    }
}
