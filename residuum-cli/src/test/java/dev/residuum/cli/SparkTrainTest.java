package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Simd;
import dev.residuum.run.RunFolder;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --spark local[2]}: the single-process result with {@code --micro-batches 2}, and a killed driver resumes. */
class SparkTrainTest {
    /** Two epochs of 4 steps of 32 (ResNet-8, augmented), a checkpoint every 2 steps. */
    private static final List<String> RUN = List.of("train", "--model", "resnet8", "--data", "sample", "--limit", "128",
            "--batch", "32", "--epochs", "2", "--augment", "--seed", "3", "--threads", "1", "--checkpoint-every", "2");

    @TempDir
    Path tmp;

    private static String[] args(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void sparkLocal2GivesTheResultOfTwoMicroBatches() throws IOException {
        Path spark = tmp.resolve("spark"), local = tmp.resolve("local");
        CliRun.Result[] r = sparkAndTwoMicroBatches(RUN, spark, local);
        CliRun.Result s = r[0], l = r[1];
        assertEquals(l.number("train_loss"), s.number("train_loss"), 1e-5);
        assertEquals(2, s.number("spark.partitions"));
        assertEquals(8, s.number("spark.steps"));
        for (String f : List.of(RunFolder.METRICS, RunFolder.REPORT, RunFolder.MODEL)) {
            assertTrue(Files.isRegularFile(spark.resolve(f)), f);
        }
        assertClose(local.resolve(RunFolder.MODEL), spark.resolve(RunFolder.MODEL));
    }

    /**
     * {@code --adapter-rank} (frozen backbone, the adapter trained on the executors, saved by the
     * driver) and {@code --diagnose-every} (the instruments on the driver) on Spark: the result and
     * the records of {@code --micro-batches 2}.
     */
    @Test
    void adaptersAndInstrumentsOnSparkGiveTheResultOfTwoMicroBatches() throws IOException {
        List<String> run = List.of("train", "--model", "resnet8", "--data", "sample", "--limit", "64", "--batch", "32",
                "--epochs", "1", "--seed", "3", "--threads", "1", "--adapter-rank", "2", "--diagnose-every", "1");
        Path spark = tmp.resolve("spark"), local = tmp.resolve("local");
        sparkAndTwoMicroBatches(run, spark, local);
        Path weights = Path.of(TrainCommand.ADAPTER_DIR, "adapter_model.safetensors");
        assertClose(local.resolve(weights), spark.resolve(weights));
        // the backbone stayed frozen on the executors: bit for bit the one of the local run
        assertArrayEquals(Files.readAllBytes(local.resolve(RunFolder.MODEL)), Files.readAllBytes(spark.resolve(RunFolder.MODEL)));
        List<String> probesLocal = probes(local), probesSpark = probes(spark);
        assertEquals(2, probesLocal.size(), "one record per step");
        assertEquals(probesLocal.size(), probesSpark.size());
        for (int i = 0; i < probesLocal.size(); i++) {
            assertEquals(probeLoss(probesLocal.get(i)), probeLoss(probesSpark.get(i)), 1e-4, probesSpark.get(i));
        }
    }

    /**
     * {@code run} with {@code --spark local[2]} into {@code spark} and with {@code --micro-batches 2}
     * into {@code local}: both succeed with the same test accuracy, exactly.
     *
     * @return the two results, Spark's first
     */
    private static CliRun.Result[] sparkAndTwoMicroBatches(List<String> run, Path spark, Path local) {
        CliRun.Result s = CliRun.run(args(run, "--spark", "local[2]", "--out", spark.toString(), "--json"));
        assertEquals(0, s.status(), s.err());
        CliRun.Result l = CliRun.run(args(run, "--micro-batches", "2", "--out", local.toString(), "--json"));
        assertEquals(0, l.status(), l.err());
        assertEquals(l.number("test_accuracy"), s.number("test_accuracy"), 0.0);
        return new CliRun.Result[] {s, l};
    }

    /** The same tensors in both files, every entry within 1e-5 (relative above 1). */
    private static void assertClose(Path want, Path got) throws IOException {
        Map<String, Tensor> a = Safetensors.read(want), b = Safetensors.read(got);
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            float[] x = a.get(k).data(), y = b.get(k).data();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-5 * Math.max(1, Math.abs(x[i])), k);
            }
        }
    }

    private static List<String> probes(Path run) throws IOException {
        return Files.readAllLines(run.resolve(RunFolder.METRICS)).stream().filter(x -> x.contains("\"probe_loss\"")).toList();
    }

    private static double probeLoss(String line) {
        return dev.residuum.io.Json.parseObject(line).number("probe_loss");
    }

    @Test
    void badSparkOptionsExitTwoWithOneLine() {
        CliRun.Result r = CliRun.run(args(RUN, "--spark", "local[two]", "--out", tmp.resolve("x").toString()));
        assertEquals(2, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(tmp.resolve("x")));
        CliRun.Result m = CliRun.run(args(RUN, "--micro-batches", "0", "--out", tmp.resolve("y").toString()));
        assertEquals(2, m.status(), m.err());
        // 3 shards cannot share a batch of 32 evenly: refused before the run folder appears
        CliRun.Result uneven = CliRun.run(args(RUN, "--micro-batches", "3", "--out", tmp.resolve("z").toString()));
        assertEquals(2, uneven.status(), uneven.err());
        assertEquals("residuum: Shards: a batch of 32 does not split into 3 equal local batches (one per shard); use a"
                + " batch that is a multiple of 3", uneven.err().strip());
        assertFalse(Files.exists(tmp.resolve("z")));
    }

    /**
     * A driver in a child JVM is killed with SIGKILL after a mid-epoch checkpoint; the resumed run
     * (again on Spark) ends with the very weights of an uninterrupted Spark run.
     */
    @Test
    void aKilledDriverResumesFromTheCheckpointLikeALocalRun() throws Exception {
        Path straight = tmp.resolve("straight"), killed = tmp.resolve("killed"), log = tmp.resolve("child.log");
        CliRun.Result r = CliRun.run(args(RUN, "--spark", "local[2]", "--out", straight.toString()));
        assertEquals(0, r.status(), r.err());
        Process child = startChild(args(RUN, "--spark", "local[2]", "--out", killed.toString()), log);
        ChildCli.awaitMidEpochCheckpoint(child, killed, log, Duration.ofSeconds(120));
        child.destroyForcibly(); // SIGKILL on Unix
        child.waitFor(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(killed.resolve(RunFolder.MODEL)), "killed before the end");
        CliRun.Result resumed = CliRun.run("train", "--out", killed.toString(), "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        assertArrayEquals(Files.readAllBytes(straight.resolve(RunFolder.MODEL)), Files.readAllBytes(killed.resolve(RunFolder.MODEL)));
    }

    /** The CLI in a child JVM with this JVM's class path, row kernels and the flags Spark needs. */
    private static Process startChild(String[] args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Simd.enabled()) {
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        return pb.start();
    }
}
