/**
 * The {@code residuum} command line (picocli): one class per sub-command, registered in
 * {@link dev.residuum.cli.Main}. Human progress goes to stderr; with {@code --json} the last line
 * of stdout is one JSON object; exit status 0, 2 (bad input, one line) or 1 (internal failure).
 */
package dev.residuum.cli;
