package dev.residuum.dynamics;

/**
 * The null space of an undirected graph's symmetric-form Laplacian, which is known exactly: one unit vector
 * per connected component, supported on that component — constant for the combinatorial Laplacian,
 * proportional to √degree for the normalised ones (an isolated node is its own component with vector e_i).
 * Because the supports are disjoint, projecting a vector onto its complement costs O(n).
 *
 * @param component the component of each node
 * @param basis entry i of the unit null vector of node i's component
 * @param dimension the number of connected components
 */
record NullSpace(int[] component, double[] basis, int dimension) {
    /** The null space of {@code laplacian.symmetricForm()}; the graph must be undirected. */
    static NullSpace of(Laplacian laplacian) {
        WeightedGraph g = laplacian.graph();
        if (g.directed()) {
            throw new IllegalStateException("the component null space is for undirected graphs");
        }
        Components c = g.components();
        int n = g.nodes();
        boolean byDegree = laplacian.kind() != LaplacianKind.COMBINATORIAL;
        double[] d = g.outDegree();
        double[] norm2 = new double[c.count()];
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = byDegree && c.size()[c.label()[i]] > 1 ? Math.sqrt(d[i]) : 1.0;
            norm2[c.label()[i]] += q[i] * q[i];
        }
        for (int i = 0; i < n; i++) {
            q[i] /= Math.sqrt(norm2[c.label()[i]]);
        }
        return new NullSpace(c.label(), q, c.count());
    }

    /** x ← x − QQᵀx: removes the null-space part. @param x length n (modified) */
    void projectOut(double[] x) {
        double[] dot = new double[dimension];
        for (int i = 0; i < x.length; i++) {
            dot[component[i]] += basis[i] * x[i];
        }
        for (int i = 0; i < x.length; i++) {
            x[i] -= basis[i] * dot[component[i]];
        }
    }
}
