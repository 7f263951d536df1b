/**
 * Synchronous data-parallel training on Apache Spark whose result is the single-process one.
 *
 * <p>Inside: {@link dev.residuum.spark.DataParallel}, the driver's
 * {@link dev.residuum.train.GradientSource} (per step: the weights broadcast with a version
 * number, one task per partition computing the gradient of its fixed share of the global batch
 * with the core engine, the partial gradients summed in partition order by
 * {@link dev.residuum.train.MicroBatches.Sum}, so the sum does not depend on timing);
 * {@link dev.residuum.spark.SparkImageClassification}, the driver's objective (the batches as
 * sample indices, evaluation on the driver); the values that travel
 * ({@link dev.residuum.spark.TrainingImages}, {@link dev.residuum.spark.Weights},
 * {@link dev.residuum.spark.StepPlan}, {@link dev.residuum.spark.PartialGradient}); the executors'
 * side ({@link dev.residuum.spark.ShareTask}, {@link dev.residuum.spark.Replicas});
 * {@link dev.residuum.spark.StepTimes}; {@link dev.residuum.spark.Spark} (a local or submitted
 * context with the settings this module needs).
 *
 * <p>The {@link dev.residuum.train.Trainer} drives the loop (schedule, optimizer, checkpoints,
 * evaluation), so a run on Spark writes the same run folder and resumes from it like a local run.
 *
 * <p>May depend on residuum-core ({@code train}, {@code data}, {@code nn}, {@code kernel},
 * {@code tensor}) and on Spark's core API; nothing in residuum-core depends on it.
 */
package dev.residuum.spark;
