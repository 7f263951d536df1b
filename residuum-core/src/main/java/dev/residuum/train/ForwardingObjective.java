package dev.residuum.train;

import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Workspace;
import java.util.List;
import java.util.Objects;

/**
 * An {@link Objective} that passes every call to another, for wrappers that change one part of
 * an objective and keep the rest: a penalty added to the loss, a check on which thread runs it.
 * A subclass overrides what it changes; everything else, {@link #slice micro-batching} and
 * {@link #slicesRunConcurrently} included, stays the delegate's, so a wrapper never loses a
 * capability of what it wraps by forgetting a method.
 *
 * @param <B> the batch type of the delegate
 */
public abstract class ForwardingObjective<B extends Batch> implements Objective<B> {
    /** The objective every call not overridden goes to. */
    protected final Objective<B> delegate;

    /** @param delegate the objective wrapped; not copied */
    protected ForwardingObjective(Objective<B> delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public Module model() {
        return delegate.model();
    }

    @Override
    public List<Parameter> parameters() {
        return delegate.parameters();
    }

    @Override
    public Batches<B> batches(int[] order, int batchSize, int firstBatch, long rngState) {
        return delegate.batches(order, batchSize, firstBatch, rngState);
    }

    @Override
    public B slice(B batch, int from, int to) {
        return delegate.slice(batch, from, to);
    }

    @Override
    public boolean slicesRunConcurrently() {
        return delegate.slicesRunConcurrently();
    }

    @Override
    public BatchLoss loss(B batch) {
        return delegate.loss(batch);
    }

    @Override
    public Evaluation evaluate(Workspace workspace) {
        return delegate.evaluate(workspace);
    }
}
