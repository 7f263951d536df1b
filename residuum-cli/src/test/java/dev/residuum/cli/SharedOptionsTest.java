package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The option groups of dev.residuum.cli.options: one spelling, one default, one rule, in every command. */
class SharedOptionsTest {
    @TempDir
    Path dir;

    private Path table() throws IOException {
        StringBuilder sb = new StringBuilder("x,base,y\n");
        for (int i = 0; i < 30; i++) {
            sb.append(i).append(',').append(0.5 * i).append(',').append(0.5 * i + Math.sin(i)).append('\n');
        }
        return Files.writeString(dir.resolve("t.csv"), sb.toString());
    }

    private CliRun.Result fit(Path out, String... extra) throws IOException {
        String[] base = {"delta", "fit", "--table", table().toString(), "--target", "y", "--baseline-column", "base",
            "--features", "x", "--epochs", "2", "--out", out.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.run(args);
    }

    @Test
    void aMisspeltCommandOrOptionGetsASuggestion() {
        CliRun.Result r = CliRun.run("dynamics", "consenssus");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("did you mean consensus?"), r.err());
        CliRun.Result o = CliRun.run("dynamics", "consensus", "--graph", "karate", "--stepz", "3");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("did you mean --steps?"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aRunFolderThatHoldsARunIsNotOverwrittenSilently() throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, fit(out).status());
        CliRun.Result again = fit(out);
        assertEquals(2, again.status());
        assertEquals("residuum: " + out + ": already holds a run; add --overwrite to replace it, or choose another --out",
                again.err().strip());
        assertEquals(0, fit(out, "--overwrite").status());
        CliRun.Result resume = fit(out, "--resume");
        assertEquals(2, resume.status());
        assertTrue(resume.err().contains("--resume: delta fit runs cannot be continued"), resume.err());
        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun.Result onFile = fit(file);
        assertEquals(2, onFile.status());
        assertTrue(onFile.err().contains(file + " is a file"), onFile.err());
    }

    @Test
    void aFailedStartLeavesNoRunFolder() throws IOException {
        Path out = dir.resolve("never");
        CliRun.Result r = CliRun.run("delta", "fit", "--table", dir.resolve("missing.csv").toString(), "--target", "y",
                "--baseline-column", "base", "--features", "x", "--out", out.toString());
        assertEquals(2, r.status());
        assertFalse(Files.exists(out));
    }

    @Test
    void quietSilencesProgressAndResultsStayOnStdout() throws IOException {
        CliRun.Result loud = fit(dir.resolve("loud"), "--json");
        assertTrue(loud.err().contains("residuum: 30 samples"), loud.err());
        assertTrue(loud.lastLine().startsWith("{"), loud.out());
        CliRun.Result quiet = fit(dir.resolve("quiet"), "--json", "--quiet");
        assertEquals(0, quiet.status(), quiet.err());
        assertEquals("", quiet.err().strip());
        assertEquals(loud.number("delta.test_mae"), quiet.number("delta.test_mae"), 0.0);
        CliRun.Result consensus = CliRun.run("dynamics", "consensus", "--graph", "karate", "--quiet");
        assertEquals(0, consensus.status());
        assertEquals("", consensus.err().strip());
        assertTrue(consensus.out().contains("lambda_2"));
    }

    @Test
    void threadsDefaultToOneEverywhere() {
        for (String[] command : new String[][] {{"bench", "--help"}, {"delta", "fit", "--help"}, {"train", "--help"},
            {"eval", "--help"}, {"experiment", "degradation", "--help"}}) {
            CliRun.Result r = CliRun.run(command);
            assertTrue(r.out().contains("--threads=N") && r.out().contains("Worker threads (default 1)"), r.out());
        }
        CliRun.Result zero = CliRun.run("bench", "--threads", "0", "--only", "W4");
        assertEquals(2, zero.status());
        assertTrue(zero.err().contains("--threads must be at least 1, got 0"), zero.err());
    }
}
