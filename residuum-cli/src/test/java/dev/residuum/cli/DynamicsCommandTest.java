package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicsCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return CliRun.write(dir.resolve(name), text);
    }

    @Test
    void consensusOnAPathPrintsTheJsonKeysAndTheClosedForm() throws IOException {
        // path 0-1-2-3: combinatorial eigenvalues 2 − 2cos(πk/4)
        Path g = write("path.csv", "u,v\n0,1\n1,2\n2,3\n");
        CliRun.Result r = CliRun.run("dynamics", "consensus", "--graph", g.toString(), "--json", "--out", dir.resolve("run").toString());
        assertEquals(0, r.status(), r.err());
        String json = r.lastLine();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        for (String key : new String[] {"nodes", "edges", "lambda_2", "lambda_max", "eps_max", "eps_opt", "rate_predicted",
            "rate_observed"}) {
            assertTrue(json.contains("\"" + key + "\": "), key);
        }
        assertEquals(4, r.number("nodes"));
        assertEquals(3, r.number("edges"));
        double l2 = 2 - 2 * Math.cos(Math.PI / 4);
        double lmax = 2 - 2 * Math.cos(3 * Math.PI / 4);
        assertEquals(l2, r.number("lambda_2"), 1e-12);
        assertEquals(lmax, r.number("lambda_max"), 1e-12);
        assertEquals(2 / lmax, r.number("eps_max"), 1e-12);
        assertEquals(2 / (l2 + lmax), r.number("eps_opt"), 1e-12);
        assertEquals(r.number("rate_predicted"), r.number("rate_observed"), 1e-6 * r.number("rate_predicted"));
        String html = Files.readString(dir.resolve("run").resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("log scale") && !html.contains("<script"));
    }

    @Test
    void builtinKarateAndOtherLaplacians() {
        CliRun.Result r = CliRun.run("dynamics", "consensus", "--graph", "karate", "--laplacian", "sym", "--eps", "0.5", "--steps", "100",
                "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(0.13227232922951626, r.number("lambda_2"), 1e-12); // numpy reference
        assertEquals(0.5, r.number("eps"), 0);
    }

    @Test
    void unstableStepIsReportedNotRejected() {
        CliRun.Result r = CliRun.run("dynamics", "consensus", "--graph", "karate", "--eps", "0.2", "--json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.lastLine().contains("\"stable_predicted\": false"));
        assertTrue(r.lastLine().contains("\"stable_observed\": false"));
    }

    @Test
    void badGraphsExitWithStatusTwoAndOneLine() throws IOException {
        String[][] cases = {
            {"selfloop.csv", "a,b\nb,b\n", "self-loop"},
            {"negative.csv", "a,b,1\nb,c,-1\n", "finite positive"},
            {"malformed.csv", "a,b\nc\n", "expected 'u,v' or 'u,v,w'"},
            {"empty.csv", "u,v\n", "no edges"},
            {"weight.csv", "a,b,1\nb,c,heavy\n", "expected a weight"},
        };
        for (String[] c : cases) {
            CliRun.Result r = CliRun.run("dynamics", "consensus", "--graph", write(c[0], c[1]).toString(), "--json");
            assertEquals(2, r.status(), c[0]);
            assertTrue(r.err().contains(c[2]), c[0] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("residuum: ") && !l.contains("...")).count(),
                    r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace");
        }
        assertEquals(2, CliRun.run("dynamics", "consensus", "--graph", dir.resolve("missing.csv").toString()).status());
        assertEquals(2, CliRun.run("dynamics", "consensus", "--graph", "karate", "--laplacian", "nope").status());
        assertEquals(2, CliRun.run("dynamics", "consensus", "--graph", "karate", "--eps", "-1").status());
        assertEquals(2, CliRun.run("dynamics", "consensus", "--graph", "karate", "--directed", "--laplacian", "sym").status());
        assertEquals(2, CliRun.run("dynamics").status());
    }

    @Test
    void feedbackFindsTheScalarRange() throws IOException {
        CliRun.Result r = CliRun.run("dynamics", "feedback", "--a", write("a.csv", "0.9\n").toString(), "--b", write("b.csv", "2\n").toString(),
                "--k0", write("k.csv", "0.5\n").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(0.9, r.number("best_gain"), 1e-9);
        assertEquals(-0.1, r.number("lo"), 1e-10);
        assertEquals(1.9, r.number("hi"), 1e-10);
    }

    @Test
    void feedbackRejectsNonSquareAndNonNumericMatrices() throws IOException {
        Path a = write("a2.csv", "1,2,3\n4,5,6\n");
        Path b = write("b2.csv", "1\n1\n");
        Path k = write("k2.csv", "1,1\n");
        CliRun.Result r = CliRun.run("dynamics", "feedback", "--a", a.toString(), "--b", b.toString(), "--k0", k.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("A must be square, got 2 × 3"), r.err());
        Path bad = write("bad.csv", "1,0\n0,x\n");
        CliRun.Result s = CliRun.run("dynamics", "feedback", "--a", bad.toString(), "--b", b.toString(), "--k0", k.toString());
        assertEquals(2, s.status());
        assertTrue(s.err().contains("line 2, column 2: expected a number, got 'x'"), s.err());
    }
}
