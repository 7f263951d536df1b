package dev.residuum.cli;

import dev.residuum.kernel.Simd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
