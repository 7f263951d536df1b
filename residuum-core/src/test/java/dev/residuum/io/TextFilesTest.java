package dev.residuum.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.run.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsUtf8() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "é\nb\n");
        assertEquals("é\nb\n", TextFiles.read(f, "text"));
        assertEquals(List.of("é", "b"), TextFiles.lines(f, "text"));
    }

    @Test
    void aFileThatIsNotUtf8IsNamedInOneLine() throws IOException {
        Path f = Files.write(dir.resolve("metrics.jsonl"), new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}', '\n'});
        TextFiles.NotTextException e = assertThrows(TextFiles.NotTextException.class, () -> TextFiles.lines(f, "a log"));
        assertEquals(f + ": not UTF-8 text (expected a log)", e.getMessage());
        assertThrows(TextFiles.NotTextException.class, () -> TextFiles.read(f, "a log"));
        IOException viaLog = assertThrows(IOException.class, () -> MetricsLog.read(f));
        assertTrue(viaLog.getMessage().startsWith(f + ": not UTF-8 text"), viaLog.getMessage());
    }
}
