package dev.residuum.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @TempDir
    Path tmp;

    private static MetricsRecord.Epoch epoch(int e) {
        return MetricsRecord.Epoch.of(null, new EpochMetrics(e, 10L * e, 0.1 / e, 1.5 / e, 0.5 + 0.01 * e, 2.0 / e,
                0.4 + 0.01 * e, 1234.5, 2.25, Double.NaN));
    }

    @Test
    void recordsReadBackAsWrittenWithNullForWhatDoesNotApply() throws Exception {
        Path file = tmp.resolve(RunFolder.METRICS);
        MetricsLog log = MetricsLog.create(file);
        log.append(epoch(1));
        MetricsRecord.Step step = new MetricsRecord.Step("plain8", 7, 2, 0.75, Double.NaN, 1e-4);
        log.append(step);
        log.append(epoch(2));
        assertEquals(List.of(epoch(1), step, epoch(2)), MetricsLog.read(file));
        String first = Files.readAllLines(file).get(0);
        assertTrue(first.startsWith("{\"epoch\": 1, \"step\": 10, \"lr\": 0.1, ") && first.contains("\"test_accuracy\": 0.41")
                && first.endsWith("\"heap_after_gc_mb\": null}"), first);
        assertTrue(Files.readAllLines(file).get(1).startsWith("{\"model\": \"plain8\", \"iteration\": 7,"));
        assertEquals(List.of(epoch(1), epoch(2)), log.epochs());
    }

    @Test
    void aResumeDropsTheEpochsTheCheckpointDoesNotCover() throws Exception {
        Path file = tmp.resolve(RunFolder.METRICS);
        MetricsLog log = MetricsLog.create(file);
        for (int e = 1; e <= 3; e++) {
            log.append(epoch(e));
        }
        MetricsLog resumed = MetricsLog.resume(file, 2);
        assertEquals(List.of(epoch(1), epoch(2)), resumed.epochs());
        assertEquals(2, Files.readAllLines(file).size());
        resumed.append(epoch(3));
        assertEquals(List.of(epoch(1), epoch(2), epoch(3)), MetricsLog.read(file));
    }

    @Test
    void aForeignLineIsNamedByFileAndLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("m.jsonl"), MetricsLog.line(epoch(1)) + "\nnot json\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsLog.read(file));
        assertTrue(e.getMessage().startsWith(file + ", line 2: "), e.getMessage());
    }
}
