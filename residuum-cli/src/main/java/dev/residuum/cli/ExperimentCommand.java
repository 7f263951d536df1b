package dev.residuum.cli;

import picocli.CommandLine.Command;

/** {@code residuum experiment}: reproductions of published experiments (sub-command degradation). */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Reproduce published experiments on small budgets.",
        subcommands = {DegradationCommand.class})
final class ExperimentCommand extends CommandGroup {
}
