package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifoldFitCommandTest {
    @TempDir
    Path dir;

    @Test
    void rotationFromACsvReachesKabschAndWritesTheReport() throws IOException {
        // b = R a with R the rotation by 90° about z: (x, y, z) -> (-y, x, z)
        StringBuilder csv = new StringBuilder("a1,a2,a3,b1,b2,b3\n");
        double[][] a = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 2, 3}, {-1, 0.5, 2}, {0.3, -0.7, 0.1}};
        for (double[] p : a) {
            csv.append(p[0]).append(',').append(p[1]).append(',').append(p[2]).append(',')
                    .append(-p[1]).append(',').append(p[0]).append(',').append(p[2]).append('\n');
        }
        Path data = CliRun.write(dir.resolve("pairs.csv"), csv.toString());
        CliRun.Result r = CliRun.run("manifold", "fit", "--problem", "rotation", "--data", data.toString(), "--json",
                "--quiet", "--out", dir.resolve("run").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.number("distance_to_kabsch") < 1e-3, r.lastLine());
        assertTrue(r.number("final_loss") < 1e-6, r.lastLine());
        assertEquals(1, r.number("det"), 1e-5);
        assertTrue(r.lastLine().contains("\"rotation\": [["), r.lastLine());
        assertTrue(r.number("orthogonality_error") < 1e-5, r.lastLine());
        for (String key : new String[] {"iterations", "seconds", "gradient_norm"}) {
            assertTrue(r.number(key) >= 0, key + ": " + r.lastLine());
        }
        assertTrue(Files.readString(dir.resolve("run").resolve("report.html")).contains("<svg"));
        // the run folder is not overwritten
        CliRun.Result again = CliRun.run("manifold", "fit", "--problem", "rotation", "--data", data.toString(),
                "--out", dir.resolve("run").toString());
        assertEquals(2, again.status());
    }

    @Test
    void theSyntheticProblemsReachTheirExactAnswers() {
        CliRun.Result s = CliRun.run("manifold", "fit", "--problem", "subspace", "--size", "300", "--json", "--quiet");
        assertEquals(0, s.status(), s.err());
        assertTrue(s.number("max_principal_angle") <= 1e-3, s.lastLine());
        CliRun.Result m = CliRun.run("manifold", "fit", "--problem", "mean", "--json", "--quiet");
        assertEquals(0, m.status(), m.err());
        assertTrue(m.number("distance_to_newton") < 1e-9, m.lastLine());
        CliRun.Result e = CliRun.run("manifold", "fit", "--problem", "eigenvector", "--size", "40", "--json",
                "--quiet");
        assertEquals(0, e.status(), e.err());
        assertTrue(e.number("error_vs_ejml") <= 1e-6, e.lastLine());
    }

    @Test
    void maxIterationsCapsTheIterationsUnderEitherSpelling() {
        for (String spelling : new String[] {"--max-iterations", "--iterations"}) {
            CliRun.Result r = CliRun.run("manifold", "fit", "--problem", "subspace", "--size", "300", spelling, "3",
                    "--json", "--quiet");
            assertEquals(0, r.status(), r.err());
            assertEquals(3.0, r.number("iterations"), spelling + ": " + r.lastLine());
        }
    }

    @Test
    void theSphereMeanReportDrawsThePointsAndTheMeanOnTheSphere() throws IOException {
        Path points = CliRun.write(dir.resolve("points.csv"), "x,y,z\n1,0.1,0\n1,-0.1,0.05\n2,0,-0.2\n1,0.2,0.2\n");
        CliRun.Result r = CliRun.run("manifold", "fit", "--problem", "mean", "--data", points.toString(), "--json", "--quiet",
                "--out", dir.resolve("mean").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.number("distance_to_newton") < 1e-9, r.lastLine());
        assertTrue(r.lastLine().contains("\"mean\": ["), r.lastLine());
        String html = Files.readString(dir.resolve("mean").resolve("report.html"));
        assertTrue(html.contains("Points and their mean on the sphere") && html.contains("outline"), "report");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path missing = CliRun.write(dir.resolve("missing.csv"), "a1,a2,a3,b1\n1,2,3,4\n");
        Path zero = CliRun.write(dir.resolve("zero.csv"), "x,y,z\n0,0,0\n1,0,0\n");
        Path nan = CliRun.write(dir.resolve("nan.csv"), "x,y\n1,2\n3,NaN\n");
        Path nanPairs = CliRun.write(dir.resolve("nanpairs.csv"), "a1,a2,a3,b1,b2,b3\n1,0,0,0,1,0\n0,NaN,0,1,0,0\n");
        Path twoColumns = CliRun.write(dir.resolve("two.csv"), "x,y\n1,0\n0,1\n");
        String[][] cases = {
            {"--problem", "rotation", "--data", missing.toString()},
            {"--problem", "mean", "--data", zero.toString()},
            {"--problem", "subspace", "--data", nan.toString(), "--k", "1"},
            {"--problem", "subspace", "--data", CliRun.write(dir.resolve("ok.csv"), "x,y\n1,2\n3,5\n0,1\n").toString(), "--k", "3"},
            {"--problem", "rotation", "--data", nanPairs.toString()},
            {"--problem", "mean", "--manifold", "so3", "--data", twoColumns.toString()},
            {"--problem", "mean", "--data", nan.toString()},
            {"--problem", "mean", "--manifold", "torus"},
            {"--problem", "nope"},
            {"--problem", "mean", "--max-iterations", "0"},
            {"--problem", "mean", "--max-iterations", "3", "--iterations", "3"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 3];
            args[0] = "manifold";
            args[1] = "fit";
            args[2] = "--quiet"; // no progress line: stderr holds the error alone
            System.arraycopy(c, 0, args, 3, c.length);
            CliRun.Result r = CliRun.run(args);
            assertEquals(2, r.status(), String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), String.join(" ", c) + ": " + r.err());
        }
    }
}
