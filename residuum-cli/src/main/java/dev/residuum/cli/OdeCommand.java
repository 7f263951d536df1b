package dev.residuum.cli;

import picocli.CommandLine.Command;

/** {@code residuum ode}: continuous-depth models fitted to trajectories (sub-command fit). */
@Command(name = "ode", mixinStandardHelpOptions = true,
        description = "Neural and hybrid ODEs: fit dx/dt = f(x) (or A x + f(x)) to an observed trajectory.",
        subcommands = {OdeFitCommand.class})
final class OdeCommand extends CommandGroup {
}
