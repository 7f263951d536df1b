package dev.residuum.autodiff;

import dev.residuum.tensor.Tensor;

/**
 * One recorded operation on the tape: which primitive ran, on which inputs, how to send the
 * gradient back (its {@link Backward vector–Jacobian product}) and how to push a tangent forward
 * (its {@link Jvp Jacobian–vector product}). Created by {@link Graph#attach}; cleared when
 * {@link Graph#backward} has used it (the functional {@link Autodiff} calls keep it).
 */
public final class Node {
    private final Op op;
    Tensor output;
    Tensor[] inputs;
    Backward backward;
    Jvp jvp;
    int mark;

    Node(Op op, Tensor output, Tensor[] inputs, Backward backward, Jvp jvp) {
        this.op = op;
        this.output = output;
        this.inputs = inputs;
        this.backward = backward;
        this.jvp = jvp;
    }

    /** The primitive that produced the output. */
    public Op op() {
        return op;
    }

    /** Whether the tape behind this node has been freed by a backward pass. */
    public boolean isFreed() {
        return backward == null;
    }

    void free() {
        inputs = null;
        backward = null;
        jvp = null;
        output = null;
    }
}
