package dev.residuum.cli.options;

import java.io.PrintStream;
import java.nio.file.Path;
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

    /**
     * The end of a command's output: {@code report: FILE} when a report was written, then
     * {@code result} as with {@link #print}; flushed.
     *
     * @param report the report, or null
     */
    public void finish(PrintStream out, Path report, Object result) {
        if (report != null) {
            out.println("report: " + report);
        }
        print(out, result);
        out.flush();
    }
}
