package dev.residuum.dynamics;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/** Graphs with known structure for the tests: path, cycle, complete, star and seeded random G(n, m). */
final class TestGraphs {
    private TestGraphs() {
    }

    static String[] labels(int n) {
        String[] l = new String[n];
        for (int i = 0; i < n; i++) {
            l[i] = Integer.toString(i);
        }
        return l;
    }

    static WeightedGraph path(int n) {
        int[] u = new int[n - 1];
        int[] v = new int[n - 1];
        for (int i = 0; i < n - 1; i++) {
            u[i] = i;
            v[i] = i + 1;
        }
        return WeightedGraph.fromEdges(labels(n), u, v, null, false);
    }

    static WeightedGraph cycle(int n) {
        int[] u = new int[n];
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            u[i] = i;
            v[i] = (i + 1) % n;
        }
        return WeightedGraph.fromEdges(labels(n), u, v, null, false);
    }

    static WeightedGraph complete(int n) {
        int m = n * (n - 1) / 2;
        int[] u = new int[m];
        int[] v = new int[m];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                u[e] = i;
                v[e++] = j;
            }
        }
        return WeightedGraph.fromEdges(labels(n), u, v, null, false);
    }

    /** Star on n nodes: node 0 is the centre. */
    static WeightedGraph star(int n) {
        int[] u = new int[n - 1];
        int[] v = new int[n - 1];
        for (int i = 1; i < n; i++) {
            u[i - 1] = 0;
            v[i - 1] = i;
        }
        return WeightedGraph.fromEdges(labels(n), u, v, null, false);
    }

    /** Uniform random graph with exactly m distinct undirected edges (seeded); weights in [0.5, 1.5) if weighted. */
    static WeightedGraph random(int n, int m, long seed, boolean weighted) {
        SplittableRandom rng = new SplittableRandom(seed);
        Set<Long> seen = new HashSet<>(2 * m);
        int[] u = new int[m];
        int[] v = new int[m];
        double[] w = weighted ? new double[m] : null;
        int e = 0;
        while (e < m) {
            int a = rng.nextInt(n);
            int b = rng.nextInt(n);
            if (a == b) {
                continue;
            }
            long key = (long) Math.min(a, b) * n + Math.max(a, b);
            if (seen.add(key)) {
                u[e] = a;
                v[e] = b;
                if (w != null) {
                    w[e] = 0.5 + rng.nextDouble();
                }
                e++;
            }
        }
        return WeightedGraph.fromEdges(labels(n), u, v, w, false);
    }
}
