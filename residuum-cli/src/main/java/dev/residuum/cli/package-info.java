/**
 * The {@code residuum} command line (picocli): one class per sub-command, registered in
 * {@link dev.residuum.cli.Main}, each a thin shell over the library. Options shared by several
 * commands are declared once, in {@code dev.residuum.cli.options} (mixins). Results (the summary
 * and, with {@code --json}, one JSON object as the last line) go to stdout; progress and logs to
 * stderr ({@code --quiet} silences progress); exit status 0, 2 (bad input, one line; a misspelt
 * command or option gets a "did you mean") or 1 (internal failure).
 *
 * <p>Depends on picocli, {@code residuum-core}, {@code residuum-bench} and
 * {@code dev.residuum.cli.options}.
 */
package dev.residuum.cli;
