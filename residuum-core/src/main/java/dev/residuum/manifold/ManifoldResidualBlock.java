package dev.residuum.manifold;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.nn.ZeroInitializable;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The residual block on a manifold: {@code x ← R_x(proj_x(F(x)))}, the branch's output taken as
 * an ambient step, projected to the tangent space at {@code x} and retracted back onto the
 * manifold ({@link TensorRetraction}). On Euclidean space it is the textbook {@code x + F(x)}; a
 * stack of them is a discrete, geodesic-like flow that keeps every intermediate point on the
 * manifold. Every operation is recorded, so a stack trains with the ordinary trainer and
 * optimizers, and the branch's parameters are named {@code branch.*} (in a {@link #stack},
 * {@code 0.branch.*}, {@code 1.branch.*}, …).
 */
public final class ManifoldResidualBlock extends Module {
    private final Manifold manifold;
    private final Module branch;

    /**
     * @param manifold where the points live: a {@link Sphere} or {@link Euclidean} ({@link TensorRetraction#supports})
     * @param branch F, mapping points {@code [N, n]} to ambient vectors {@code [N, n]}
     * @param zeroInitLast zero the last zero-initialisable layer of the branch, so that the block starts as the identity
     * @throws IllegalArgumentException for another manifold, or {@code zeroInitLast} with no such layer
     */
    public ManifoldResidualBlock(Manifold manifold, Module branch, boolean zeroInitLast) {
        this.manifold = Objects.requireNonNull(manifold, "manifold");
        if (!TensorRetraction.supports(manifold)) {
            throw new IllegalArgumentException("ManifoldResidualBlock: differentiable retractions exist for the sphere and"
                    + " Euclidean space, got " + manifold.name());
        }
        this.branch = child("branch", Objects.requireNonNull(branch, "branch"));
        if (zeroInitLast) {
            ZeroInitializable.zeroInitLast(branch, "ManifoldResidualBlock");
        }
    }

    /**
     * {@code depth} blocks in order, block {@code i} with branch {@code branches.apply(i)}.
     *
     * @param depth at least 1
     * @param branches a new branch for each index (each its own parameters)
     */
    public static Sequential stack(Manifold manifold, int depth, IntFunction<Module> branches, boolean zeroInitLast) {
        if (depth < 1) {
            throw new IllegalArgumentException("ManifoldResidualBlock.stack: depth must be at least 1, got " + depth);
        }
        List<Module> blocks = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            blocks.add(new ManifoldResidualBlock(manifold, branches.apply(i), zeroInitLast));
        }
        return new Sequential(blocks);
    }

    /**
     * The points after each block of {@code stack} (built by {@link #stack}): element 0 is
     * {@code x}, element {@code i} the output of block {@code i − 1}; run without recording.
     *
     * @param x points {@code [N, n]}; not modified
     * @return {@code depth + 1} tensors {@code [N, n]}
     */
    public static List<Tensor> trajectory(Sequential stack, Tensor x) {
        List<Tensor> out = new ArrayList<>();
        out.add(x);
        try (Graph.NoGradScope noGrad = Graph.noGrad()) {
            Tensor h = x;
            for (int i = 0; i < stack.size(); i++) {
                h = stack.get(i).forward(h, false);
                out.add(h);
            }
        }
        return out;
    }

    /** The manifold of the points. */
    public Manifold manifold() {
        return manifold;
    }

    /** The residual branch F. */
    public Module branch() {
        return branch;
    }

    /**
     * @param x points on the manifold, shape {@code [..., n]}; not modified
     * @return {@code R_x(proj_x(F(x)))}, the shape of {@code x}
     */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor v = branch.forward(x, training);
        if (!v.shape().equals(x.shape())) {
            throw new ShapeException("ManifoldResidualBlock: the branch must map points to vectors of their shape, got "
                    + x.shape() + " -> " + v.shape());
        }
        return TensorRetraction.retract(manifold, x, TensorRetraction.projectTangent(manifold, x, v));
    }
}
