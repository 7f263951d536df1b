package dev.residuum.spark;

import dev.residuum.data.Augmentation;
import java.io.Serializable;

/**
 * What every task of a run needs and no step changes, broadcast once per run (so a step's task
 * carries only two broadcast handles and its {@link StepPlan}, and the executor deserialises the
 * model factory, a lambda, once rather than with every task).
 *
 * @param run the run's key in the executors' {@link Replicas}
 * @param factory builds the executors' models
 * @param failures the injected failures (none outside tests)
 * @param padding the augmentation's padding ({@link Augmentation#padding()})
 * @param flip the augmentation's flip ({@link Augmentation#flip()})
 */
record TaskSetup(String run, ModelFactory factory, FailureInjection failures, int padding, boolean flip)
        implements Serializable {
    /** The augmentation these values describe. */
    Augmentation augmentation() {
        return new Augmentation(padding, flip);
    }
}
