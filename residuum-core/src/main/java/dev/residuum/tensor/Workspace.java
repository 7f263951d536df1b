package dev.residuum.tensor;

import dev.residuum.kernel.BufferPool;
import java.util.ArrayList;

/**
 * Reuses the buffers of a training step. While a scope of a workspace is open on a thread,
 * every tensor that an operation creates on that thread (outputs, intermediate gradients) takes
 * its {@code float[]} from the workspace's free lists; when the scope closes, those buffers go
 * back and the tensors are released (reading one afterwards is an error that says so). Steady
 * training then allocates no float arrays at all.
 *
 * <pre>{@code
 * Workspace workspace = new Workspace();
 * for (int step = 0; step < steps; step++) {
 *     try (Workspace.Scope scope = workspace.enter()) {
 *         Tensor loss = model.forward(x, true).mse(y);
 *         loss.backward();
 *         lastLoss = loss.item();          // read values inside the scope
 *     }
 *     optimizer.step();                    // parameters and their gradients never live in a scope
 * }
 * }</pre>
 *
 * Leaf tensors' gradients (parameters, inputs marked {@code requiresGrad}) are never taken from
 * a workspace. A workspace belongs to one thread at a time; scopes nest.
 */
public final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = new ThreadLocal<>();

    private final BufferPool pool = new BufferPool();
    private final ArrayList<Tensor> owned = new ArrayList<>();
    private int depth;
    private final Scope scope = new Scope();

    /** An open scope; closing it releases what was allocated since {@link #enter()}. */
    public final class Scope implements AutoCloseable {
        private Workspace previous;
        private int mark;

        private Scope() {
        }

        @Override
        public void close() {
            for (int i = owned.size() - 1; i >= mark; i--) {
                float[] buffer = owned.get(i).release();
                if (buffer != null) {
                    pool.giveBack(buffer);
                }
                owned.remove(i);
            }
            depth--;
            CURRENT.set(previous);
        }
    }

    /**
     * Opens a scope on the calling thread. Only one scope of a workspace may be open at a time
     * (nested scopes of different workspaces are allowed).
     *
     * @throws IllegalStateException if a scope of this workspace is already open
     */
    public Scope enter() {
        if (depth > 0) {
            throw new IllegalStateException("Workspace.enter: a scope of this workspace is already open;"
                    + " close it first (use try-with-resources)");
        }
        depth++;
        scope.previous = CURRENT.get();
        scope.mark = owned.size();
        CURRENT.set(this);
        return scope;
    }

    /** The workspace whose scope is open on this thread, or null. */
    static Workspace current() {
        return CURRENT.get();
    }

    /** A buffer of exactly {@code n} floats with unspecified contents, owned by {@code t}'s scope. */
    float[] take(int n) {
        return pool.take(n);
    }

    void giveBack(float[] buffer) {
        pool.giveBack(buffer);
    }

    void own(Tensor t) {
        owned.add(t);
    }
}
