package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Simd;
import dev.residuum.train.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Starts the CLI in a child JVM with this JVM's class path and row kernels (as the SIGKILL test of
 * {@code TrainCommandTest} does), so that a test can kill it with SIGKILL.
 */
final class ChildCli {
    private ChildCli() {
    }

    /** Starts {@code residuum args...}; stdout and stderr go to {@code log}. */
    static Process start(Path log, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Simd.enabled()) { // the same row kernels as this JVM: their float rounding differs from the scalar ones
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        return pb.start();
    }

    /**
     * Waits until {@code child} has written a mid-epoch checkpoint into {@code out}; fails (the child
     * killed) if it ends or {@code timeout} passes first.
     *
     * @param log the child's stdout and stderr, shown when it fails
     */
    static void awaitMidEpochCheckpoint(Process child, Path out, Path log, Duration timeout) throws InterruptedException {
        Pattern midEpoch = Pattern.compile("\"step_in_epoch\": [1-9]");
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean seen = false;
        while (!seen && child.isAlive() && System.nanoTime() < deadline) {
            Path json = out.resolve(Checkpoint.STATE);
            seen = Files.isRegularFile(json) && midEpoch.matcher(readQuietly(json)).find();
            if (!seen) {
                Thread.sleep(5);
            }
        }
        if (!seen) {
            child.destroyForcibly();
        }
        assertTrue(seen, "a mid-epoch checkpoint appeared; child log: " + readQuietly(log));
    }

    /** The text of {@code file}, or "" while it cannot be read (a file another process is writing). */
    static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
