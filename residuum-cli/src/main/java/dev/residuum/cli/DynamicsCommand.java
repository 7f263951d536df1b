package dev.residuum.cli;

import picocli.CommandLine.Command;

/** {@code residuum dynamics}: linear residual dynamics x ← x + εMx (sub-commands consensus, feedback). */
@Command(name = "dynamics", mixinStandardHelpOptions = true,
        description = "Linear residual dynamics: stability, speed and limit of x_{k+1} = x_k + eps*M*x_k.",
        subcommands = {DynamicsConsensusCommand.class, DynamicsFeedbackCommand.class})
final class DynamicsCommand extends CommandGroup {
}
