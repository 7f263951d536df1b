package dev.residuum.manifold;

import dev.residuum.tensor.Shape;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * The tangent projection and the retraction of a manifold on float32 tensors of points, composed
 * of the engine's recorded operations, so that reverse- and forward-mode derivatives flow
 * through them with no hand-written gradient: on the {@link Sphere},
 * {@code proj_x(v) = v − ⟨x, v⟩ x} and {@code R_x(u) = (x + u) / ‖x + u‖}; on {@link Euclidean}
 * space, {@code v} and {@code x + u}. Points are the last dimension of a tensor (rows of a
 * batch); the other manifolds need differentiable decompositions (QR, polar, matrix exponential)
 * the engine does not have, and are refused.
 */
public final class TensorRetraction {
    private TensorRetraction() {
    }

    /** Whether {@code manifold} has a recorded projection and retraction here (the sphere and Euclidean space). */
    public static boolean supports(Manifold manifold) {
        return manifold instanceof Sphere || manifold instanceof Euclidean;
    }

    /**
     * The orthogonal projection of {@code v} onto the tangent space at {@code x}, point by point.
     *
     * @param x points, shape {@code [..., n]} (unit rows on the sphere); not modified
     * @param v ambient vectors, the shape of {@code x}; not modified
     * @return the tangent vectors, shape of {@code x}, recorded on the tape when the inputs are
     */
    public static Tensor projectTangent(Manifold manifold, Tensor x, Tensor v) {
        check(manifold, x, v, "projectTangent");
        if (manifold instanceof Sphere) {
            return v.sub(x.mul(dot(x, v)));
        }
        return v;
    }

    /**
     * The retraction: a point of the manifold near {@code exp_x(u)}, point by point.
     *
     * @param x points, shape {@code [..., n]}; not modified
     * @param u tangent vectors at {@code x}, the shape of {@code x}; not modified
     * @return points on the manifold, shape of {@code x}, recorded on the tape when the inputs are
     */
    public static Tensor retract(Manifold manifold, Tensor x, Tensor u) {
        check(manifold, x, u, "retract");
        Tensor y = x.add(u);
        if (manifold instanceof Sphere) {
            return normalise(y);
        }
        return y;
    }

    /**
     * Each row divided by its Euclidean norm: the nearest point of the sphere.
     *
     * @param y vectors, shape {@code [..., n]}, none zero; not modified
     */
    public static Tensor normalise(Tensor y) {
        return y.div(dot(y, y).sqrt());
    }

    /** {@code ⟨a, b⟩} over the last dimension, kept as a dimension of size 1 (shape {@code [..., 1]}). */
    private static Tensor dot(Tensor a, Tensor b) {
        return a.mul(b).sum(a.shape().rank() - 1, true);
    }

    private static void check(Manifold manifold, Tensor x, Tensor v, String op) {
        Objects.requireNonNull(manifold, "manifold");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(v, "v");
        if (!supports(manifold)) {
            throw new IllegalArgumentException("TensorRetraction." + op + ": recorded (differentiable) retractions exist"
                    + " for the sphere and Euclidean vectors only, got " + manifold.name()
                    + "; use the double-precision Manifold operations or a ManifoldParameter instead");
        }
        Shape s = x.shape();
        if (s.rank() < 1 || !manifold.fits(s) || !s.equals(v.shape())) {
            throw new ShapeException("TensorRetraction." + op + ": expected points of " + manifold.name()
                    + " (trailing dimensions " + java.util.Arrays.toString(manifold.pointDims())
                    + ") and a vector of the same shape, got " + s + " and " + v.shape());
        }
    }
}
