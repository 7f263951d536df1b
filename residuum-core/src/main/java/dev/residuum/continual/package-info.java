/**
 * Continual learning with low-rank residual adapters: a frozen backbone and one small residual
 * {@code W + (alpha/r) B A} per task, with {@code B = 0} at the start so the adapted model starts
 * exactly where the backbone was.
 *
 * <p>Inside: {@link dev.residuum.continual.LoraConfig} and
 * {@link dev.residuum.continual.TargetModules} (PEFT's hyper-parameters and its
 * {@code target_modules} rule); {@link dev.residuum.continual.LowRankAdapter} (one adapter on one
 * {@code Linear} or {@code Conv2d}, PEFT's LoRA layout and initialisation);
 * {@link dev.residuum.continual.AdapterStore} (named adapters on a model: add, select one or stack
 * several, disable, delete, merge and unmerge, parameter counts);
 * {@link dev.residuum.continual.PeftFormat} (an adapter alone on disk as PEFT's
 * {@code adapter_model.safetensors} and {@code adapter_config.json}); the task-sequence runner
 * {@link dev.residuum.continual.ContinualRun} over {@link dev.residuum.continual.ContinualTask}s
 * (fine-tuning, a shared adapter, per-task adapters, experience replay from a
 * {@link dev.residuum.continual.ReplayBuffer}, {@link dev.residuum.continual.ElasticWeightConsolidation}),
 * in the task- or class-incremental scenario ({@link dev.residuum.continual.RowClassificationTask}
 * on its own output classes or on all), the Split and Permuted task sequences
 * ({@link dev.residuum.continual.Benchmarks}), and its
 * {@link dev.residuum.continual.AccuracyMatrix} with average accuracy, forgetting, backward and
 * forward transfer.
 *
 * <p>May depend on {@code train}, {@code optim}, {@code nn}, {@code data}, {@code io}, {@code autodiff},
 * {@code tensor} (and the kernels below them); nothing above (no CLI, no run folders, no other
 * science package).
 */
package dev.residuum.continual;
