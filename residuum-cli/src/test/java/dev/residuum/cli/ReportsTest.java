package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.report.ReportAssertions;
import dev.residuum.run.MetricsRecord;
import dev.residuum.run.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's {@code report.html}: self-contained, well-formed, every chart with labelled axes
 * and ticks, no marker cut by the frame, one colour per series; rendered by headless Chromium
 * where it is installed.
 */
class ReportsTest {
    @TempDir
    Path dir;

    @Test
    void theDeltaReportIsCompleteAndPrintsIntegersAsIntegers() throws Exception {
        Path out = dir.resolve("flu");
        CliRun.Result r = CliRun.run("delta", "fit", "--table",
                Path.of("..", "data", "delta", "boarding_school_1978.csv").toString(), "--target", "in_bed",
                "--baseline", "sir", "--time", "day", "--population", "763", "--features", "day,sir_s,sir_i",
                "--test-last", "4", "--hidden", "8", "--epochs", "30", "--sizes", "4,6,10", "--seeds", "1",
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Path report = out.resolve("report.html");
        assertEquals(5, ReportAssertions.check(report), "scatter, errors, time series, two learning curves");
        String html = Files.readString(report);
        assertTrue(html.contains("N 763<") || html.contains(", N 763"), "population printed as an integer");
        assertFalse(html.contains("763.000"));
        ReportAssertions.renderInChromium(report, dir);
    }

    @Test
    void theConsensusReportGivesEveryNodeItsOwnColour() throws Exception {
        Path out = dir.resolve("karate");
        CliRun.Result r = CliRun.run("dynamics", "consensus", "--graph", "karate", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Path report = out.resolve("report.html");
        assertEquals(2, ReportAssertions.check(report));
        String html = Files.readString(report);
        assertEquals(12, html.split("class=\"legend-mark\"", -1).length - 1 - 2, "12 sampled nodes, 2 error series");
        ReportAssertions.renderInChromium(report, dir);
    }

    @Test
    void theTrainReportPassesTheSameChecks() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        double nan = Double.NaN;
        TrainReport.write(run.resolve(RunFolder.REPORT), "Train", List.of(
                new MetricsRecord.Epoch(null, 1, 10, 0.1, 2.1, 0.811, 2.0, 0.82, 100, 1, nan),
                new MetricsRecord.Epoch(null, 2, 20, 0.1, 1.1, 0.88, 1.2, 0.87, 100, 2, nan),
                new MetricsRecord.Epoch(null, 3, 30, 0.1, 0.6, 0.917, 0.8, 0.9, 100, 3, nan)),
                java.util.Map.of("model", "resnet20"));
        assertEquals(3, ReportAssertions.check(run.resolve(RunFolder.REPORT)), "loss, error and learning rate");
        String html = Files.readString(run.resolve(RunFolder.REPORT));
        assertTrue(html.contains("final test accuracy") && html.contains("best test accuracy (epoch 3)"), html);
    }
}
