package dev.residuum.dynamics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.LUDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Stubborn agents (Friedkin–Johnsen): {@code x_{k+1} = Λ(x_k − εLx_k) + (I − Λ)x₀}, where Λ = diag(λ_i),
 * λ_i ∈ [0, 1] the susceptibility of agent i (1 = follows the neighbours only, 0 = never moves from its
 * prejudice x₀). When the iteration matrix Λ(I − εL) has spectral radius below 1 the opinions settle at
 * the closed-form equilibrium x* = (I − Λ(I − εL))⁻¹(I − Λ)x₀ (solved densely with EJML's LU).
 */
public final class FriedkinJohnsen {
    /** Largest network whose equilibrium is solved densely. */
    public static final int DENSE_MAX = 6000;

    private final Laplacian laplacian;
    private final double[] susceptibility;
    private final double eps;

    /**
     * @param laplacian L
     * @param susceptibility λ_i ∈ [0, 1], length n (copied)
     * @param eps step ε > 0
     */
    public FriedkinJohnsen(Laplacian laplacian, double[] susceptibility, double eps) {
        int n = laplacian.size();
        if (susceptibility.length != n) {
            throw new IllegalArgumentException("Friedkin–Johnsen: susceptibility has length " + susceptibility.length
                    + ", expected one per node (" + n + ")");
        }
        for (int i = 0; i < n; i++) {
            if (!(susceptibility[i] >= 0 && susceptibility[i] <= 1)) {
                throw new IllegalArgumentException("Friedkin–Johnsen: susceptibility of node '" + laplacian.graph().label(i)
                        + "' is " + susceptibility[i] + ", expected a value in [0, 1]");
            }
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("Friedkin–Johnsen: eps must be a positive number, got " + eps);
        }
        this.laplacian = laplacian;
        this.susceptibility = susceptibility.clone();
        this.eps = eps;
    }

    /**
     * One step from x towards prejudice x0.
     *
     * @param x current opinions, length n (not modified)
     * @param x0 prejudices, length n (not modified)
     * @param out next opinions, length n (overwritten; may not alias x)
     */
    public void step(double[] x, double[] x0, double[] out) {
        laplacian.apply(x, out);
        for (int i = 0; i < x.length; i++) {
            out[i] = susceptibility[i] * (x[i] - eps * out[i]) + (1 - susceptibility[i]) * x0[i];
        }
    }

    /** Opinions after {@code steps} steps from x0. @param x0 length n (not modified) */
    public double[] simulate(double[] x0, int steps) {
        double[] x = x0.clone();
        double[] next = new double[x.length];
        for (int k = 0; k < steps; k++) {
            step(x, x0, next);
            double[] t = x;
            x = next;
            next = t;
        }
        return x;
    }

    /**
     * The closed-form equilibrium x* = (I − Λ(I − εL))⁻¹(I − Λ)x₀.
     *
     * @param x0 prejudices, length n (not modified)
     * @throws IllegalArgumentException when I − Λ(I − εL) is singular (a component with no stubborn agent and
     *     no way to forget: its equilibrium depends on the path, not only on x₀) or n > {@link #DENSE_MAX}
     */
    public double[] equilibrium(double[] x0) {
        int n = laplacian.size();
        if (n > DENSE_MAX) {
            throw new IllegalArgumentException("Friedkin–Johnsen equilibrium is solved densely up to " + DENSE_MAX
                    + " nodes, got " + n + "; use simulate()");
        }
        DMatrixRMaj m = laplacian.dense();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double iMinusEpsL = (i == j ? 1 : 0) - eps * m.unsafe_get(i, j);
                m.unsafe_set(i, j, (i == j ? 1 : 0) - susceptibility[i] * iMinusEpsL);
            }
        }
        DMatrixRMaj b = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            b.data[i] = (1 - susceptibility[i]) * x0[i];
        }
        LUDecomposition_F64<DMatrixRMaj> lu = DecompositionFactory_DDRM.lu(n, n);
        if (!lu.decompose(m.copy()) || !wellConditionedPivots(lu.getUpper(null))) {
            throw new IllegalArgumentException("Friedkin–Johnsen: I − Λ(I − εL) is singular: some connected group has no"
                    + " stubborn agent (susceptibility < 1), so it has no unique equilibrium");
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(n);
        solver.setA(m);
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        solver.solve(b, x);
        return x.data;
    }

    /** False when the smallest |U_ii| is below 1e-12 of the largest (numerically singular). */
    private static boolean wellConditionedPivots(DMatrixRMaj u) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < u.numRows; i++) {
            double d = Math.abs(u.get(i, i));
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        return min > 1e-12 * max;
    }
}
