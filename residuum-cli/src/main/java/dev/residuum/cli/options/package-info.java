/**
 * Option groups shared by the commands (picocli mixins), so that each option has one spelling,
 * one meaning and one default everywhere: {@link dev.residuum.cli.options.ThreadsOption}
 * ({@code --threads}, default 1), {@link dev.residuum.cli.options.JsonOption} ({@code --json}),
 * {@link dev.residuum.cli.options.QuietOption} ({@code --quiet}; progress to stderr otherwise),
 * {@link dev.residuum.cli.options.DataOption} ({@code --data sample|fashion-mnist|DIR}),
 * {@link dev.residuum.cli.options.RunFolderOption} ({@code --out}, {@code --overwrite},
 * {@code --resume}; the rule is {@code run.RunFolder}'s), {@link dev.residuum.cli.options.RunOptions}
 * (the common options, {@code --seed} and the run folder of a command that computes a run),
 * {@link dev.residuum.cli.options.SolverOption} ({@code --gradient}, {@code --rtol}, {@code --atol} of
 * the ODE commands), {@link dev.residuum.cli.options.ModelOption} ({@code --weights}, {@code --model},
 * {@code --shortcut}, {@code --batch} of {@code eval} and {@code predict}),
 * {@link dev.residuum.cli.options.ImageMlpOption} ({@code --depth}, {@code --width} of the MLP
 * experiments on images, defaults from each experiment), {@link dev.residuum.cli.options.OptimizerOption}
 * ({@code --batch}, {@code --lr} of the minibatch optimizer of an experiment, defaults from each) and
 * {@link dev.residuum.cli.options.ImageTrainingOption} ({@code --data}, {@code --limit},
 * {@code --batch}, {@code --lr}, {@code --warmup-epochs}, {@code --augment}, {@code --seed} of the
 * image-training commands), and {@code train}'s groups: {@link dev.residuum.cli.options.AdapterOption}
 * ({@code --adapter-*}), {@link dev.residuum.cli.options.SparkOption} ({@code --spark},
 * {@code --micro-batches}) and {@link dev.residuum.cli.options.DiagnoseOption}
 * ({@code --diagnose*}). A command declares {@code @Mixin ThreadsOption threads;} and asks it.
 *
 * <p>Depends on picocli, the library and residuum-spark; not on
 * {@code dev.residuum.cli} (errors are {@link java.lang.IllegalArgumentException}s, which the
 * command line reports as bad input, exit status 2).
 */
package dev.residuum.cli.options;
