package dev.residuum.cli.options;

import java.io.PrintStream;
import picocli.CommandLine.Option;

/** {@code --json}: print the result as one JSON object, the last line of stdout. */
public final class JsonOption {
    @Option(names = "--json", description = "Print the result as one JSON object, the last line of stdout.")
    boolean json;

    /** Whether {@code --json} was given. */
    public boolean enabled() {
        return json;
    }

    /** Prints {@code result} (a {@code JsonObject} or anything whose text is one JSON line) when enabled. */
    public void print(PrintStream out, Object result) {
        if (json) {
            out.println(result);
        }
    }
}
