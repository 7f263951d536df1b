package dev.residuum.dynamics;

import java.util.Arrays;

/**
 * Weakly connected components of a graph (edge directions ignored).
 *
 * @param count number of components (an isolated node is one)
 * @param label component of each node, in [0, count), length n; numbered in order of first node
 * @param size nodes per component, length count
 */
public record Components(int count, int[] label, int[] size) {

    /** Finds the components by breadth-first search over the CSR rows and, when directed, their reverse. */
    static Components of(WeightedGraph g) {
        int n = g.nodes();
        int[] rs = g.rowStart();
        int[] cs = g.columns();
        int[] inStart = null;
        int[] inCol = null;
        if (g.directed()) {
            inStart = new int[n + 1];
            for (int c : cs) {
                inStart[c + 1]++;
            }
            for (int i = 0; i < n; i++) {
                inStart[i + 1] += inStart[i];
            }
            inCol = new int[cs.length];
            int[] fill = Arrays.copyOf(inStart, n);
            for (int i = 0; i < n; i++) {
                for (int p = rs[i]; p < rs[i + 1]; p++) {
                    inCol[fill[cs[p]]++] = i;
                }
            }
        }
        int[] label = new int[n];
        Arrays.fill(label, -1);
        int[] queue = new int[n];
        int count = 0;
        int[] size = new int[n];
        for (int s = 0; s < n; s++) {
            if (label[s] >= 0) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = s;
            label[s] = count;
            while (head < tail) {
                int u = queue[head++];
                for (int p = rs[u]; p < rs[u + 1]; p++) {
                    if (label[cs[p]] < 0) {
                        label[cs[p]] = count;
                        queue[tail++] = cs[p];
                    }
                }
                if (inStart != null) {
                    for (int p = inStart[u]; p < inStart[u + 1]; p++) {
                        if (label[inCol[p]] < 0) {
                            label[inCol[p]] = count;
                            queue[tail++] = inCol[p];
                        }
                    }
                }
            }
            size[count++] = tail;
        }
        return new Components(count, label, Arrays.copyOf(size, count));
    }
}
