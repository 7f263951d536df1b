/**
 * Fitting a model: one {@link dev.residuum.train.Trainer} over any
 * {@link dev.residuum.train.Objective} with any optimizer and learning-rate schedule.
 *
 * <p>Inside: the trainer and its {@link dev.residuum.train.TrainerConfig}; objectives
 * ({@link dev.residuum.train.ImageClassification} for image classifiers with augmentation and a
 * test split, {@link dev.residuum.train.SampleObjective} for losses over in-memory rows such as
 * {@link dev.residuum.train.SupervisedObjective}; Δ-learning supplies its own); batches
 * ({@link dev.residuum.train.Batch}, {@link dev.residuum.train.Batches}); the split step —
 * {@link dev.residuum.train.Trainer#computeGradients} returns
 * {@link dev.residuum.train.Gradients} that can be inspected, summed and scaled before
 * {@link dev.residuum.train.Trainer#apply} — so a data-parallel trainer, Riemannian optimizers
 * and frozen parameters slot in without touching the loop; {@link dev.residuum.train.GradientSource}
 * (where a step's gradients come from: the trainer itself, or workers such as residuum-spark's) and
 * {@link dev.residuum.train.MicroBatches} (a batch split into fixed micro-batches, their gradients
 * summed in order, the batch-norm rule; shared by single-process micro-batching and Spark),
 * {@link dev.residuum.train.ParallelMicroBatches} (the same sum with the micro-batches' passes
 * side by side on the worker threads, for models without buffers; the trainer uses it at more than
 * one thread when the objective declares {@link dev.residuum.train.Objective#slicesRunConcurrently}); one
 * {@link dev.residuum.train.TrainingListener}, one {@link dev.residuum.train.EpochMetrics} and
 * one {@link dev.residuum.train.TrainingResult}; {@link dev.residuum.train.Evaluation} (the one
 * evaluation loop of a classifier); {@link dev.residuum.train.Checkpoint} and
 * {@link dev.residuum.train.TrainingState}, written atomically so that a killed run resumes bit
 * for bit; {@link dev.residuum.train.HeapWatch}.
 *
 * <p>May depend on {@code nn}, {@code optim}, {@code data}, {@code io}, {@code autodiff} and
 * {@code tensor} (and the kernels below them); nothing here knows of the CLI, run folders
 * ({@code dev.residuum.run}) or the science packages, which build on it.
 */
package dev.residuum.train;
