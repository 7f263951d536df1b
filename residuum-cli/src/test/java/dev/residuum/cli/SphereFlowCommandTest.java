package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SphereFlowCommandTest {
    @TempDir
    Path dir;

    @Test
    void theLearntFlowCarriesThePolarBandOntoTheEquatorAndDrawsThePaths() throws IOException {
        CliRun.Result r = CliRun.run("experiment", "sphere-flow", "--points", "128", "--depth", "4", "--width", "16",
                "--epochs", "60", "--batch", "32", "--lr", "2e-2", "--json", "--quiet", "--out",
                dir.resolve("run").toString());
        assertEquals(0, r.status(), r.err());
        double before = r.number("mean_geodesic_error_before");
        double after = r.number("mean_geodesic_error");
        assertTrue(before > 1.0, r.lastLine());
        assertTrue(after < 0.1 * before, r.lastLine());
        assertTrue(r.number("sphere_error") <= 1e-6, r.lastLine());
        assertTrue(r.out().contains("mean geodesic error"), r.out());
        String html = Files.readString(dir.resolve("run").resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("Paths of") && html.contains("Training loss"), "report");
    }

    @Test
    void badOptionsAreOneLineAndExitTwo() {
        String[][] cases = {{"--depth", "0"}, {"--lr", "-1"}, {"--points", "1"}, {"--lr", "NaN"}};
        for (String[] c : cases) {
            String[] args = new String[c.length + 3];
            args[0] = "experiment";
            args[1] = "sphere-flow";
            args[2] = "--quiet";
            System.arraycopy(c, 0, args, 3, c.length);
            CliRun.Result r = CliRun.run(args);
            assertEquals(2, r.status(), String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), String.join(" ", c) + ": " + r.err());
        }
    }
}
