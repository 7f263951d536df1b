package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.io.Json;
import dev.residuum.io.JsonObject;
import dev.residuum.report.ReportAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code experiment continual} on the shipped sample, small budgets. */
class ContinualCommandTest {
    @TempDir
    Path tmp;

    private static final String[] SMALL = {"--limit", "64", "--hidden", "32", "--batch", "32"};

    private static CliRun.Result run(Path out, String... args) {
        String[] all = new String[args.length + SMALL.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(SMALL, 0, all, args.length, SMALL.length);
        all[args.length + SMALL.length] = "--out";
        all[args.length + SMALL.length + 1] = out.toString();
        all[args.length + SMALL.length + 2] = "--json";
        String[] cmd = new String[all.length + 2];
        cmd[0] = "experiment";
        cmd[1] = "continual";
        System.arraycopy(all, 0, cmd, 2, all.length);
        return CliRun.run(cmd);
    }

    @SuppressWarnings("unchecked")
    private static double[][] matrix(JsonObject o) {
        List<Object> rows = (List<Object>) o.get("accuracy_matrix");
        double[][] r = new double[rows.size()][];
        for (int i = 0; i < r.length; i++) {
            r[i] = ((List<Object>) rows.get(i)).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        }
        return r;
    }

    @Test
    void perTaskAdaptersKeepEveryEarlierTaskToTheLastDigit() throws Exception {
        Path out = tmp.resolve("pta");
        CliRun.Result r = run(out, "--benchmark", "split", "--scenario", "task", "--method", "per-task-adapter");
        assertEquals(0, r.status(), r.err());
        JsonObject o = Json.parseObject(r.lastLine());
        assertEquals(0.0, o.number("bwt"), "BWT exactly 0");
        double[][] m = matrix(o);
        assertEquals(5, m.length);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(m[j][j], m[i][j], "R[" + i + "][" + j + "] unchanged since task " + j);
            }
        }
        // rank 4 on Linear(784, 32), Linear(32, 32), Linear(32, 10)
        long adapter = 4 * (784 + 32) + 4 * (32 + 32) + 4 * (32 + 10);
        assertEquals(List.of(adapter, adapter, adapter, adapter, adapter), o.get("trainable_parameters"));
        assertEquals(784 * 32 + 32 + 32 * 32 + 32 + 32 * 10 + 10, o.integer("backbone_parameters"));
        assertEquals(Files.readString(out.resolve("result.json")).strip(), r.lastLine());
        assertTrue(Files.isRegularFile(out.resolve("backbone.safetensors")));
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(2, ReportAssertions.check(html), "the heat map and the accuracy chart");
        assertTrue(html.contains("class=\"heatmap\"") && html.contains("Accuracy on each task over the sequence"));
        assertEquals((1 + 5) * 2, Files.readAllLines(out.resolve("metrics.jsonl")).size(), "pre-training + 5 tasks, 2 epochs");

        // The same backbone from --base: no pre-training, the same accuracies before the sequence.
        CliRun.Result again = run(tmp.resolve("base"), "--benchmark", "split", "--method", "ewc", "--base",
                out.resolve("backbone.safetensors").toString());
        assertEquals(0, again.status(), again.err());
        JsonObject b = Json.parseObject(again.lastLine());
        assertEquals(o.get("initial_accuracy"), b.get("initial_accuracy"));
        assertEquals(0.0, b.number("pretrain_seconds"));
    }

    @Test
    void classIncrementalFineTuningForgets() throws Exception {
        CliRun.Result r = run(tmp.resolve("ft"), "--benchmark", "split", "--scenario", "class", "--method", "finetune",
                "--epochs", "10", "--lr", "0.01");
        assertEquals(0, r.status(), r.err());
        JsonObject o = Json.parseObject(r.lastLine());
        assertTrue(o.number("bwt") < -0.3, "fine-tuning forgets in the class-incremental scenario: " + r.lastLine());
        CliRun.Result p = run(tmp.resolve("perm"), "--benchmark", "permuted", "--tasks", "2", "--method", "replay",
                "--replay-buffer", "20");
        assertEquals(0, p.status(), p.err());
        assertEquals(2, matrix(Json.parseObject(p.lastLine())).length);
    }

    @Test
    void badCombinationsAndTakenFoldersExitTwo() throws Exception {
        String[][] bad = {
                {"--benchmark", "split", "--scenario", "class", "--method", "per-task-adapter"},
                {"--benchmark", "permuted", "--scenario", "class", "--method", "finetune"},
                {"--benchmark", "rotated", "--method", "finetune"},
                {"--benchmark", "split", "--method", "lwf"},
                {"--benchmark", "split", "--method", "ewc", "--ewc-lambda", "-1"},
                {"--benchmark", "split", "--method", "finetune", "--tasks", "6"},
                {"--benchmark", "split", "--method", "shared-adapter", "--adapter-rank", "0"},
                {"--benchmark", "split", "--method", "shared-adapter", "--adapter-rank", "2", "--rank", "2"},
        };
        String[] expect = {"task identity", "--scenario task", "--benchmark", "--method", "--ewc-lambda", "--tasks",
                "--adapter-rank must be at least 1", "give --adapter-rank only (--rank is its old spelling)"};
        for (int i = 0; i < bad.length; i++) {
            CliRun.Result r = run(tmp.resolve("bad" + i), bad[i]);
            assertEquals(2, r.status(), String.join(" ", bad[i]) + ": " + r.err());
            assertTrue(r.err().contains(expect[i]) && r.err().strip().split("\n").length == 1, r.err());
        }
        Path out = tmp.resolve("taken");
        assertEquals(0, run(out, "--benchmark", "split", "--tasks", "1", "--method", "finetune").status());
        CliRun.Result again = run(out, "--benchmark", "split", "--tasks", "1", "--method", "finetune");
        assertEquals(2, again.status());
        assertTrue(again.err().contains("--overwrite"), again.err());
    }

    @Test
    void theAdaptersRankHasTrainsSpellingAndKeepsItsOldOne() throws Exception {
        // rank 2 on Linear(784, 32), Linear(32, 32), Linear(32, 10), one task
        List<Long> rank2 = List.of(2L * (784 + 32) + 2 * (32 + 32) + 2 * (32 + 10));
        for (String spelling : new String[] {"--adapter-rank", "--rank"}) {
            CliRun.Result r = run(tmp.resolve(spelling), "--benchmark", "split", "--tasks", "1", "--epochs", "1",
                    "--method", "shared-adapter", spelling, "2");
            assertEquals(0, r.status(), r.err());
            assertEquals(rank2, Json.parseObject(r.lastLine()).get("trainable_parameters"), spelling);
        }
    }
}
