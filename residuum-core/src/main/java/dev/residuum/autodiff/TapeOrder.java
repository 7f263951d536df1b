package dev.residuum.autodiff;

import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * The order in which a reverse pass visits the tape ({@link Graph#backward}, the functional
 * passes), and how often each leaf is used on it (for {@link Graph.GradientReady}).
 */
final class TapeOrder {
    /** Stamp of the latest walk: a node whose mark equals it has been reached by that walk. */
    private static int epoch;

    private TapeOrder() {
    }

    /** For each leaf requiring a gradient, how many input slots of the tape's nodes hold it. */
    static IdentityHashMap<Tensor, int[]> leafUses(ArrayList<Node> order) {
        IdentityHashMap<Tensor, int[]> uses = new IdentityHashMap<>();
        for (Node node : order) {
            for (Tensor t : node.inputs) {
                if (t.gradFn() == null && t.requiresGrad()) {
                    uses.computeIfAbsent(t, k -> new int[1])[0]++;
                }
            }
        }
        return uses;
    }

    /** Nodes reachable from the roots, each after all nodes that feed it (iterative DFS). */
    static ArrayList<Node> of(Node... roots) {
        int stamp;
        synchronized (TapeOrder.class) {
            stamp = ++epoch;
        }
        ArrayList<Node> order = new ArrayList<>();
        Node[] stack = new Node[64];
        int[] next = new int[64];
        for (Node root : roots) {
            if (root.mark == stamp) {
                continue;
            }
            int top = 0;
            stack[0] = root;
            next[0] = 0;
            root.mark = stamp;
            while (top >= 0) {
                Node n = stack[top];
                Tensor[] in = n.inputs;
                if (next[top] < in.length) {
                    Node child = in[next[top]++].gradFn();
                    if (child != null && child.isFreed()) {
                        throw new IllegalStateException("backward: part of this graph (an output of " + child.name()
                                + ") was already freed by an earlier backward(); recompute the forward pass");
                    }
                    if (child != null && child.mark != stamp) {
                        child.mark = stamp;
                        if (++top == stack.length) {
                            stack = Arrays.copyOf(stack, top * 2);
                            next = Arrays.copyOf(next, top * 2);
                        }
                        stack[top] = child;
                        next[top] = 0;
                    }
                } else {
                    order.add(n);
                    top--;
                }
            }
        }
        return order;
    }
}
