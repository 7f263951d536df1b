package dev.residuum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code residuum experiment}: reproductions of published experiments (degradation, rezero, ...). */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Reproduce published experiments on small budgets.",
        subcommands = {DegradationCommand.class, ReZeroCommand.class, GradientFlowCommand.class, AlphaCommand.class})
final class ExperimentCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command: degradation, rezero, gradient-flow or alpha");
    }
}
