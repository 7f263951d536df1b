package dev.residuum.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Timed repeats and the contention monitor of the reference script: wall-clock seconds per
 * block of steps, and the share of the machine's CPU time that other processes used meanwhile
 * (from {@code /proc/stat}, minus this process's own CPU time).
 */
final class Timing {
    /** Seconds of each repeat, and the foreign load during each (empty where unavailable). */
    record Result(List<Double> seconds, List<Double> foreignLoad, long allocatedBytes, long gcCount, long steps) {
        /** One stderr line: bytes allocated per step by the timing thread and collections seen. */
        String memoryLine() {
            return String.format(java.util.Locale.ROOT, "%d steps: %.0f bytes allocated per step, %d GC runs",
                    steps, (double) allocatedBytes / Math.max(1, steps), gcCount);
        }
    }

    private static final double CLOCK_TICKS = 100.0;

    private Timing() {
    }

    static Result repeats(Runnable step, int steps, int repeats, double waitIdle) {
        List<Double> secs = new ArrayList<>(), foreign = new ArrayList<>();
        long bytes0 = allocatedBytes(), gc0 = gcCount();
        for (int r = 0; r < repeats; r++) {
            waitIdle(waitIdle);
            long[] s0 = snapshot();
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.run();
            }
            secs.add((System.nanoTime() - t0) / 1e9);
            Double fl = foreignLoad(s0, snapshot());
            if (fl != null) {
                foreign.add(fl);
            }
        }
        return new Result(secs, foreign, allocatedBytes() - bytes0, gcCount() - gc0, (long) steps * repeats);
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            return t.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return 0;
    }

    private static long gcCount() {
        long n = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    /** busy ticks, total ticks, own CPU nanoseconds. */
    private static long[] snapshot() {
        long busy = 0, total = 0;
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long[] v = new long[8];
            for (int i = 0; i < 8 && i + 1 < f.length; i++) {
                v[i] = Long.parseLong(f[i + 1]);
            }
            for (long x : v) {
                total += x;
            }
            busy = total - v[3] - v[4];
        } catch (IOException | RuntimeException e) {
            total = 0;
        }
        long own = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            own = os.getProcessCpuTime();
        }
        return new long[] {busy, total, own};
    }

    private static Double foreignLoad(long[] a, long[] b) {
        double total = (b[1] - a[1]) / CLOCK_TICKS;
        if (total <= 0) {
            return null;
        }
        double busy = (b[0] - a[0]) / CLOCK_TICKS;
        double own = (b[2] - a[2]) / 1e9;
        return Math.min(1.0, Math.max(0.0, (busy - own) / total));
    }

    private static void waitIdle(double seconds) {
        if (seconds <= 0) {
            return;
        }
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            long[] s0 = snapshot();
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Double fl = foreignLoad(s0, snapshot());
            if (fl == null || fl < 0.1) {
                return;
            }
        }
        System.err.printf("  (machine still busy after %.0f s of --wait-idle; timing anyway)%n", seconds);
    }
}
