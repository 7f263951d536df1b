package dev.residuum.autodiff;

import dev.residuum.tensor.Tensor;

/**
 * One recorded operation on the tape: the {@link Primitive} value that ran (what it saved, and
 * its derivatives), its inputs and its output. Created by {@link Graph#attach}; cleared when
 * {@link Graph#backward} has used it (the functional {@link Autodiff} calls keep it).
 */
public final class Node {
    Primitive primitive;
    Tensor output;
    Tensor[] inputs;
    int mark;
    /** The primitive's class once it is freed, for messages. */
    private Class<? extends Primitive> freed;

    Node(Primitive primitive, Tensor output, Tensor[] inputs) {
        this.primitive = primitive;
        this.output = output;
        this.inputs = inputs;
    }

    /** Drops the primitive and the tensors it reached (after backward has used them). */
    void free() {
        if (primitive != null) {
            freed = primitive.getClass();
        }
        primitive = null;
        inputs = null;
        output = null;
    }

    /** The primitive that produced the output, or null once the tape behind this node is freed. */
    public Primitive primitive() {
        return primitive;
    }

    /** The primitive's {@linkplain Primitive#name() name}, also once freed. */
    public String name() {
        return primitive != null ? primitive.name() : Primitive.name(freed);
    }

    /** Whether the tape behind this node has been freed by a backward pass. */
    public boolean isFreed() {
        return primitive == null;
    }
}
