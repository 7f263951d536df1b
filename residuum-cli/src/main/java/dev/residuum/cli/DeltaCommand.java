package dev.residuum.cli;

import picocli.CommandLine.Command;

/** {@code residuum delta}: Δ-learning, a baseline plus a learned correction (sub-command fit). */
@Command(name = "delta", mixinStandardHelpOptions = true,
        description = "Delta-learning: keep a baseline (a column, a fitted SIR model, a CBS extrapolation) and learn "
                + "only what it misses; compare with the baseline alone and with the same network trained directly.",
        subcommands = {DeltaFitCommand.class})
final class DeltaCommand extends CommandGroup {
}
