package dev.residuum.ode;

import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * A vector field that counts its evaluations (all of them, and those recorded on the tape) and
 * checks the shape of what it returns.
 */
final class CountedField {
    private final VectorField field;
    private int evaluations;
    private int recorded;

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
        if (dx.requiresGrad()) {
            recorded++;
        }
        return dx;
    }

    /** All evaluations so far. */
    int evaluations() {
        return evaluations;
    }

    /** The evaluations whose result was recorded on the tape (each one a vector–Jacobian product in a reverse pass). */
    int recorded() {
        return recorded;
    }

    VectorField field() {
        return field;
    }
}
