package dev.residuum.cli;

import picocli.CommandLine;

/**
 * A command that only groups sub-commands ({@code delta}, {@code dynamics}, {@code experiment}):
 * run without one, it is a usage error naming the sub-commands there are.
 */
abstract class CommandGroup implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public final void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing sub-command: " + String.join(" or ", spec.subcommands().keySet()));
    }
}
