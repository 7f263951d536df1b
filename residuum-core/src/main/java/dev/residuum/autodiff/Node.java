package dev.residuum.autodiff;

import dev.residuum.tensor.Tensor;

/**
 * One recorded operation on the tape: which primitive ran, on which inputs, how to send the
 * gradient back. Created by {@link Graph#attach}; cleared when backward has used it.
 */
public final class Node {
    private final Op op;
    Tensor output;
    Tensor[] inputs;
    Backward backward;
    int mark;

    Node(Op op, Tensor output, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.output = output;
        this.inputs = inputs;
        this.backward = backward;
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
        output = null;
    }
}
