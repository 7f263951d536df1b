package dev.residuum.bench;

import dev.residuum.io.JsonObject;
import dev.residuum.kernel.Gemm;
import dev.residuum.kernel.Parallel;
import dev.residuum.kernel.Simd;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the workloads of {@code shared/bench/pytorch_reference.py} in Residuum and prints the same
 * JSON lines (same workload, metric and unit names; {@code value} the median of the repeats).
 * Environment details go to stderr as one JSON line.
 */
public final class Bench {
    private Bench() {
    }

    /** Runs the selected workloads. */
    public static void run(BenchOptions o, PrintStream out, PrintStream err) {
        Parallel.setThreads(o.threads());
        err.println(new JsonObject()
                .put("env", new JsonObject().put("java", System.getProperty("java.version")).put("blas", Gemm.description())
                        .put("simd", Simd.description()).put("threads", o.threads()))
                .put("only", String.join(",", o.only())).put("quick", o.quick()).put("repeats", o.repeats())
                .put("warmup_s", o.warmupSeconds()));
        Emitter emitter = new Emitter(out, o.threads());
        boolean q = o.quick();
        ConvWorkloads.Data data = null;
        for (String w : o.only()) {
            long t0 = System.nanoTime();
            if ((w.equals("W1") || w.equals("W2") || w.equals("W3")) && data == null) {
                data = new ConvWorkloads.Data(o.data(), o.seed());
            }
            switch (w) {
                case "W1", "W2" -> {
                    for (int batch : w.equals("W1") ? o.w1Batches() : BenchOptions.REFERENCE_BATCHES) {
                        Runnable step = ConvWorkloads.train(data, w.equals("W1") ? "resnet20" : "plain20", batch, o.seed());
                        warm(step, q ? 1 : 3, o, err);
                        int n = Math.max(1, (q ? 3 : 20) * 128 / batch); // the reference's images per repeat
                        Timing.Result r = Timing.repeats(step, n, o.repeats(), o.waitIdle());
                        String name = (w.equals("W1") ? "resnet20_train" : "plain20_train") + (batch == 128 ? "" : "_b" + batch);
                        emitter.emit(name, "train_images_per_s", scaled(rates(n, r), batch), "images/s", r.foreignLoad());
                        err.println("  " + w + " batch " + batch + " " + r.memoryLine());
                    }
                }
                case "W3" -> {
                    Runnable step = ConvWorkloads.infer(data, o.seed());
                    warm(step, q ? 2 : 3, o, err);
                    int n = q ? 3 : 20;
                    Timing.Result r = Timing.repeats(step, n, o.repeats(), o.waitIdle());
                    emitter.emit("resnet20_infer", "infer_images_per_s", scaled(rates(n, r), 256), "images/s",
                            r.foreignLoad());
                }
                case "W4" -> {
                    MlpWorkloads.TrainStep step = MlpWorkloads.w4(o.seed());
                    warm(step, 50, o, err);
                    int n = q ? 200 : 2000;
                    Timing.Result r = Timing.repeats(step, n, o.repeats(), o.waitIdle());
                    emitter.emit("delta_mlp_train", "train_steps_per_s", rates(n, r), "steps/s", r.foreignLoad());
                    err.println("  W4 " + r.memoryLine());
                }
                case "W5" -> {
                    OdeWorkload step = new OdeWorkload(o.seed());
                    warm(step, q ? 2 : 3, o, err);
                    int n = q ? 3 : 20;
                    Timing.Result r = Timing.repeats(step, n, o.repeats(), o.waitIdle());
                    emitter.emit("node_rk4_train", "train_iterations_per_s", rates(n, r), "iterations/s",
                            r.foreignLoad());
                }
                case "W6" -> {
                    for (int depth : o.w6Depths()) {
                        MlpWorkloads.TrainStep step = MlpWorkloads.w6(depth, o.seed()).sideBySide(o.threads());
                        warm(step, 3, o, err);
                        int n = w6Steps(depth, q);
                        Timing.Result r = Timing.repeats(step, n, o.repeats(), o.waitIdle());
                        emitter.emit("deep_residual_mlp_" + depth, "train_steps_per_s", rates(n, r), "steps/s",
                                r.foreignLoad());
                        err.println("  W6 depth " + depth + " " + r.memoryLine());
                    }
                }
                case "W7" -> {
                    List<GemmWorkload> shapes = new ArrayList<>();
                    for (int n : new int[] {256, 1024, 2048}) {
                        shapes.add(GemmWorkload.square(n, o.seed()));
                    }
                    // W4's and W6's products, in a linear layer's three layouts: x W^T, dY W, dY^T x
                    shapes.add(GemmWorkload.of(64, 64, 64, false, true, o.seed()));
                    shapes.add(GemmWorkload.of(64, 64, 64, false, false, o.seed()));
                    shapes.add(GemmWorkload.of(64, 64, 64, true, false, o.seed()));
                    for (GemmWorkload g : shapes) {
                        double minTime = q ? 0.1 : 0.5;
                        int calls = calibrate(g, minTime);
                        Timing.Result r = Timing.repeats(g, calls, o.repeats(), o.waitIdle());
                        List<Double> gflops = new ArrayList<>();
                        for (double s : r.seconds()) {
                            gflops.add(2.0 * g.m() * g.n() * (double) g.k() * calls / s / 1e9);
                        }
                        emitter.emit("sgemm_residuum_" + g.name(), "gflops", gflops, "GFLOP/s", r.foreignLoad());
                    }
                }
                case "M1", "M2", "M3" -> {
                    ManifoldWorkloads.Workload m = ManifoldWorkloads.of(w, o.seed());
                    warm(m.step(), q ? 1 : m.warmup(), o, err);
                    int n = q ? 1 : m.steps();
                    Timing.Result r = Timing.repeats(m.step(), n, o.repeats(), o.waitIdle());
                    emitter.emit(m.name(), m.metric(), scaled(rates(n, r), m.unitsPerStep()), m.unit(), r.foreignLoad());
                    err.println("  " + w + " " + r.memoryLine());
                }
                default -> throw new IllegalArgumentException("workload " + w + " is not implemented");
            }
            err.printf("  %s done in %.1f s%n", w, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Steps per repeat of W6: the reference's 50 at depth 100 and 10 at 1 000 (5 and 2 with
     * {@code --quick}); other depths keep about the same blocks per repeat, at least 2 steps.
     */
    static int w6Steps(int depth, boolean quick) {
        if (depth == 100) {
            return quick ? 5 : 50;
        }
        if (depth == 1000) {
            return quick ? 2 : 10;
        }
        return Math.max(2, (quick ? 2000 : 10_000) / depth);
    }

    /** The reference's {@code n} warm-up steps, then more until {@link BenchOptions#warmupSeconds()} have passed. */
    private static void warm(Runnable step, int n, BenchOptions o, PrintStream err) {
        long t0 = System.nanoTime(), end = t0 + (long) (o.warmupSeconds() * 1e9);
        int steps = 0;
        for (; steps < n || System.nanoTime() < end; steps++) {
            step.run();
        }
        err.printf("  warm-up: %d steps, %.1f s%n", steps, (System.nanoTime() - t0) / 1e9);
    }

    private static List<Double> rates(int steps, Timing.Result r) {
        List<Double> out = new ArrayList<>();
        for (double s : r.seconds()) {
            out.add(steps / s);
        }
        return out;
    }

    private static List<Double> scaled(List<Double> v, double factor) {
        List<Double> out = new ArrayList<>();
        for (double x : v) {
            out.add(x * factor);
        }
        return out;
    }

    private static int calibrate(Runnable fn, double minTime) {
        fn.run();
        int reps = 1;
        while (true) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                fn.run();
            }
            double t = (System.nanoTime() - t0) / 1e9;
            if (t >= minTime) {
                return reps;
            }
            reps = t < 1e-3 ? reps * 2 : Math.max(reps + 1, (int) (reps * minTime / t * 1.2));
        }
    }
}
