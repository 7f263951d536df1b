/**
 * Modules: {@link dev.residuum.nn.Module} with named, ordered parameters and buffers (names as
 * PyTorch state_dict keys), {@link dev.residuum.nn.Linear}, {@link dev.residuum.nn.Sequential},
 * activations and PyTorch's initialisations. Training or evaluation is an argument of
 * {@code forward}.
 */
package dev.residuum.nn;
