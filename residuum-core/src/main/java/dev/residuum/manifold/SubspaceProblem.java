package dev.residuum.manifold;

import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Parameter;
import dev.residuum.optim.Adam;
import dev.residuum.optim.LrSchedule;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.List;

/**
 * Principal subspace as optimisation: the K-dimensional subspace of largest variance of centred
 * data {@code X} ({@code m × d}) maximises the Rayleigh quotient {@code tr(UᵀXᵀXU)} over
 * {@code U ∈ St(d, K)} (or its span on {@code Gr(d, K)}); here the loss is
 * {@code −‖XU‖²_F / ‖X‖²_F}, minimised by Riemannian Adam from a random basis. The exact answer is
 * the span of the top-K right singular vectors of {@code X} (EJML's SVD); {@link #principalAngles}
 * compares the two.
 */
public final class SubspaceProblem {
    /** Riemannian Adam's rate (cosine-annealed). */
    public static final double LEARNING_RATE = 0.02;
    /** Iterations at most. */
    public static final int MAX_ITERATIONS = 2000;
    /** Stop once the Riemannian gradient's norm is at most this. */
    public static final double GRADIENT_TOLERANCE = 1e-7;

    private final double[] centred;
    private final float[] data;
    private final int rows;
    private final int d;
    private final int k;

    /**
     * @param x the data, {@code rows × d} row-major (centred here); not modified
     * @param k the subspace dimension, {@code 1 <= k <= d}
     */
    public SubspaceProblem(double[] x, int rows, int d, int k) {
        if (rows < 2 || d < 1 || x.length != rows * d) {
            throw new IllegalArgumentException("SubspaceProblem: expected " + rows + " x " + d + " values (at least 2 rows),"
                    + " got " + x.length);
        }
        if (k < 1 || k > d || k > rows) {
            throw new IllegalArgumentException("SubspaceProblem: K must be in [1, " + d + "] (the number of columns, and at most the rows), got " + k);
        }
        this.rows = rows;
        this.d = d;
        this.k = k;
        this.centred = x.clone();
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < rows; i++) {
                mean += x[i * d + j];
            }
            mean /= rows;
            for (int i = 0; i < rows; i++) {
                centred[i * d + j] -= mean;
            }
        }
        double total = Reductions.dot(centred, centred);
        if (!(total > 0)) {
            throw new IllegalArgumentException("SubspaceProblem: the data has no variance");
        }
        this.data = new float[centred.length];
        Manifold.toFloat(Matrices.scale(1 / Math.sqrt(total), centred), data);
    }

    /**
     * {@code rows} samples of a Gaussian in ℝᵈ, shifted off the origin, whose K leading principal
     * axes (standard deviations 3, 2.9, …) stand clear of the others (at most 1), rotated by a
     * random rotation; drawn from {@code seed}.
     */
    public static SubspaceProblem synthetic(int rows, int d, int k, long seed) {
        if (d < 2 || k < 1 || k >= d) {
            throw new IllegalArgumentException("SubspaceProblem: need d >= 2 and 1 <= K < d, got d = " + d + ", K = " + k);
        }
        Rng rng = new Rng(seed);
        double[] rotation = new SpecialOrthogonal(d).random(1, rng);
        double[] z = new double[rows * d];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                double scale = j < k ? 3 - 0.1 * j : 1 - 0.5 * (j - k) / d;
                z[i * d + j] = scale * rng.nextGaussian() + 2;
            }
        }
        return new SubspaceProblem(Matrices.multiply(z, rotation, rows, d, d), rows, d, k);
    }

    /** The exact answer: the top-K right singular vectors of the centred data, {@code d × K}. */
    public double[] topSingularVectors() {
        Matrices.Svd svd = Matrices.svd(centred, rows, d);
        int width = svd.v().length / d; // min(rows, d) for the thin SVD
        return Matrices.columns(svd.v(), d, width, 0, k);
    }

    /** The principal angles between the spans of two {@code d × K} orthonormal bases. */
    public double[] principalAngles(double[] u, double[] v) {
        return new Grassmann(d, k).principalAngles(u, v);
    }

    /** Riemannian Adam on {@code manifold} ({@code St(d, K)} or {@code Gr(d, K)}) from a random basis drawn from {@code seed}. */
    public FitResult fit(Manifold manifold, long seed) {
        return fit(manifold, seed, MAX_ITERATIONS, GRADIENT_TOLERANCE);
    }

    /** @param tolerance stop once the Riemannian gradient's norm is at most this (0: run every iteration) */
    public FitResult fit(Manifold manifold, long seed, int maxIterations, double tolerance) {
        if (!(manifold instanceof Stiefel || manifold instanceof Grassmann) || manifold.pointSize() != d * k) {
            throw new IllegalArgumentException("SubspaceProblem: expected stiefel(" + d + "," + k + ") or grassmann(" + d
                    + "," + k + "), got " + manifold.name());
        }
        Parameter u = ManifoldParameter.random(manifold, 1, new Rng(seed));
        RiemannianAdam adam = new RiemannianAdam(List.of(u), RiemannianAdam.Config.of(Adam.Config.adam(LEARNING_RATE)));
        Tensor x = Tensor.wrap(data, Shape.of(rows, d));
        return new RiemannianFit(maxIterations, tolerance, new LrSchedule.Cosine(1, 0)).minimize(u, adam, basis -> {
            Tensor xu = x.matmul(basis);
            return xu.mul(xu).sum().neg();
        });
    }

    /** {@code d}, the dimension of the data. */
    public int dimension() {
        return d;
    }

    /** {@code K}, the dimension of the subspace sought. */
    public int subspaceDimension() {
        return k;
    }
}
