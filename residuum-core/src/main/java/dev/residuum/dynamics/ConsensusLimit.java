package dev.residuum.dynamics;

import dev.residuum.kernel.Reductions;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Where consensus settles: for a stable step, x_k → Px₀ where P = R(WᵀR)⁻¹Wᵀ projects onto the null space of
 * L (right null vectors R) along the range (left null vectors W). The limit does not depend on ε. P commutes
 * with L, so {@code x − Px} is the disagreement at any step.
 *
 * <ul>
 *   <li>undirected, combinatorial: the average of x₀ over each component;</li>
 *   <li>undirected, rw: the degree-weighted average over each component;</li>
 *   <li>undirected, sym: x_∞ = q(qᵀx₀) with q ∝ √degree on each component (consensus of D^{-1/2}x);</li>
 *   <li>directed: dense null spaces by SVD; with one zero eigenvalue the limit is the consensus wᵀx₀ where w
 *       is the left Perron vector (wᵀL = 0, Σw = 1).</li>
 * </ul>
 */
public sealed interface ConsensusLimit permits ConsensusLimit.PerComponent, ConsensusLimit.Dense {

    /**
     * out = Px, the limit reached from x.
     *
     * @param x state, length n (not modified)
     * @param out limit, length n (overwritten; may not be x)
     */
    void project(double[] x, double[] out);

    /**
     * The consensus values reached from x: one per component (undirected; for sym, the common value of
     * D^{-1/2}x), the single value wᵀx (directed with one zero eigenvalue), or an empty array (directed with
     * several zero eigenvalues: the limit is not one consensus).
     */
    double[] values(double[] x);

    /** The limit of consensus on this Laplacian. Dense (n² memory) when the graph is directed. */
    static ConsensusLimit of(Laplacian laplacian) {
        WeightedGraph g = laplacian.graph();
        if (g.directed()) {
            return Dense.of(laplacian);
        }
        Components c = g.components();
        int n = g.nodes();
        double[] d = g.outDegree();
        double[] right = new double[n];
        double[] left = new double[n];
        double[] mass = new double[c.count()];
        for (int i = 0; i < n; i++) {
            boolean isolated = c.size()[c.label()[i]] == 1;
            switch (laplacian.kind()) {
                case COMBINATORIAL -> {
                    right[i] = 1;
                    left[i] = 1;
                }
                case RANDOM_WALK -> {
                    right[i] = 1;
                    left[i] = isolated ? 1 : d[i];
                }
                case SYMMETRIC -> {
                    right[i] = isolated ? 1 : Math.sqrt(d[i]);
                    left[i] = right[i];
                }
            }
            mass[c.label()[i]] += left[i] * right[i];
        }
        for (int i = 0; i < n; i++) {
            left[i] /= mass[c.label()[i]];
        }
        return new PerComponent(c.label(), c.count(), right, left);
    }

    /** Undirected: x_∞,i = right_i · Σ_{j in comp(i)} left_j x_j, with Σ left·right = 1 per component. */
    record PerComponent(int[] component, int count, double[] right, double[] left) implements ConsensusLimit {
        @Override
        public void project(double[] x, double[] out) {
            double[] v = values(x);
            for (int i = 0; i < x.length; i++) {
                out[i] = right[i] * v[component[i]];
            }
        }

        /** Compensated (Neumaier) sums: a plain sum over 10⁵ nodes errs by ~1e-12 and would floor the disagreement. */
        @Override
        public double[] values(double[] x) {
            double[] v = new double[count];
            double[] carry = new double[count];
            for (int i = 0; i < x.length; i++) {
                int c = component[i];
                double term = left[i] * x[i];
                double t = v[c] + term;
                carry[c] += Math.abs(v[c]) >= Math.abs(term) ? (v[c] - t) + term : (term - t) + v[c];
                v[c] = t;
            }
            for (int c = 0; c < count; c++) {
                v[c] += carry[c];
            }
            return v;
        }
    }

    /** Directed: the dense projector P, and w when the null space is one-dimensional. */
    record Dense(DMatrixRMaj projector, double[] perron) implements ConsensusLimit {
        static Dense of(Laplacian laplacian) {
            DMatrixRMaj l = laplacian.dense();
            int n = l.numRows;
            DMatrixRMaj r = nullSpace(l);
            DMatrixRMaj lt = CommonOps_DDRM.transpose(l, null);
            DMatrixRMaj w = nullSpace(lt);
            if (r.numCols != w.numCols) {
                throw new IllegalStateException("left and right null spaces differ in dimension: " + w.numCols + " vs " + r.numCols);
            }
            DMatrixRMaj wtr = new DMatrixRMaj(w.numCols, r.numCols);
            CommonOps_DDRM.multTransA(w, r, wtr);
            if (!CommonOps_DDRM.invert(wtr)) {
                throw new IllegalStateException("WᵀR is singular: the zero eigenvalue is not semisimple");
            }
            DMatrixRMaj tmp = new DMatrixRMaj(n, w.numCols);
            CommonOps_DDRM.mult(r, wtr, tmp);
            DMatrixRMaj p = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransB(tmp, w, p);
            double[] perron = null;
            if (w.numCols == 1) {
                perron = new double[n];
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += w.get(i, 0);
                }
                for (int i = 0; i < n; i++) {
                    perron[i] = w.get(i, 0) / sum;
                }
            }
            return new Dense(p, perron);
        }

        private static DMatrixRMaj nullSpace(DMatrixRMaj a) {
            SingularValueDecomposition_F64<DMatrixRMaj> svd =
                    DecompositionFactory_DDRM.svd(a.numRows, a.numCols, false, true, false);
            if (!svd.decompose(a.copy())) {
                throw new IllegalStateException("EJML SVD failed");
            }
            double max = 0;
            for (double s : svd.getSingularValues()) {
                max = Math.max(max, s);
            }
            return SingularOps_DDRM.nullSpace(svd, null, 1e-9 * max);
        }

        @Override
        public void project(double[] x, double[] out) {
            int n = x.length;
            double[] p = projector.data;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += p[i * n + j] * x[j];
                }
                out[i] = s;
            }
        }

        @Override
        public double[] values(double[] x) {
            if (perron == null) {
                return new double[0];
            }
            return new double[] {Reductions.dot(perron, x)};
        }
    }
}
