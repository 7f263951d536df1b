package dev.residuum.spark;

import java.io.Serializable;

/**
 * Makes chosen task attempts fail after computing, to show that Spark's retry of a task gives the
 * same step (the tests of fault tolerance use it; training itself injects nothing).
 */
@FunctionalInterface
public interface FailureInjection extends Serializable {
    /** No failures. */
    FailureInjection NONE = (version, part, attempt) -> false;

    /** Whether attempt {@code attempt} (0 first) of partition {@code part}'s task at step {@code version} fails. */
    boolean fails(long version, int part, int attempt);
}
