package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.run.MetricsLog;
import dev.residuum.run.MetricsRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DegradationCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainsPlainAndResidualNetsOfEachDepthAndChartsBothPanels() throws Exception {
        Path out = tmp.resolve("deg");
        CliRun.Result r = CliRun.run("experiment", "degradation", "--depths", "8,14", "--epochs", "1", "--limit", "64",
                "--batch", "32", "--out", out.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        for (String m : new String[] {"plain8", "plain14", "resnet8", "resnet14"}) {
            double e = r.number(m + "_train_error");
            assertTrue(e >= 0 && e <= 1, m + " in " + r.lastLine());
            assertTrue(Files.isRegularFile(out.resolve(m).resolve("model.safetensors")), m);
        }
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        // per model: 2 steps + 1 epoch line
        assertEquals(12, lines.size(), lines.toString());
        assertEquals(2, lines.stream().filter(l -> l.contains("\"model\": \"resnet14\"") && l.contains("\"iteration\"")).count());
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(2, html.split("<svg", -1).length - 1, "two panels");
        assertTrue(html.contains("plain14") && html.contains("resnet14"));
        CliRun.Result again = CliRun.run("experiment", "degradation", "--depths", "8", "--epochs", "1", "--limit", "32",
                "--batch", "32", "--out", out.toString());
        assertEquals(2, again.status(), "a folder with results is not overwritten silently");
        assertTrue(again.err().contains("--overwrite"), again.err());
    }

    @Test
    void warmUpStartsEveryModelAtATenthOfTheRate() throws Exception {
        Path out = tmp.resolve("warm");
        CliRun.Result r = CliRun.run("experiment", "degradation", "--depths", "8", "--epochs", "2", "--limit", "64",
                "--batch", "32", "--warmup-epochs", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<MetricsRecord> records = MetricsLog.read(out.resolve("metrics.jsonl"));
        for (String m : new String[] {"plain8", "resnet8"}) {
            MetricsRecord.Step first = records.stream().filter(x -> x instanceof MetricsRecord.Step st
                    && st.model().equals(m) && st.iteration() == 1).map(x -> (MetricsRecord.Step) x).findFirst().orElseThrow();
            assertEquals(0.01, first.lr(), 1e-12, first.toString());
        }
        CliRun.Result bad = CliRun.run("experiment", "degradation", "--epochs", "2", "--warmup-epochs", "2", "--out",
                tmp.resolve("bad").toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--warmup-epochs"), bad.err());
    }

    @Test
    void aDepthThatIsNot6nPlus2ExitsTwo() {
        CliRun.Result r = CliRun.run("experiment", "degradation", "--depths", "20,21", "--out", tmp.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("6n+2"), r.err());
    }
}
