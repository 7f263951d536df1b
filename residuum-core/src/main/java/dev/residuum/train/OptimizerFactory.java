package dev.residuum.train;

import dev.residuum.nn.Parameter;
import dev.residuum.optim.Adagrad;
import dev.residuum.optim.Adam;
import dev.residuum.optim.Optimizer;
import dev.residuum.optim.Sgd;
import java.util.List;
import java.util.Objects;

/**
 * Makes a fresh optimizer over a model's parameters, so that one {@link TrainerConfig} can fit
 * many models (a Δ-model and its direct twin, every point of a learning curve). Its initial
 * learning rate is the base rate of the trainer's schedule.
 */
@FunctionalInterface
public interface OptimizerFactory {
    /** A new optimizer over {@code parameters} (not modified). */
    Optimizer create(List<Parameter> parameters);

    /** Adam or AdamW with the given hyper-parameters. */
    static OptimizerFactory adam(Adam.Config config) {
        Objects.requireNonNull(config, "config");
        return parameters -> new Adam(parameters, config);
    }

    /** Adagrad with the given hyper-parameters. */
    static OptimizerFactory adagrad(Adagrad.Config config) {
        Objects.requireNonNull(config, "config");
        return parameters -> new Adagrad(parameters, config);
    }

    /** SGD with the given hyper-parameters. */
    static OptimizerFactory sgd(Sgd.Config config) {
        Objects.requireNonNull(config, "config");
        return parameters -> new Sgd(parameters, config);
    }
}
