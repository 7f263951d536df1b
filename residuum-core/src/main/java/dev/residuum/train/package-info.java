/**
 * Fitting a model to data: {@link dev.residuum.train.Trainer} runs seeded, shuffled minibatch
 * epochs with any optimizer and {@link dev.residuum.optim.LrSchedule}, one
 * {@link dev.residuum.tensor.Workspace} scope per step, and reports each epoch's training (and
 * optional validation) loss to an {@link dev.residuum.train.EpochListener}; what is minimised is
 * an {@link dev.residuum.train.Objective} (mean squared error of a module on in-memory tensors
 * is {@link dev.residuum.train.SupervisedObjective}; Δ-learning supplies its own).
 */
package dev.residuum.train;
