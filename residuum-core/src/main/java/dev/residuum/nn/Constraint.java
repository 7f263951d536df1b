package dev.residuum.nn;

/**
 * The set a {@link Parameter}'s values must stay in, such as a manifold of
 * {@code dev.residuum.manifold}. This package knows only its name: optimizers that honour the
 * set (the Riemannian ones) live in the layers above, and optimizers that do not
 * ({@code Sgd}, {@code Adam}) refuse a constrained parameter rather than step off the set.
 */
public interface Constraint {
    /** The set with its dimensions, for example {@code stiefel(256,64)}; checkpoints record it. */
    String name();
}
