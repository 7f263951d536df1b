/**
 * Fitting vector fields to observed trajectories with the one {@link dev.residuum.train.Trainer}:
 * {@link dev.residuum.ode.fit.WindowObjective} (an {@link dev.residuum.train.Objective} whose
 * samples are short windows of a trajectory, integrated from their first state and compared with
 * every later point, as torchdiffeq's {@code ode_demo.py} does; any gradient mode, the adjoint and
 * checkpointed ones through a linear surrogate whose gradient is theirs), the observed trajectory
 * ({@link dev.residuum.ode.fit.ObservedTrajectory}), and torchdiffeq's spiral demo
 * ({@link dev.residuum.ode.fit.SpiralDemo}).
 *
 * <p>May depend on {@code dev.residuum.ode}, {@code train}, {@code optim}, {@code nn},
 * {@code data}, {@code autodiff}, {@code tensor} and {@code kernel}; nothing here knows of the
 * CLI, run folders or reports. ({@code dev.residuum.ode} itself stays below {@code train}.)
 */
package dev.residuum.ode.fit;
