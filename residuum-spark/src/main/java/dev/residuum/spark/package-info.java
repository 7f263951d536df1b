/**
 * Synchronous data-parallel training on Apache Spark whose result is the single-process one.
 *
 * <p>Inside: {@link dev.residuum.spark.TrainingSet}, the training set as a cached RDD of fixed
 * shards ({@link dev.residuum.data.Shards}), one {@link dev.residuum.spark.ImageShard} per
 * partition, sent from the driver or read by the executors from an
 * {@link dev.residuum.spark.ImageFiles} folder (IDX or CSV, any Hadoop file system);
 * {@link dev.residuum.spark.DataParallel}, the driver's {@link dev.residuum.train.GradientSource}
 * (per step: the weights broadcast with a version number, one task per partition computing the
 * gradient of its fixed share of the global batch with the core engine, the partial gradients
 * summed in partition order by {@link dev.residuum.train.MicroBatches.Sum}, so the sum does not
 * depend on timing); {@link dev.residuum.spark.SparkImageClassification}, the driver's objective
 * (the batches as sample indices, evaluation on the driver); the values that travel
 * ({@link dev.residuum.spark.Weights}, {@link dev.residuum.spark.StepPlan},
 * {@link dev.residuum.spark.PartialGradient}, and {@code TaskSetup} once per run); the executors'
 * side ({@code ShareTask}, the task of one partition at one step, and {@code Replicas}, the
 * executor's pool of model copies); {@link dev.residuum.spark.FailureInjection} (for the tests of
 * fault tolerance); {@link dev.residuum.spark.ModelFactory}; {@link dev.residuum.spark.StepTimes};
 * {@link dev.residuum.spark.Spark} (a local or submitted context with the settings this module
 * needs); {@link dev.residuum.spark.SparkTraining} (all of it for one run, as the CLI uses it).
 *
 * <p>The {@link dev.residuum.train.Trainer} drives the loop (schedule, optimizer, checkpoints,
 * evaluation), so a run on Spark writes the same run folder and resumes from it like a local run.
 *
 * <p>May depend on residuum-core ({@code train}, {@code data}, {@code nn}, {@code kernel},
 * {@code tensor}) and on Spark's core API (with Hadoop's file systems); nothing in residuum-core
 * depends on it.
 */
package dev.residuum.spark;
