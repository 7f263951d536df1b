package dev.residuum.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
    @TempDir
    Path tmp;

    @Test
    void aNewRunCreatesNothingUntilItBegins() throws Exception {
        Path dir = tmp.resolve("a");
        RunFolder run = RunFolder.open(dir, false, false);
        assertFalse(Files.exists(dir), "open only checks");
        run.begin();
        assertTrue(Files.isDirectory(dir));
        run.saveArguments("train", List.of("--epochs", "3"));
        assertTrue(RunFolder.holdsRun(dir));
        assertEquals(List.of("--epochs", "3", "--epochs", "5"),
                RunFolder.open(dir, true, false).resumeArguments("train", List.of("--epochs", "5")));
    }

    @Test
    void anotherRunIsRefusedUnlessResumedOrOverwritten() throws Exception {
        Path dir = tmp.resolve("b");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keep.txt"), "not a run file");
        assertFalse(RunFolder.holdsRun(dir), "a folder with other files holds no run");
        Files.writeString(dir.resolve(RunFolder.METRICS), "");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> RunFolder.open(dir, false, false));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("--overwrite"), e.getMessage());
        RunFolder over = RunFolder.open(dir, false, true);
        over.begin();
        assertFalse(Files.exists(dir.resolve(RunFolder.METRICS)), "the old run's files are gone");
        assertTrue(Files.exists(dir.resolve("keep.txt")), "other files stay");
        assertThrows(IllegalArgumentException.class, () -> RunFolder.open(dir, true, true));
    }

    @Test
    void aFileOrAnEmptyFolderCannotBeResumedOrUsed() throws Exception {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        NotDirectoryException e = assertThrows(NotDirectoryException.class, () -> RunFolder.open(file, false, false));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(tmp.resolve("none"), true, false));
        assertTrue(r.getMessage().startsWith("--resume: no run to continue in "), r.getMessage());
    }

    @Test
    void writesAreAtomicAndLeaveNoTemporaryFiles() throws Exception {
        RunFolder run = RunFolder.open(tmp.resolve("c"), false, false);
        run.begin();
        run.write(RunFolder.REPORT, "<html></html>");
        assertEquals("<html></html>", Files.readString(run.file(RunFolder.REPORT)));
        try (var files = Files.list(run.dir())) {
            assertEquals(List.of(RunFolder.REPORT), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
