package dev.residuum.manifold;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Constraint;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * Parameters that belong to a manifold (geoopt's {@code ManifoldParameter}): an
 * {@link Parameter} whose {@link Parameter#constraint() constraint} is a {@link Manifold}. Modules
 * register it like any parameter, checkpoints save its values like any tensor (and record the
 * manifold's name), {@link RiemannianSgd} and {@link RiemannianAdam} keep it on its manifold, and
 * {@code Sgd} / {@code Adam} refuse it.
 */
public final class ManifoldParameter {
    private ManifoldParameter() {
    }

    /**
     * A parameter on {@code manifold} starting at the projection of {@code initial} (values
     * already on the manifold stay as they are, up to float32 rounding).
     *
     * @param initial shape {@code [..., pointDims]}; owned from now on (its values are replaced by the projection)
     * @throws IllegalArgumentException if the shape does not hold whole points
     */
    public static Parameter of(Manifold manifold, Tensor initial) {
        Objects.requireNonNull(manifold, "manifold");
        Objects.requireNonNull(initial, "initial");
        if (!manifold.fits(initial.shape())) {
            throw new IllegalArgumentException("ManifoldParameter: a tensor of shape " + initial.shape() + " does not hold"
                    + " points of " + manifold.name() + " (trailing dimensions "
                    + java.util.Arrays.toString(manifold.pointDims()) + ")");
        }
        float[] data = initial.data();
        Manifold.toFloat(manifold.projectPoint(Manifold.toDouble(data)), data);
        return new Parameter(initial, manifold);
    }

    /** A parameter of {@code points} random points of {@code manifold}, shaped {@code [points, pointDims]} (or {@code pointDims} for one). */
    public static Parameter random(Manifold manifold, int points, Rng rng) {
        double[] x = manifold.random(points, rng);
        float[] data = new float[x.length];
        Manifold.toFloat(x, data);
        int[] dims = manifold.pointDims();
        int[] shape;
        if (points == 1 && dims.length > 0) {
            shape = dims;
        } else {
            shape = new int[dims.length + 1];
            shape[0] = points;
            System.arraycopy(dims, 0, shape, 1, dims.length);
        }
        return new Parameter(Tensor.wrap(data, Shape.of(shape)), manifold);
    }

    /**
     * The manifold of {@code p}: its constraint, or {@link Euclidean} for an unconstrained one.
     *
     * @throws IllegalArgumentException if its constraint is not a manifold
     */
    public static Manifold manifoldOf(Parameter p) {
        Constraint c = p.constraint().orElse(null);
        if (c == null) {
            return EUCLIDEAN;
        }
        if (c instanceof Manifold m) {
            return m;
        }
        throw new IllegalArgumentException("parameter constrained to " + c.name() + ", which is not a manifold of"
                + " dev.residuum.manifold");
    }

    /** How far {@code p}'s values are from its manifold (see {@link Manifold#membershipError}). */
    public static double membershipError(Parameter p) {
        return manifoldOf(p).membershipError(Manifold.toDouble(p.value().data()));
    }

    private static final Euclidean EUCLIDEAN = new Euclidean();
}
