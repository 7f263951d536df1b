package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.io.Json;
import dev.residuum.io.JsonObject;
import dev.residuum.run.MetricsLog;
import dev.residuum.run.MetricsRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issue-14 reproductions on tiny budgets: they run, write their files, resume, and reject bad input. */
class StabilityExperimentsTest {
    @TempDir
    Path tmp;

    @Test
    void gradientFlowMeasuresPlainAndResidualTwinsAndFitsTheSpread() throws Exception {
        Path out = tmp.resolve("flow");
        CliRun.Result r = CliRun.run("experiment", "gradient-flow", "--mlp-depths", "4,8,16", "--width", "16",
                "--cifar-depth", "8", "--batch", "4", "--long-skips", "every:2", "--out", out.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        JsonObject o = Json.parseObject(r.lastLine());
        assertEquals(2 * (2 + 2 * 3), o.list("models").size(), "plain/residual CIFAR and 3+3 MLPs, with and without"
                + " long skips");
        assertTrue(o.object("fits").has("mlp plain") && o.object("fits").has("mlp residual"), o.toString());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("mlp-plain-16") && html.contains("resnet8"), "the report names the models");
        CliRun.assertBadInput("6n+2", "experiment", "gradient-flow", "--cifar-depth", "9", "--out",
                tmp.resolve("bad").toString());
    }

    @Test
    void rezeroRunsEachVariantStopsAtItsStepsAndResumes() throws Exception {
        Path out = tmp.resolve("rz");
        CliRun.Result r = CliRun.run("experiment", "rezero", "--variants", "vanilla,rezero", "--depth", "4", "--width",
                "16", "--batch", "16", "--epochs", "2", "--limit", "64", "--max-steps", "3", "--target-loss", "5",
                "--out", out.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        JsonObject o = Json.parseObject(r.lastLine());
        assertEquals(2, o.list("variants").size());
        List<MetricsRecord> records = MetricsLog.read(out.resolve("metrics.jsonl"));
        assertEquals(6, records.stream().filter(x -> x instanceof MetricsRecord.Step).count(), "3 steps per variant");
        assertTrue(Files.isRegularFile(out.resolve("rezero").resolve("checkpoint.json")));
        // more steps on resume: the log keeps the 3 done and adds the rest of the two epochs (4 steps each)
        CliRun.Result more = CliRun.run("experiment", "rezero", "--variants", "vanilla,rezero", "--depth", "4",
                "--width", "16", "--batch", "16", "--epochs", "2", "--limit", "64", "--out", out.toString(), "--resume",
                "--json");
        assertEquals(0, more.status(), more.err());
        records = MetricsLog.read(out.resolve("metrics.jsonl"));
        assertEquals(16, records.stream().filter(x -> x instanceof MetricsRecord.Step).count(), records.toString());
        assertEquals(4, records.stream().filter(x -> x instanceof MetricsRecord.Epoch).count());
        assertTrue(Files.readString(out.resolve("report.html")).contains("rezero"));
        CliRun.assertBadInput("allowed: vanilla", "experiment", "rezero", "--variants", "rezero,other", "--out",
                tmp.resolve("bad").toString());
    }

    @Test
    void alphaChartsTheCosineForEachAlpha() throws Exception {
        Path out = tmp.resolve("alpha");
        CliRun.Result r = CliRun.run("experiment", "alpha", "--alphas", "0.1,2", "--depth", "6", "--width", "8",
                "--steps", "4", "--batch", "8", "--limit", "32", "--probe-every", "2", "--out", out.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        JsonObject o = Json.parseObject(r.lastLine());
        assertEquals(2, o.list("runs").size());
        long probes = MetricsLog.read(out.resolve("metrics.jsonl")).stream()
                .filter(x -> x instanceof MetricsRecord.Probe).count();
        assertEquals(2 * 3, probes, "steps 0, 2, 4 for each alpha");
        assertTrue(Files.readString(out.resolve("report.html")).contains("Fighting"));
    }

    @Test
    void trainRecordsTheInstrumentsEveryKStepsAndChartsThem() throws Exception {
        Path out = tmp.resolve("train");
        CliRun.Result r = CliRun.run("train", "--model", "resnet8", "--limit", "64", "--batch", "32", "--epochs", "1",
                "--diagnose-every", "1", "--diagnose-batch", "4", "--long-skips", "u", "--out", out.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        List<MetricsRecord.Probe> probes = MetricsLog.read(out.resolve("metrics.jsonl")).stream()
                .filter(x -> x instanceof MetricsRecord.Probe).map(x -> (MetricsRecord.Probe) x).toList();
        assertEquals(List.of(1L, 2L), probes.stream().map(MetricsRecord.Probe::iteration).toList());
        assertEquals(3, probes.get(0).blocks().size());
        assertTrue(probes.get(1).values("grad_input_norm")[0] > 0);
        assertTrue(Files.readString(out.resolve("report.html")).contains("Stability over training"));
        CliRun.Result bad = CliRun.run("train", "--diagnose-every", "5", "--diagnose", "flow,vibes", "--out",
                tmp.resolve("bad").toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--diagnose") && bad.err().contains("allowed"), bad.err());
    }
}
