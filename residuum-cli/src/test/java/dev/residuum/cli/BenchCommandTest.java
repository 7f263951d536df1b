package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.io.Json;
import java.util.List;
import dev.residuum.io.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code residuum bench} off the reference points: the cost-curve depths and batches. */
class BenchCommandTest {

    @Test
    void w6RunsAtTheDepthsAskedFor() {
        CliRun.Result r = CliRun.run("bench", "-q", "--quick", "--only", "W6", "--w6-depths", "10,20");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(2, lines.size(), r.out());
        for (int i = 0; i < 2; i++) {
            JsonObject line = Json.parseObject(lines.get(i));
            assertEquals("deep_residual_mlp_" + (i == 0 ? 10 : 20), line.string("workload"));
            assertTrue(line.number("value") > 0, lines.get(i));
        }
    }

    @Test
    void w1RunsAtTheBatchesAskedFor() {
        CliRun.Result r = CliRun.run("bench", "-q", "--quick", "--only", "W1", "--data", "sample", "--w1-batches", "32");
        assertEquals(0, r.status(), r.err());
        JsonObject line = Json.parseObject(r.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals("resnet20_train_b32", line.string("workload"));
        assertTrue(line.number("value") > 0, r.out());
    }

    @Test
    void aDepthBelowOneIsRefusedInOneLine() {
        CliRun.Result r = CliRun.run("bench", "--only", "W6", "--w6-depths", "100,0");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--w6-depths values must be at least 1, got 0"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
