package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code residuum experiment spiral}: torchdiffeq's demo, shortened; both gradient modes; bad options. */
class SpiralCommandTest {
    @Test
    void aShortRunInBothGradientModesGivesTheSameLossAndWritesItsReport(@TempDir Path dir) throws Exception {
        double[] finals = new double[2];
        String[] modes = {"backprop", "adjoint"};
        for (int m = 0; m < 2; m++) {
            Path out = dir.resolve(modes[m]);
            CliRun.Result r = CliRun.run("experiment", "spiral", "--gradient", modes[m], "--iterations", "100", "--json",
                    "--quiet", "--out", out.toString());
            assertEquals(0, r.status(), r.err());
            assertEquals(100, r.number("iterations"), "whole epochs of 50 steps");
            finals[m] = r.number("final_loss");
            assertTrue(finals[m] > 0 && Double.isFinite(finals[m]), r.lastLine());
            assertTrue(r.number("nfe") > 100, r.lastLine());
            assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"), "report with a chart");
        }
        // the same seed and data: the two gradient modes differ only by the adjoint's solver error
        assertEquals(finals[0], finals[1], 0.05 * finals[0], "backprop " + finals[0] + " vs adjoint " + finals[1]);
    }

    @Test
    void badOptionsAreOneLine() {
        CliRun.Result r = CliRun.run("experiment", "spiral", "--iterations", "0");
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        CliRun.Result g = CliRun.run("experiment", "spiral", "--gradient", "sideways");
        assertEquals(2, g.status(), g.err());
    }
}
