package dev.residuum.dynamics;

import org.ejml.data.DMatrixRMaj;

/**
 * A graph Laplacian as a sparse operator over the graph's CSR storage: combinatorial D − W,
 * symmetric-normalised I − D^{-1/2}WD^{-1/2} or random-walk I − D^{-1}W, where D holds out-degrees.
 * Nodes without out-edges have a zero row in the normalised forms. Immutable.
 */
public final class Laplacian implements LinearOperator {
    private final WeightedGraph graph;
    private final LaplacianKind kind;
    private final double[] invSqrtDegree;

    /**
     * @throws IllegalArgumentException for {@link LaplacianKind#SYMMETRIC} on a directed graph
     */
    public Laplacian(WeightedGraph graph, LaplacianKind kind) {
        if (graph.directed() && kind == LaplacianKind.SYMMETRIC) {
            throw new IllegalArgumentException("the symmetric-normalised Laplacian needs an undirected graph; "
                    + "use combinatorial or rw with --directed");
        }
        this.graph = graph;
        this.kind = kind;
        double[] d = graph.outDegree();
        invSqrtDegree = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            invSqrtDegree[i] = d[i] > 0 ? 1 / Math.sqrt(d[i]) : 0;
        }
    }

    /** The graph this is the Laplacian of. */
    public WeightedGraph graph() {
        return graph;
    }

    /** Which normalisation: combinatorial, symmetric or random-walk. */
    public LaplacianKind kind() {
        return kind;
    }

    /** Number of nodes n. */
    public int size() {
        return graph.nodes();
    }

    /** Whether the matrix is symmetric (an undirected graph with the combinatorial or sym form). */
    public boolean symmetric() {
        return !graph.directed() && kind != LaplacianKind.RANDOM_WALK;
    }

    /** y = Lx. @param x length n (not modified) @param y length n (overwritten) */
    @Override
    public void apply(double[] x, double[] y) {
        apply(kind, x, y);
    }

    /**
     * y = Lx for the symmetric operator that has this Laplacian's spectrum when undirected: L itself, or the
     * sym form for rw (I − D^{-1}W = D^{-1/2}(I − D^{-1/2}WD^{-1/2})D^{1/2}).
     */
    LinearOperator symmetricForm() {
        if (graph.directed()) {
            throw new IllegalStateException("a directed Laplacian has no symmetric form");
        }
        LaplacianKind k = kind == LaplacianKind.RANDOM_WALK ? LaplacianKind.SYMMETRIC : kind;
        return (x, y) -> apply(k, x, y);
    }

    private void apply(LaplacianKind k, double[] x, double[] y) {
        int[] rs = graph.rowStart();
        int[] cs = graph.columns();
        double[] ws = graph.weights();
        double[] d = graph.outDegree();
        int n = d.length;
        switch (k) {
            case COMBINATORIAL -> {
                for (int i = 0; i < n; i++) {
                    double s = d[i] * x[i];
                    for (int p = rs[i]; p < rs[i + 1]; p++) {
                        s -= ws[p] * x[cs[p]];
                    }
                    y[i] = s;
                }
            }
            case SYMMETRIC, RANDOM_WALK -> {
                // D^-1/2 (D - W) D^-1/2 = I - D^-1/2 W D^-1/2, and D^-1 (D - W) = I - D^-1 W
                boolean symmetric = k == LaplacianKind.SYMMETRIC;
                for (int i = 0; i < n; i++) {
                    if (d[i] == 0) {
                        y[i] = 0;
                        continue;
                    }
                    double s = 0;
                    for (int p = rs[i]; p < rs[i + 1]; p++) {
                        s += symmetric ? ws[p] * x[cs[p]] * invSqrtDegree[cs[p]] : ws[p] * x[cs[p]];
                    }
                    y[i] = x[i] - (symmetric ? s * invSqrtDegree[i] : s / d[i]);
                }
            }
        }
    }

    /** The Laplacian as a dense n × n matrix (for small graphs). */
    public DMatrixRMaj dense() {
        return dense(kind);
    }

    /** The dense form of {@link #symmetricForm()}. */
    DMatrixRMaj denseSymmetricForm() {
        return dense(kind == LaplacianKind.RANDOM_WALK ? LaplacianKind.SYMMETRIC : kind);
    }

    private DMatrixRMaj dense(LaplacianKind k) {
        int n = size();
        if ((long) n * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a dense Laplacian of " + n + " nodes does not fit in memory; use Lanczos");
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        double[] e = new double[n];
        double[] col = new double[n];
        // Column by column through the sparse operator keeps one definition of each Laplacian.
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            apply(k, e, col);
            e[j] = 0;
            for (int i = 0; i < n; i++) {
                m.unsafe_set(i, j, col[i]);
            }
        }
        return m;
    }
}
