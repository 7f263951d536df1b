package dev.residuum.autodiff;

import dev.residuum.tensor.Tensor;

/**
 * One recorded operation on the tape: the {@link Primitive} value that ran (what it saved, and
 * its derivatives), its inputs and its output. Created by {@link Graph#attach}; cleared when
 * {@link Graph#backward} has used it (the functional {@link Autodiff} calls keep it).
 */
public final class Node {
    private final Class<? extends Primitive> kind;
    Primitive primitive;
    Tensor output;
    Tensor[] inputs;
    int mark;

    Node(Primitive primitive, Tensor output, Tensor[] inputs) {
        this.kind = primitive.getClass();
        this.primitive = primitive;
        this.output = output;
        this.inputs = inputs;
    }

    /** The primitive that produced the output, or null once the tape behind this node is freed. */
    public Primitive primitive() {
        return primitive;
    }

    /** The primitive's {@linkplain Primitive#name() name}, also once freed. */
    public String name() {
        return Primitive.name(kind);
    }

    /** Whether the tape behind this node has been freed by a backward pass. */
    public boolean isFreed() {
        return primitive == null;
    }

    void free() {
        primitive = null;
        inputs = null;
        output = null;
    }
}
