package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} of every command and sub-command: exit 0, a usage text on stdout, and nothing from
 * picocli on stderr (a description with a bare {@code %} once made every {@code train --help}
 * print three "[picocli WARN] Could not format" lines).
 */
class HelpTest {
    private static void collect(CommandLine c, List<String> path, List<List<String>> out) {
        out.add(path);
        for (var e : c.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().aliases().length > 0
                    && List.of(e.getValue().getCommandSpec().aliases()).contains(e.getKey())) {
                continue; // an alias: the same command under another name
            }
            List<String> next = new ArrayList<>(path);
            next.add(e.getKey());
            collect(e.getValue(), next, out);
        }
    }

    @Test
    void everyCommandsHelpIsCleanUsageOnStdout() {
        List<List<String>> commands = new ArrayList<>();
        collect(Main.commandLine(), List.of(), commands);
        assertTrue(commands.size() > 20, "commands found: " + commands);
        for (List<String> path : commands) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun.Result r = CliRun.run(args.toArray(new String[0]));
            assertEquals(0, r.status(), path + ": " + r.err());
            assertTrue(r.out().contains("Usage: residuum"), path + ": " + r.out());
            assertFalse(r.err().contains("picocli"), path + " --help wrote to stderr: " + r.err());
        }
    }
}
