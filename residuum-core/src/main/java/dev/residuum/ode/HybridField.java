package dev.residuum.ode;

import dev.residuum.autodiff.Products;
import dev.residuum.nn.Module;
import dev.residuum.nn.ZeroInitializable;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Δ-learning in continuous time: {@code dx/dt = f_known(t, x) + f_θ(t, x)}, a known model (a
 * physical law, a linear system) plus a learned correction. The correction's last
 * zero-initialisable layer is set to zero on construction, so an untrained hybrid <i>is</i> the
 * known model, and training learns only what the known model misses.
 *
 * <p>The known field counts as fixed (its {@link VectorField#parameters()} are not learned here),
 * but it must be written with tensor operations: the adjoint and backprop differentiate it with
 * respect to the state.
 */
public final class HybridField implements VectorField {
    private final VectorField known;
    private final ModuleField correction;

    /**
     * @param known the known vector field, of tensor operations
     * @param correction the learned correction (autonomous or time-dependent); its last
     *     zero-initialisable layer is zeroed. Modified.
     * @throws IllegalArgumentException when the correction has no zero-initialisable layer
     */
    public HybridField(VectorField known, ModuleField correction) {
        this.known = Objects.requireNonNull(known, "known");
        this.correction = Objects.requireNonNull(correction, "correction");
        ZeroInitializable last = null;
        for (Module m : correction.module().namedModules().values()) {
            if (m instanceof ZeroInitializable z) {
                last = z;
            }
        }
        if (last == null) {
            throw new IllegalArgumentException("HybridField: the correction needs a layer that can start at zero"
                    + " (Linear, normalisation) so that the untrained hybrid is the known model; this one has none");
        }
        last.zeroInit();
    }

    /**
     * The linear known model {@code dx/dt = A x} (on rows: {@code x Aᵀ} for a state
     * {@code [batch, d]}) plus an autonomous correction.
     *
     * @param a {@code [d, d]}. Not modified (copied).
     */
    public static HybridField linear(Tensor a, Module correction) {
        Objects.requireNonNull(a, "a");
        if (a.shape().rank() != 2 || a.shape().dim(0) != a.shape().dim(1)) {
            throw new ShapeException("HybridField.linear: A must be a square matrix [d, d], got " + a.shape());
        }
        Tensor matrix = a.copy();
        int d = matrix.shape().dim(0);
        VectorField linear = (t, x) -> {
            if (x.shape().rank() != 2 || x.shape().dim(1) != d) {
                throw new ShapeException("HybridField.linear: A is " + matrix.shape() + ", so the state must be [batch, "
                        + d + "], got " + x.shape());
            }
            return Products.matmul(x, false, matrix, true);
        };
        return new HybridField(linear, ModuleField.autonomous(correction));
    }

    /** The known model. */
    public VectorField known() {
        return known;
    }

    /** The learned correction. */
    public ModuleField correction() {
        return correction;
    }

    @Override
    public Tensor apply(double t, Tensor x) {
        return known.apply(t, x).add(correction.apply(t, x));
    }

    /** The correction's parameters (the known model's are not learned). */
    @Override
    public List<Tensor> parameters() {
        return new ArrayList<>(correction.parameters());
    }
}
