/**
 * Fitting a model to data. {@link dev.residuum.train.Trainer} runs seeded, shuffled minibatch
 * epochs over an {@link dev.residuum.train.Objective} (in-memory tensors; mean squared error is
 * {@link dev.residuum.train.SupervisedObjective}; Δ-learning supplies its own) and reports to an
 * {@link dev.residuum.train.EpochListener}. {@link dev.residuum.train.ImageTrainer} trains image
 * classifiers the way He et al. train CIFAR ResNets (SGD, per-step schedule, augmentation,
 * evaluation each epoch) and survives a kill: {@link dev.residuum.train.Checkpoint} writes the
 * weights, optimizer buffers and {@link dev.residuum.train.TrainingState} atomically, and a resumed
 * run ends bit-identical to an uninterrupted one. Progress goes to a
 * {@link dev.residuum.train.TrainingListener}; each epoch is an
 * {@link dev.residuum.train.ImageEpochMetrics}.
 */
package dev.residuum.train;
