package dev.residuum.autodiff;

import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;

/**
 * The two walks over a recorded tape behind {@link Autodiff}: the functional reverse pass
 * (vector–Jacobian products into a {@link GradientSink}, never into {@code .grad}) and forward
 * mode (each node's {@link Primitive#jvp} in recording order). Both leave the tape as it is.
 */
final class FunctionalPasses {
    private FunctionalPasses() {
    }

    /**
     * The functional reverse pass behind {@link Autodiff#vjp}: {@code sum_i cotangents[i]^T
     * d outputs[i] / d inputs[k]} for each input, from the tape, without writing any tensor's
     * {@code .grad} and without freeing the tape (so it can run again, and so can a later
     * {@code backward()}). Only nodes on a path from an input to an output run.
     *
     * @return one gradient per input, of its shape (zeros where no output depends on it)
     */
    static Tensor[] reverse(Tensor[] outputs, Tensor[] cotangents, Tensor[] inputs) {
        return reverse(outputs, cotangents, inputs, null);
    }

    /**
     * {@link #reverse(Tensor[], Tensor[], Tensor[])} with input {@code k}'s gradient written into
     * {@code into[k]} when {@code into} is not null: then the result holds {@code into[k]}, or null
     * where no output depends on input k (and {@code into[k]} is left as it was).
     */
    static Tensor[] reverse(Tensor[] outputs, Tensor[] cotangents, Tensor[] inputs, Tensor[] into) {
        ArrayList<Node> order = TapeOrder.of(roots(outputs));
        GradientSink sink = new GradientSink(order.size() + inputs.length, into == null ? 0 : inputs.length);
        IdentityHashMap<Tensor, Boolean> results = new IdentityHashMap<>(inputs.length);
        for (int k = 0; k < inputs.length; k++) {
            Tensor x = inputs[k];
            sink.want(x);
            results.put(x, Boolean.TRUE);
            if (into != null) {
                sink.provide(x, into[k]);
            }
        }
        ArrayList<Node> onPath = new ArrayList<>(); // the nodes with an input that needs a gradient
        for (Node node : order) { // forward order: an output is wanted when an input of its node is
            for (Tensor in : node.inputs) {
                if (sink.wants(in)) { // a wanted tensor requires a gradient: an input (checked) or an output
                    sink.want(node.output);
                    onPath.add(node);
                    break;
                }
            }
        }
        Graph.beginFunctional(sink);
        try {
            for (int i = 0; i < outputs.length; i++) {
                float[] g = Graph.gradBuffer(outputs[i]);
                if (g != null) {
                    float[] u = cotangents[i].data();
                    for (int j = 0; j < g.length; j++) {
                        g[j] += u[j];
                    }
                }
            }
            for (int i = onPath.size() - 1; i >= 0; i--) {
                Node node = onPath.get(i);
                Tensor out = node.output;
                Tensor gradOut = sink.get(out);
                if (gradOut == null) {
                    continue;
                }
                node.primitive.vjp(gradOut);
                if (Graph.anomaly()) {
                    Graph.checkBackward(node);
                }
                if (!results.containsKey(out)) {
                    sink.remove(out);
                    gradOut.recycle();
                }
            }
        } finally {
            Graph.endFunctional();
        }
        Tensor[] grads = new Tensor[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            Tensor g = sink.get(inputs[k]);
            if (into != null) {
                grads[k] = g; // null: not reached, into[k] untouched
            } else {
                grads[k] = g != null ? g : Tensor.zeros(inputs[k].shape());
            }
        }
        return grads;
    }

    /**
     * Forward mode over the tape behind {@link Autodiff#jvp}: pushes {@code tangents} of
     * {@code inputs} through every recorded node between them and {@code outputs}, in recording
     * order, each node by its own {@link Primitive#jvp}. Under no-grad; the tape is kept.
     *
     * @return one tangent per output, of its shape (zeros where it does not depend on the inputs)
     */
    static Tensor[] forward(Tensor[] outputs, Tensor[] inputs, Tensor[] tangents) {
        IdentityHashMap<Tensor, Tensor> tangent = new IdentityHashMap<>();
        for (int k = 0; k < inputs.length; k++) {
            tangent.merge(inputs[k], tangents[k], (a, b) -> {
                throw new IllegalArgumentException("jvp: the same tensor is given twice as an input");
            });
        }
        ArrayList<Node> order = TapeOrder.of(roots(outputs));
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            for (Node node : order) {
                if (tangent.containsKey(node.output)) { // a requested input computed upstream: its tangent is given
                    continue;
                }
                Tensor[] in = node.inputs;
                Tensor[] t = new Tensor[in.length];
                boolean any = false;
                for (int k = 0; k < in.length; k++) {
                    t[k] = tangent.get(in[k]);
                    any |= t[k] != null;
                }
                if (!any) {
                    continue;
                }
                Tensor dy = node.primitive.jvp(t);
                if (!dy.shape().equals(node.output.shape())) {
                    throw new IllegalStateException("jvp of " + node.name() + " returned a tangent of shape " + dy.shape()
                            + " for an output of shape " + node.output.shape());
                }
                tangent.put(node.output, dy);
            }
            Tensor[] result = new Tensor[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                Tensor t = tangent.get(outputs[i]);
                result[i] = t != null ? t : Tensor.zeros(outputs[i].shape());
            }
            return result;
        }
    }

    private static Node[] roots(Tensor[] outputs) {
        ArrayList<Node> roots = new ArrayList<>();
        for (Tensor y : outputs) {
            Node n = y.gradFn();
            if (n != null) {
                if (n.isFreed()) {
                    throw new IllegalStateException("the graph behind an output " + y.shape() + " was already freed by"
                            + " backward(); recompute the forward pass (or take derivatives before backward)");
                }
                roots.add(n);
            }
        }
        return roots.toArray(new Node[0]);
    }
}
