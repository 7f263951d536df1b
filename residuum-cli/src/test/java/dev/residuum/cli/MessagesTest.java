package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives one line that names the path and says what is wrong with it (issue 18, item 6). */
class MessagesTest {
    @TempDir
    Path dir;

    private static String oneLine(CliRun.Result r) {
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        return r.err().strip();
    }

    @Test
    void aFolderGivenAsAFileIsNamedAsAFolder() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("runs"));
        String graph = oneLine(CliRun.run("dynamics", "consensus", "--graph", folder.toString()));
        assertTrue(graph.contains(folder.toString()) && graph.contains("is a folder") && !graph.contains("does not exist"),
                graph);
        String weights = oneLine(CliRun.run("eval", "--weights", folder.toString()));
        assertTrue(weights.contains(folder.toString()) && weights.contains("is a folder"), weights);
    }

    @Test
    void aFileGivenAsTheDataFolderIsNotCalledMissing() throws IOException {
        Path file = Files.writeString(dir.resolve("images.txt"), "x");
        String data = oneLine(CliRun.run("train", "--data", file.toString(), "--out", dir.resolve("run").toString()));
        assertTrue(data.contains(file.toString()) && data.contains("not a folder") && !data.contains("no such file"), data);
    }

    @Test
    void epsIsCheckedBeforeTheSpectrumIsComputed() {
        CliRun.Result r = CliRun.run("dynamics", "consensus", "--graph", "karate", "--eps", "-1");
        assertEquals("residuum: --eps must be a positive number, got -1.0", oneLine(r));
        assertFalse(r.err().contains("spectrum"), "refused before any work: " + r.err());
    }
}
