package dev.residuum.cli;

import picocli.CommandLine.Command;

/** {@code residuum manifold}: Riemannian optimisation on manifolds (sub-command fit). */
@Command(name = "manifold", mixinStandardHelpOptions = true,
        description = "Riemannian optimisation: fit a rotation, a subspace or a mean on a manifold.",
        subcommands = {ManifoldFitCommand.class})
final class ManifoldCommand extends CommandGroup {
}
