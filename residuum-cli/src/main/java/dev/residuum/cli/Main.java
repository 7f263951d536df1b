package dev.residuum.cli;

import dev.residuum.kernel.Dnnl;
import dev.residuum.kernel.Gemm;
import dev.residuum.kernel.Simd;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code residuum} command. Exit status: 0 success, 2 bad usage or bad input (one-line
 * message on stderr), 1 internal failure.
 */
@Command(name = "residuum", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Residual learning for the JVM.",
        subcommands = {TrainCommand.class, ExperimentCommand.class, EvalCommand.class, PredictCommand.class, DeltaCommand.class, DynamicsCommand.class, OdeCommand.class, ManifoldCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    /** Exit status for bad usage or bad input. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit status for an internal failure. */
    public static final int EXIT_INTERNAL = 1;
    /** slf4j-simple's level setting; simplelogger.properties in this module's resources sets the rest. */
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit status (for tests). */
    public static int run(String... args) {
        List<String> given = List.of(args);
        if (given.contains("--quiet") || given.contains("-q") || given.contains("--version") || given.contains("-V")) {
            // no informational log lines (read when the first logger is made, i.e. before any work);
            // --version says the backends itself
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    /** The configured picocli command line. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand(new DiagnoseCommand());
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            List<String> suggestions = ex instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions() : List.of();
            err.println("residuum: " + ex.getMessage() + (suggestions.isEmpty() ? ""
                    : "; did you mean " + String.join(" or ", suggestions) + "?"));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof BadInputException || ex instanceof IllegalArgumentException
                    || ex instanceof dev.residuum.train.DivergenceException
                    || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                String message = ex.getMessage();
                if (ex instanceof java.nio.file.NoSuchFileException e && e.getReason() == null) {
                    message = "no such file: " + message; // the system's exception names only the path
                }
                err.println("residuum: " + message);
                return EXIT_BAD_INPUT;
            }
            err.println("residuum: internal error: " + ex);
            if (System.getenv("RESIDUUM_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("(set RESIDUUM_DEBUG=1 for the stack trace)");
            }
            return EXIT_INTERNAL;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** Residuum's version (from the jar manifest), Java's, and the backends in use. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"residuum " + (v == null ? "(development build)" : v),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                    "BLAS: " + Gemm.description(),
                    "oneDNN: " + (Dnnl.available() ? "yes, convolutions and small products on " : "no, convolutions on ") + Dnnl.description(),
                    "vector kernels: " + (Simd.enabled() ? "yes, " : "no, ") + Simd.description()};
        }
    }
}
