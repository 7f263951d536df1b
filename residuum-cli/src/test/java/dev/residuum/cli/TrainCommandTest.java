package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Rng;
import dev.residuum.kernel.Simd;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.optim.Sgd;
import dev.residuum.run.MetricsLog;
import dev.residuum.run.MetricsRecord;
import dev.residuum.run.RunFolder;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.Checkpoint;
import dev.residuum.train.ComputeEnvironment;
import dev.residuum.train.TrainingState;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path tmp;

    private static final String[] SMALL = {"train", "--model", "resnet8", "--limit", "96", "--batch", "32", "--epochs", "2",
            "--threads", "1", "--seed", "3", "--augment", "--warmup-epochs", "1", "--schedule", "cosine"};

    private static String[] args(String[] base, String... more) {
        List<String> l = new ArrayList<>(List.of(base));
        l.addAll(List.of(more));
        return l.toArray(new String[0]);
    }

    @Test
    void aSmallRunWritesMetricsReportWeightsAndJson() throws Exception {
        Path out = tmp.resolve("run");
        CliRun.Result r = CliRun.run(args(SMALL, "--out", out.toString(), "--json"));
        assertEquals(0, r.status(), r.err());
        assertEquals(2, r.number("epochs"));
        assertEquals(6, r.number("steps"));
        double acc = r.number("test_accuracy");
        assertTrue(acc >= 0 && acc <= 1, r.lastLine());
        assertTrue(r.number("train_loss") > 0 && r.number("test_loss") > 0 && r.number("seconds") > 0
                && r.number("images_per_s") > 0, r.lastLine());
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(2, lines.size());
        for (String key : new String[] {"\"epoch\": 2", "\"lr\"", "\"train_loss\"", "\"train_accuracy\"", "\"test_loss\"",
                "\"test_accuracy\"", "\"images_per_s\"", "\"seconds\""}) {
            assertTrue(lines.get(1).contains(key), key + " in " + lines.get(1));
        }
        assertEquals(epochs(out).get(1).testAccuracy(), acc, 1e-12, "the summary's test_accuracy is the log's");
        assertEquals(r.number("train_accuracy"), epochs(out).get(1).trainAccuracy(), 1e-12);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("Error by epoch"), "charts in the report");
        // the headline numbers, the learning-rate curve, the command line and the backends
        for (String part : new String[] {"final test accuracy", "best test accuracy (epoch ", "training speed",
                "Learning rate at the end of each epoch", "bin/residuum train ", "--epochs", "BLAS", "oneDNN",
                "vector kernels"}) {
            assertTrue(html.contains(part), part + " in the report");
        }
        assertFalse(html.contains("Heap in use"), "the heap has no section of its own");
        Map<String, Tensor> weights = Safetensors.read(out.resolve("model.safetensors"));
        assertTrue(weights.containsKey("conv.weight") && weights.containsKey("fc.bias")
                && weights.containsKey("layers.2.conv1.weight"), weights.keySet().toString());
        assertTrue(Files.isRegularFile(out.resolve(Checkpoint.STATE)));
        assertTrue(r.err().contains("epoch 2/2"), r.err());
        // the result on stdout (what `train ... > out.txt` keeps), progress on stderr
        assertTrue(r.out().startsWith("done: test accuracy"), r.out());
        assertFalse(r.err().contains("done: test accuracy"), r.err());
    }

    @Test
    void quietSilencesProgressAndATerminalGetsABarDrawnInPlace() {
        CliRun.Result quiet = CliRun.run(args(SMALL, "--out", tmp.resolve("quiet").toString(), "--quiet", "--json"));
        assertEquals(0, quiet.status(), quiet.err());
        assertEquals("", quiet.err(), "nothing on stderr with --quiet");
        assertTrue(quiet.out().contains("done: test accuracy") && quiet.lastLine().startsWith("{"), quiet.out());
        // as bin/residuum says when stderr is a terminal
        CliRun.Result drawn = CliRun.withProperty(Progress.TERMINAL_PROPERTY, "true",
                () -> CliRun.run(args(SMALL, "--out", tmp.resolve("drawn").toString())));
        assertEquals(0, drawn.status(), drawn.err());
        assertTrue(drawn.err().contains("\repoch 1/2 [") && drawn.err().contains("steps/s")
                && drawn.err().contains("images/s | ETA"), drawn.err());
    }

    @Test
    void resumeNeedsOnlyTheRunFolderAndCanExtendTheRun() throws Exception {
        Path out = tmp.resolve("run");
        String[] first = {"train", "--model", "resnet8", "--limit", "64", "--batch", "32", "--epochs", "1",
                "--schedule", "constant", "--lr", "0.05", "--out", out.toString()};
        assertEquals(0, CliRun.run(first).status());
        CliRun.Result more = CliRun.run("train", "--out", out.toString(), "--resume", "--epochs", "2", "--json");
        assertEquals(0, more.status(), more.err());
        assertEquals(4, more.number("steps"), "the saved --limit 64 and --batch 32 were used");
        List<MetricsRecord.Epoch> lines = epochs(out);
        assertEquals(2, lines.size());
        assertEquals(0.05, lines.get(1).lr(), 0.0);
        assertTrue(more.lastLine().contains("\"model\": \"resnet8\""), more.lastLine());
    }

    @Test
    void aRunStoppedBeforeItsFirstCheckpointResumesFromTheStart() throws Exception {
        Path out = tmp.resolve("run");
        String[] first = {"train", "--model", "resnet8", "--limit", "64", "--batch", "32", "--epochs", "1",
                "--schedule", "constant", "--lr", "0.05", "--out", out.toString(), "--json"};
        CliRun.Result straight = CliRun.run(first);
        assertEquals(0, straight.status(), straight.err());
        // what a kill before the first checkpoint leaves: the saved arguments, nothing else
        try (var files = Files.list(out)) {
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().equals("train-args.txt")) {
                    Files.delete(p);
                }
            }
        }
        CliRun.Result again = CliRun.run("train", "--out", out.toString(), "--resume", "--json");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("no checkpoint yet in " + out), again.err());
        assertEquals(straight.number("test_accuracy"), again.number("test_accuracy"), 0.0, "the same run, from the start");
        assertEquals(straight.number("train_loss"), again.number("train_loss"), 0.0);
        assertFalse(Files.readString(out.resolve("train-args.txt")).contains("--resume"));
    }

    @Test
    void badOptionsExitTwoWithOneLine() {
        Path out = tmp.resolve("bad");
        String[][] cases = {
                {"--epochs", "0"}, {"--schedule", "step"}, {"--model", "resnet21"}, {"--shortcut", "C"},
                {"--data", tmp.resolve("missing").toString()}, {"--warmup-epochs", "5", "--epochs", "2"},
                {"--resume"}, {"--rezero", "--zero-init-residual"}};
        for (String[] c : cases) {
            CliRun.Result r = CliRun.run(args(args(new String[] {"train", "--out", out.toString()}, c)));
            assertEquals(2, r.status(), String.join(" ", c) + ": " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void startingOverAnExistingRunIsRefused() {
        Path out = tmp.resolve("run");
        String[] one = {"train", "--model", "resnet8", "--limit", "32", "--batch", "32", "--epochs", "1", "--out", out.toString()};
        assertEquals(0, CliRun.run(one).status());
        CliRun.Result again = CliRun.run(one);
        assertEquals(2, again.status());
        assertTrue(again.err().contains("--resume"), again.err());
        CliRun.Result other = CliRun.run("train", "--model", "plain8", "--limit", "32", "--epochs", "1", "--resume",
                "--out", out.toString());
        assertEquals(2, other.status());
    }

    @Test
    void aResumeWithOtherThreadsIsRefusedAndOnOtherKernelsWarns() throws Exception {
        Path out = tmp.resolve("run");
        String[] first = {"train", "--model", "resnet8", "--limit", "32", "--batch", "32", "--epochs", "1",
                "--threads", "1", "--out", out.toString()};
        assertEquals(0, CliRun.run(first).status());
        String metricsBefore = Files.readString(out.resolve("metrics.jsonl"));
        CliRun.Result two = CliRun.run("train", "--out", out.toString(), "--resume", "--epochs", "2", "--threads", "2");
        assertEquals(2, two.status(), two.err());
        assertEquals(1, two.err().strip().split("\n").length, "one line: " + two.err());
        assertTrue(two.err().contains("not be bit-exact") && two.err().contains("--threads 1"), two.err());
        assertEquals(metricsBefore, Files.readString(out.resolve("metrics.jsonl")), "the run folder is untouched");

        // the same checkpoint, as if written on another BLAS kernel
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet8"), new Rng(0));
        Sgd sgd = new Sgd(net.parameters(), Sgd.Config.heEtAl(0.1));
        TrainingState state = Checkpoint.load(out, net, sgd);
        ComputeEnvironment here = Checkpoint.environment(out);
        Checkpoint.save(out, net, sgd, state, new ComputeEnvironment(here.threads(), here.blas() + "; OPENBLAS_CORETYPE=Zen",
                here.rowKernels(), here.convolutions()));
        CliRun.Result other = CliRun.run("train", "--out", out.toString(), "--resume", "--epochs", "2", "--json");
        assertEquals(0, other.status(), other.err());
        assertTrue(other.err().contains("residuum: warning: resuming on other BLAS") && other.err().contains("OPENBLAS_CORETYPE=Zen")
                && other.err().contains("not be bit-exact"), other.err());
        assertEquals(2, other.number("epochs"));
    }

    /** The options of the runs that are stopped and resumed: two epochs of 10 steps, a checkpoint every 4 steps. */
    private static final String[] STOPPED_RUN = {"--model", "resnet20", "--limit", "320", "--batch", "32", "--epochs", "2",
            "--threads", "1", "--seed", "11", "--augment", "--checkpoint-every", "4"};

    @TempDir
    static Path shared;

    private static Path straight;

    /** The uninterrupted run that stopped runs must match, trained once for this class. */
    private static synchronized Path straightRun() {
        if (straight == null) {
            Path out = shared.resolve("straight");
            CliRun.Result r = CliRun.run(args(args(new String[] {"train"}, STOPPED_RUN), "--out", out.toString()));
            assertEquals(0, r.status(), r.err());
            straight = out;
        }
        return straight;
    }

    /** A child JVM training {@link #STOPPED_RUN} into {@code out}, stdout and stderr into {@code log}. */
    private static Process startChild(Path out, Path log) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Simd.enabled()) { // the same row kernels as this JVM: their float rounding differs from the scalar ones
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "train"));
        cmd.addAll(List.of(STOPPED_RUN));
        cmd.addAll(List.of("--out", out.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The uninterrupted run done, a child JVM training {@link #STOPPED_RUN} into {@code out} once it
     * has written a mid-epoch checkpoint there (waiting up to a minute).
     */
    private static Process childAtMidEpochCheckpoint(Path out, Path log) throws Exception {
        straightRun();
        Process child = startChild(out, log);
        ChildCli.awaitMidEpochCheckpoint(child, out, log, Duration.ofSeconds(60));
        return child;
    }

    /** Resumes the stopped run in {@code out} and checks it ends as the uninterrupted run, bit for bit. */
    private static void assertResumesToTheStraightRun(Path out) throws java.io.IOException {
        assertFalse(Files.exists(out.resolve(RunFolder.MODEL)), "stopped before the end");
        Path straight = straightRun();
        CliRun.Result resumed = CliRun.run(args(args(new String[] {"train"}, STOPPED_RUN), "--out", out.toString(), "--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        assertArrayEquals(Files.readAllBytes(straight.resolve(RunFolder.MODEL)),
                Files.readAllBytes(out.resolve(RunFolder.MODEL)));
        List<MetricsRecord.Epoch> a = epochs(straight);
        List<MetricsRecord.Epoch> b = epochs(out);
        assertEquals(2, b.size(), b.toString());
        assertEquals(a.get(1).trainLoss(), b.get(1).trainLoss(), 0.0, "train_loss");
        assertEquals(a.get(1).trainAccuracy(), b.get(1).trainAccuracy(), 0.0, "train_accuracy");
        assertEquals(a.get(1).testLoss(), b.get(1).testLoss(), 0.0, "test_loss");
        assertEquals(a.get(1).testAccuracy(), b.get(1).testAccuracy(), 0.0, "test_accuracy");
        assertEquals(a.get(1).lr(), b.get(1).lr(), 0.0, "lr");
    }

    /**
     * A child JVM trains, is killed with SIGKILL right after a mid-epoch checkpoint, and a resumed
     * run ends with the very bytes of an uninterrupted run's weights.
     */
    @Test
    void aRunKilledMidEpochResumesToTheSameWeights() throws Exception {
        Path killed = tmp.resolve("killed");
        Process child = childAtMidEpochCheckpoint(killed, tmp.resolve("child.log"));
        child.destroyForcibly(); // SIGKILL on Unix
        child.waitFor(10, TimeUnit.SECONDS);
        assertResumesToTheStraightRun(killed);
    }

    /**
     * SIGINT and SIGTERM (what Ctrl-C through bin/residuum sends) mid-run: the step finishes, a
     * checkpoint is written, one line says how to continue, the exit status is 130, and the resumed
     * run ends with the very bytes of an uninterrupted run's weights.
     */
    @Test
    void aRunStoppedBySigtermCheckpointsSaysHowToContinueAndResumesToTheSameWeights() throws Exception {
        Path stopped = tmp.resolve("stopped"), log = tmp.resolve("child.log");
        Process child = childAtMidEpochCheckpoint(stopped, log);
        // Ctrl-C through bin/residuum: SIGINT from the terminal and, at once, SIGTERM from the launcher's trap
        new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start().waitFor();
        child.destroy(); // SIGTERM on Unix
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child stopped");
        String output = ChildCli.readQuietly(log);
        assertEquals(TrainCommand.EXIT_INTERRUPTED, child.exitValue(), output);
        List<String> lines = output.lines().filter(l -> l.contains("interrupted")).toList();
        assertEquals(1, lines.size(), output);
        assertTrue(Pattern.matches("interrupted at epoch [12] step \\d+; continue with: bin/residuum train --out "
                + Pattern.quote(stopped.toString()) + " --resume", lines.get(0)), lines.get(0));
        Matcher at = Pattern.compile("epoch (\\d) step (\\d+)").matcher(lines.get(0));
        assertTrue(at.find());
        TrainingState saved = Checkpoint.peek(stopped);
        assertEquals(Integer.parseInt(at.group(1)), saved.epoch() + 1, "the checkpoint is where the line says");
        assertEquals(Integer.parseInt(at.group(2)), saved.stepInEpoch(), "the checkpoint is where the line says");
        assertResumesToTheStraightRun(stopped);
    }

    private static List<MetricsRecord.Epoch> epochs(Path run) throws java.io.IOException {
        return MetricsLog.read(run.resolve(RunFolder.METRICS)).stream().map(r -> (MetricsRecord.Epoch) r).toList();
    }

    @Test
    void oneRuleForTheRunFolder() throws Exception {
        String[] small = {"train", "--model", "resnet8", "--limit", "32", "--batch", "32"};
        // a path that is a file: named in the one-line message
        Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
        CliRun.Result f = CliRun.run(args(small, "--out", file.toString(), "--epochs", "1"));
        assertEquals(2, f.status());
        assertTrue(f.err().contains(file.toString()) && f.err().contains("is a file"), f.err());
        // failed starts leave no folder behind
        for (String[] bad : new String[][] {{"--data", tmp.resolve("nowhere").toString()}, {"--schedule", "sometimes"}}) {
            Path out = tmp.resolve("failed");
            CliRun.Result r = CliRun.run(args(args(small, "--out", out.toString(), "--epochs", "1"), bad));
            assertEquals(2, r.status(), r.err());
            assertEquals(1, r.err().strip().split("\n").length, r.err());
            assertFalse(Files.exists(out), String.join(" ", bad) + " left " + out);
        }
        // --overwrite replaces a run; with --resume it is refused
        Path out = tmp.resolve("run");
        assertEquals(0, CliRun.run(args(small, "--out", out.toString(), "--epochs", "1")).status());
        CliRun.Result over = CliRun.run(args(small, "--out", out.toString(), "--epochs", "2", "--overwrite", "--json"));
        assertEquals(0, over.status(), over.err());
        assertEquals(2, epochs(out).size());
        assertFalse(Files.readString(out.resolve("train-args.txt")).contains("--overwrite"));
        assertEquals(2, CliRun.run("train", "--out", out.toString(), "--resume", "--overwrite").status());
    }
}
