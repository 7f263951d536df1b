package dev.residuum.cli;

import picocli.CommandLine.Command;

/** {@code residuum experiment}: reproductions of published experiments (sub-commands degradation, spiral, manifold, continual). */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Reproduce published experiments on small budgets.",
        subcommands = {DegradationCommand.class, SpiralCommand.class, ManifoldExperimentCommand.class,
                ContinualCommand.class})
final class ExperimentCommand extends CommandGroup {
}
