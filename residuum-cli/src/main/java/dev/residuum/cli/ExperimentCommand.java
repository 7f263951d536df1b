package dev.residuum.cli;

import picocli.CommandLine.Command;

/** {@code residuum experiment}: reproductions of published experiments (degradation, spiral, sphere-flow, continual, rezero, gradient-flow, alpha). */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Reproduce published experiments on small budgets.",
        subcommands = {DegradationCommand.class, SpiralCommand.class, SphereFlowCommand.class,
                ContinualCommand.class, ReZeroCommand.class, GradientFlowCommand.class, AlphaCommand.class})
final class ExperimentCommand extends CommandGroup {
}
