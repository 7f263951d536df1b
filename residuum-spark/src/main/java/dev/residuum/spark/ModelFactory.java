package dev.residuum.spark;

import dev.residuum.nn.Module;
import java.io.Serializable;

/**
 * Builds a model on an executor: the same architecture as the driver's (parameters and buffers
 * in the same order, same shapes); its initial values do not matter, every step loads the
 * broadcast {@link Weights}. Written as a lambda over serializable values, e.g.
 * {@code () -> new CifarResNet(CifarResNet.Config.of(name), new Rng(0))}.
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {
    /** A new model of the driver's architecture. */
    Module create();
}
