package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return CliRun.write(dir.resolve(name), text);
    }

    /** x, baseline = 2 sin(3x), y = baseline + 0.5 x^2, n rows. */
    private Path smooth(int n) throws IOException {
        StringBuilder sb = new StringBuilder("x,noise,base,y\n");
        for (int i = 0; i < n; i++) {
            double x = -2 + 4.0 * ((i * 37) % n) / n;
            double b = 2 * Math.sin(3 * x);
            sb.append(String.format(Locale.ROOT, "%.6f,%.3f,%.9f,%.9f%n", x, Math.cos(7 * i), b, b + 0.5 * x * x));
        }
        return write("smooth.csv", sb.toString());
    }

    @Test
    void theBoardingSchoolOutbreakIsBetterPredictedBySirPlusDelta() throws IOException {
        Path out = dir.resolve("flu");
        CliRun.Result r = CliRun.run("delta", "fit", "--table", Path.of("..", "data", "delta", "boarding_school_1978.csv").toString(),
                "--target", "in_bed", "--baseline", "sir", "--time", "day", "--population", "763",
                "--features", "day,sir_s,sir_i", "--test-last", "4", "--hidden", "16", "--epochs", "1000",
                "--batch-size", "16", "--lr", "0.01", "--weight-decay", "0.01", "--seed", "0", "--out", out.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        String json = r.lastLine();
        for (String key : new String[] {"baseline", "delta", "direct"}) {
            assertTrue(json.contains("\"" + key + "\": {\"test_mae\": "), json);
        }
        assertEquals(10, r.number("train_size"));
        assertEquals(4, r.number("test_size"));
        double sir = r.number("baseline.test_mae"), delta = r.number("delta.test_mae"), direct = r.number("direct.test_mae");
        assertTrue(delta < sir && delta < direct, "MAE SIR " + sir + ", delta " + delta + ", direct " + direct);
        assertTrue(r.number("delta.test_rmse") < r.number("baseline.test_rmse"));
        assertTrue(r.number("delta.test_rmse") < r.number("direct.test_rmse"));
        String csv = Files.readString(out.resolve("predictions.csv"));
        assertEquals(15, csv.strip().split("\n").length);
        assertTrue(csv.contains("\n13,14,test,4.0,"), csv);
        List<String> epochs = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(2000, epochs.size());
        assertTrue(epochs.get(0).startsWith("{\"model\": \"delta\", \"epoch\": 0, \"train_loss\": "), epochs.get(0));
        String metrics = Files.readString(out.resolve("metrics.json"));
        assertTrue(metrics.contains("\"sir\": {\"beta\": "), metrics);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("<circle") && !html.contains("<script"), "self-contained SVG");
    }

    @Test
    void aBaselineColumnWithALearningCurveOnLogLogAxes() throws IOException {
        Path data = smooth(240);
        Path out = dir.resolve("curve");
        CliRun.Result r = CliRun.run("delta", "fit", "--table", data.toString(), "--target", "y", "--baseline-column", "base",
                "--features", "x,noise", "--hidden", "16", "--epochs", "60", "--lr", "0.01", "--train-size", "160",
                "--sizes", "10,40,160", "--seeds", "2", "--out", out.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(160, r.number("train_size"));
        assertEquals(80, r.number("test_size"));
        assertTrue(r.lastLine().contains("\"learning_curve\": [{\"train_size\": 10"), r.lastLine());
        assertTrue(r.number("delta.test_mae") < 0.5 * r.number("baseline.test_mae"), r.lastLine());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("training samples N (log scale)") && html.contains("test MAE (log scale)"));
        // the same seed gives the same numbers
        CliRun.Result again = CliRun.run("delta", "fit", "--table", data.toString(), "--target", "y", "--baseline-column", "base",
                "--features", "x,noise", "--hidden", "16", "--epochs", "60", "--lr", "0.01", "--train-size", "160",
                "--out", dir.resolve("again").toString(), "--json");
        assertEquals(r.number("delta.test_mae"), again.number("delta.test_mae"), 0.0);
    }

    @Test
    void groupedRowsAreSummedAndCbsExtrapolates() throws IOException {
        // molecules of 1-3 atoms; per-atom feature z; energy = sum of atom terms + cbs(e2, e3)
        StringBuilder sb = new StringBuilder("mol,z,e2,e3,energy\n");
        for (int m = 0; m < 60; m++) {
            int atoms = 1 + m % 3;
            double e2 = -0.1 - 0.001 * m, e3 = e2 - 0.05;
            double cbs = (8 * e2 - 27 * e3) / (8 - 27);
            double[] z = new double[atoms];
            double sum = 0;
            for (int a = 0; a < atoms; a++) {
                z[a] = 1 + (m + 2 * a) % 4;
                sum += 0.01 * z[a] * z[a];
            }
            for (int a = 0; a < atoms; a++) {
                sb.append(String.format(Locale.ROOT, "m%d,%.1f,%.9f,%.9f,%.12f%n", m, z[a], e2, e3, cbs + sum));
            }
        }
        Path data = write("mol.csv", sb.toString());
        CliRun.Result r = CliRun.run("delta", "fit", "--table", data.toString(), "--target", "energy", "--baseline", "cbs",
                "--cbs-columns", "e2,e3", "--cardinals", "2,3", "--features", "z", "--group", "mol", "--hidden", "16",
                "--epochs", "150", "--lr", "0.01", "--batch-size", "8", "--out", dir.resolve("mol").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(48, r.number("train_size"));
        assertEquals(12, r.number("test_size"));
        assertTrue(r.number("delta.test_mae") < 0.1 * r.number("baseline.test_mae"), r.lastLine());
        String csv = Files.readString(dir.resolve("mol").resolve("predictions.csv"));
        assertEquals(61, csv.strip().split("\n").length);
        assertTrue(csv.contains(",m0,"));
    }

    private CliRun.Result bad(Path data, String... extra) {
        String[] base = {"delta", "fit", "--table", data.toString(), "--target", "y", "--baseline-column", "base",
            "--features", "x", "--epochs", "1", "--out", dir.resolve("bad").toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliRun.Result r = CliRun.run(args);
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals(1, r.err().strip().split("\n").length, "one line: " + r.err());
        return r;
    }

    @Test
    void badInputIsOneLineNamingFileRowAndColumn() throws IOException {
        String ok = "x,base,y\n1,0.5,1\n2,0.7,2\n3,0.1,2.5\n";
        CliRun.Result r = bad(write("missing.csv", ok.replace("base", "bse")));
        assertTrue(r.err().contains("missing.csv") && r.err().contains("no column 'base'"), r.err());

        r = bad(write("text.csv", ok.replace("2,0.7,2", "2,abc,2")));
        assertTrue(r.err().contains("text.csv: row 2 (line 3), baseline column 'base': 'abc' is not a number"), r.err());

        r = bad(write("nan.csv", ok.replace("3,0.1,2.5", "3,0.1,NaN")));
        assertTrue(r.err().contains("nan.csv: row 3 (line 4), target column 'y'") && r.err().contains("not a finite"), r.err());

        r = bad(write("empty-target.csv", ok.replace("1,0.5,1", "1,0.5,")));
        assertTrue(r.err().contains("row 1 (line 2), target column 'y': empty cell"), r.err());

        r = bad(write("empty.csv", ""));
        assertTrue(r.err().contains("empty.csv: the file is empty"), r.err());

        r = bad(write("constant.csv", "x,base,y\n1,0.5,1\n1,0.7,2\n1,0.1,2.5\n"));
        assertTrue(r.err().contains("constant.csv: rows 1-3, feature column 'x': constant"), r.err());

        r = bad(write("short.csv", "x,base,y\n1,0.5,1\n2,0.7\n"));
        assertTrue(r.err().contains("short.csv: row 2 (line 3) has 2 cells"), r.err());

        r = bad(write("ok.csv", ok), "--train-size", "3");
        assertTrue(r.err().contains("--train-size must be between 1 and 2"), r.err());

        r = bad(write("ok2.csv", ok), "--train-size", "2", "--sizes", "1,3");
        assertTrue(r.err().contains("--sizes must increase from 1 to the training split's 2 samples"), r.err());

        r = bad(dir.resolve("nowhere.csv"));
        assertTrue(r.err().contains("nowhere.csv: no such file"), r.err());
    }

    @Test
    void exactlyOneBaselineIsRequired() throws IOException {
        Path data = smooth(20);
        CliRun.Result r = CliRun.run("delta", "fit", "--table", data.toString(), "--target", "y", "--features", "x", "--out",
                dir.resolve("x").toString());
        assertEquals(2, r.status());
        r = CliRun.run("delta", "fit", "--table", data.toString(), "--target", "y", "--features", "x", "--baseline", "magic",
                "--out", dir.resolve("x").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--baseline must be sir or cbs"), r.err());
    }

    /** Micro-batches side by side on two threads fit the same network, bit for bit, as in turn on one. */
    @Test
    void microBatchesSideBySideGiveTheSamePredictionsAsInTurn() throws IOException {
        Path data = smooth(120);
        String[] predictions = new String[2];
        for (int threads = 1; threads <= 2; threads++) {
            Path out = dir.resolve("mb" + threads);
            CliRun.Result r = CliRun.run("delta", "fit", "--table", data.toString(), "--target", "y", "--baseline-column",
                    "base", "--features", "x,noise", "--hidden", "16", "--epochs", "20", "--lr", "0.01", "--batch", "16",
                    "--micro-batches", "2", "--threads", String.valueOf(threads), "--out", out.toString(), "--json");
            assertEquals(0, r.status(), r.err());
            predictions[threads - 1] = Files.readString(out.resolve("predictions.csv"));
        }
        assertEquals(predictions[0], predictions[1]);
        CliRun.Result bad = CliRun.run("delta", "fit", "--table", data.toString(), "--target", "y", "--baseline-column",
                "base", "--features", "x", "--micro-batches", "0", "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--micro-batches"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    @Test
    void batchIsSpelledAsInEveryCommandAndTheUsageLineIsReadable() throws IOException {
        Path data = smooth(40);
        CliRun.Result r = CliRun.run("delta", "fit", "--table", data.toString(), "--target", "y", "--baseline-column", "base",
                "--features", "x,noise", "--epochs", "3", "--batch", "8", "--out", dir.resolve("b").toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(dir.resolve("b").resolve("metrics.json")).contains("\"batch_size\": 8"));
        CliRun.Result both = CliRun.run("delta", "fit", "--table", data.toString(), "--target", "y", "--baseline-column",
                "base", "--features", "x", "--batch", "8", "--batch-size", "8", "--out", dir.resolve("c").toString());
        assertEquals(2, both.status());
        CliRun.Result help = CliRun.run("delta", "fit", "--help");
        assertEquals(0, help.status());
        String synopsis = help.out().substring(0, help.out().indexOf("Fit a Delta-model"));
        assertEquals(1, synopsis.split("--features", -1).length - 1, synopsis);
        assertTrue(synopsis.contains("--features=COL[,COL...]") && !synopsis.contains("...."), synopsis);
        assertFalse(help.out().contains("--batch-size"), "the old spelling is hidden");
    }
}
