/**
 * What a run leaves on disk. {@link dev.residuum.run.RunFolder}: a run's folder — file names,
 * saved arguments and their merging on resume, atomic writes, and the one rule every command
 * that writes a run folder follows (refuse another run's folder unless resuming or overwriting;
 * name a path that is a file; create nothing before the inputs are checked).
 * {@link dev.residuum.run.MetricsLog}: {@code metrics.jsonl} as typed
 * {@link dev.residuum.run.MetricsRecord}s, written as the run goes and read back for reports.
 *
 * <p>May depend on {@code train} (its metrics types) and {@code io} (atomic files); the
 * training loop itself and its checkpoints live in {@code train}, the CLI builds on this.
 */
package dev.residuum.run;
