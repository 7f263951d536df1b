/**
 * Optimizers with PyTorch's update rules ({@link dev.residuum.optim.Sgd}, {@link dev.residuum.optim.RmsProp},
 * {@link dev.residuum.optim.Adagrad}, {@link dev.residuum.optim.Adam} and AdamW) whose state can be exported and restored, and
 * learning-rate schedules in closed form ({@link dev.residuum.optim.LrSchedule}). Their per-parameter
 * rules ({@code Sgd.apply}, {@code Adam.apply}) are public so that the Riemannian optimizers of
 * {@code dev.residuum.manifold}, which extend {@link dev.residuum.optim.Optimizer}, run the very same
 * arithmetic on Euclidean parameters; {@code Sgd} and {@code Adam} refuse parameters on a manifold.
 * Every optimizer names its per-parameter buffers (PyTorch's state keys: {@code exp_avg},
 * {@code momentum_buffer}, ...) to {@link dev.residuum.optim.Optimizer}, which keeps, exports and
 * restores them.
 */
package dev.residuum.optim;
