/**
 * Modules: {@link dev.residuum.nn.Module} with named, ordered parameters and buffers (names as
 * PyTorch state_dict keys), {@link dev.residuum.nn.Linear}, {@link dev.residuum.nn.Sequential},
 * activations and PyTorch's initialisations. Training or evaluation is an argument of
 * {@code forward}. A {@link dev.residuum.nn.Parameter} may carry a
 * {@link dev.residuum.nn.Constraint} (the manifold it belongs to, supplied by
 * {@code dev.residuum.manifold}; this package knows only its name).
 */
package dev.residuum.nn;
