package dev.residuum.dynamics;

import java.util.Arrays;
import java.util.Objects;

/**
 * A weighted graph on nodes {@code 0..n-1} (with a label per node) stored as compressed sparse rows
 * (CSR): the out-neighbours of node {@code i} are {@code col[rowStart[i] .. rowStart[i+1])} with
 * weights {@code weight[...]}, sorted by column. An undirected edge is stored in both rows. No
 * self-loops, every weight finite and positive. Immutable: the accessors return the internal arrays
 * for speed, and callers must not modify them.
 */
public final class WeightedGraph {
    private final String[] labels;
    private final boolean directed;
    private final int[] rowStart;
    private final int[] col;
    private final double[] weight;
    private final double[] outDegree;
    private final long edges;

    private WeightedGraph(String[] labels, boolean directed, int[] rowStart, int[] col, double[] weight, long edges) {
        this.labels = labels;
        this.directed = directed;
        this.rowStart = rowStart;
        this.col = col;
        this.weight = weight;
        this.edges = edges;
        this.outDegree = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            double s = 0;
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                s += weight[p];
            }
            outDegree[i] = s;
        }
    }

    /**
     * Builds a graph from an edge list. Duplicate edges (the same ordered pair when directed, the same
     * unordered pair when undirected) are merged when their weights are equal and rejected otherwise.
     *
     * @param labels node labels, length n ≥ 1 (not modified; copied)
     * @param source edge sources, values in [0, n), length m (not modified)
     * @param target edge targets, length m (not modified)
     * @param weights edge weights, length m, finite and positive; {@code null} for all ones (not modified)
     * @param directed whether {@code source → target} is one-way
     * @throws IllegalArgumentException on a self-loop, a weight ≤ 0 or not finite, conflicting duplicates,
     *     an index out of range, or no edge at all
     */
    public static WeightedGraph fromEdges(String[] labels, int[] source, int[] target, double[] weights, boolean directed) {
        Objects.requireNonNull(labels, "labels");
        int n = labels.length;
        int m = source.length;
        if (target.length != m || (weights != null && weights.length != m)) {
            throw new IllegalArgumentException("graph: source, target and weights must have one entry per edge, got "
                    + m + ", " + target.length + ", " + (weights == null ? "null" : weights.length));
        }
        if (n == 0 || m == 0) {
            throw new IllegalArgumentException("graph: expected at least one edge, got " + m + " edges on " + n + " nodes");
        }
        int[] count = new int[n + 1];
        for (int e = 0; e < m; e++) {
            int u = source[e];
            int v = target[e];
            if (u < 0 || u >= n || v < 0 || v >= n) {
                throw new IllegalArgumentException("graph: edge " + e + " joins nodes " + u + " and " + v
                        + ", expected indices in [0, " + n + ")");
            }
            if (u == v) {
                throw new IllegalArgumentException("graph: self-loop at node '" + labels[u]
                        + "' (a Laplacian ignores it and consensus has no use for it); remove that edge");
            }
            double w = weights == null ? 1.0 : weights[e];
            if (!(w > 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("graph: edge '" + labels[u] + "'–'" + labels[v] + "' has weight " + w
                        + ", expected a finite positive weight (a Laplacian with negative weights is not a consensus operator)");
            }
            count[u + 1]++;
            if (!directed) {
                count[v + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            count[i + 1] += count[i];
        }
        int nnz = count[n];
        int[] fill = Arrays.copyOf(count, n);
        int[] cols = new int[nnz];
        double[] ws = new double[nnz];
        for (int e = 0; e < m; e++) {
            double w = weights == null ? 1.0 : weights[e];
            int p = fill[source[e]]++;
            cols[p] = target[e];
            ws[p] = w;
            if (!directed) {
                int q = fill[target[e]]++;
                cols[q] = source[e];
                ws[q] = w;
            }
        }
        return mergeDuplicates(labels.clone(), directed, count, cols, ws);
    }

    /** Sorts each row by column and merges equal duplicates; the arrays are the raw CSR (modified). */
    private static WeightedGraph mergeDuplicates(String[] labels, boolean directed, int[] rowStart, int[] cols, double[] ws) {
        int n = labels.length;
        int[] outStart = new int[n + 1];
        int out = 0;
        long stored = 0;
        for (int i = 0; i < n; i++) {
            int start = rowStart[i];
            int len = rowStart[i + 1] - start;
            long[] keys = new long[len];
            for (int k = 0; k < len; k++) {
                keys[k] = ((long) cols[start + k] << 32) | k;
            }
            Arrays.sort(keys);
            int[] c = new int[len];
            double[] w = new double[len];
            for (int k = 0; k < len; k++) {
                c[k] = (int) (keys[k] >>> 32);
                w[k] = ws[start + (int) (keys[k] & 0xffffffffL)];
            }
            outStart[i] = out;
            for (int k = 0; k < len; k++) {
                if (k > 0 && c[k] == c[k - 1]) {
                    if (w[k] != w[k - 1]) {
                        throw new IllegalArgumentException("graph: edge '" + labels[i] + "'–'" + labels[c[k]]
                                + "' is listed twice with different weights (" + w[k - 1] + " and " + w[k]
                                + "); keep one line per edge" + (directed ? "" : " (undirected: u,v and v,u are the same edge)"));
                    }
                    continue;
                }
                cols[out] = c[k];
                ws[out] = w[k];
                out++;
            }
            stored += out - outStart[i];
        }
        outStart[n] = out;
        long edges = directed ? stored : stored / 2;
        return new WeightedGraph(labels, directed, outStart, Arrays.copyOf(cols, out), Arrays.copyOf(ws, out), edges);
    }

    /** Number of nodes n. */
    public int nodes() {
        return labels.length;
    }

    /** Number of distinct edges (an undirected edge counts once). */
    public long edges() {
        return edges;
    }

    /** Whether edges are one-way. */
    public boolean directed() {
        return directed;
    }

    /** Label of node {@code i}. */
    public String label(int i) {
        return labels[i];
    }

    /** CSR row offsets, length n + 1. Not to be modified. */
    public int[] rowStart() {
        return rowStart;
    }

    /** CSR column indices, length {@code rowStart[n]}. Not to be modified. */
    public int[] columns() {
        return col;
    }

    /** CSR weights, parallel to {@link #columns()}. Not to be modified. */
    public double[] weights() {
        return weight;
    }

    /** Weighted out-degree of each node (the degree when undirected), length n. Not to be modified. */
    public double[] outDegree() {
        return outDegree;
    }

    /** Weakly connected components: {@code label[i]} in [0, count). */
    public Components components() {
        return Components.of(this);
    }

    @Override
    public String toString() {
        return (directed ? "directed" : "undirected") + " graph, " + nodes() + " nodes, " + edges + " edges";
    }
}
