package dev.residuum.cli;

import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunFolderOption;
import dev.residuum.cli.options.RunOptions;
import dev.residuum.cli.options.SolverOption;
import dev.residuum.io.JsonObject;
import dev.residuum.ode.Options;
import dev.residuum.ode.fit.SpiralDemo;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import dev.residuum.run.RunFolder;
import dev.residuum.train.EpochMetrics;
import dev.residuum.train.TrainingListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code residuum experiment spiral}: torchdiffeq's ode_demo.py ({@link SpiralDemo}). */
@Command(name = "spiral", mixinStandardHelpOptions = true,
        description = {"torchdiffeq's examples/ode_demo.py: learn dy/dt = (y^3) A from 1000 points of its spiral "
                + "(windows of 10, batches of 20, RMSprop 1e-3, L1 loss, dopri5).",
            "Prints the rollout's mean absolute error over all points, wall time, field evaluations and peak heap; "
                + "scripts/spiral_pytorch.py runs the same demo in PyTorch.",
            "With --out DIR, writes DIR/report.html (true vs learned trajectory, phase portrait, loss)."})
final class SpiralCommand implements Callable<Integer> {
    @Mixin
    RunOptions runOptions;

    @Option(names = "--iterations", defaultValue = "2000", description = "Optimizer steps, whole epochs of 50 "
            + "(default ${DEFAULT-VALUE}).")
    int iterations;

    /** {@code --gradient}, {@code --rtol}, {@code --atol} of the training solves. */
    @Mixin
    SolverOption solver;

    @Override
    public Integer call() throws IOException {
        Require.atLeast("--iterations", iterations, 1);
        Options options = solver.apply(SpiralDemo.options(solver.gradient()));
        RunFolder folder = runOptions.openIfGiven("experiment spiral");
        runOptions.common().threads().apply();
        Progress progress = Progress.onStderr(runOptions.common().quiet());
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        SpiralDemo.Result r = SpiralDemo.run(iterations, options, runOptions.seed(), new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                progress.line(String.format(Locale.ROOT, "residuum: spiral epoch %d, step %d, train L1 %.5f",
                        m.epoch(), m.globalStep(), m.trainLoss()));
            }
        });
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        progress.clear();
        Path report = RunFolderOption.writeReport(folder, file -> writeReport(file, r, options));
        JsonObject o = new JsonObject().put("command", "experiment spiral").put("gradient", options.gradient().name()
                .toLowerCase(Locale.ROOT)).put("final_loss", r.finalLoss()).put("iterations", r.iterations())
                .put("seconds", r.seconds()).put("nfe", r.evaluations()).put("peak_heap_mb", peak / 1e6)
                .put("rtol", options.rtol()).put("atol", options.atol()).put("seed", runOptions.seed())
                .put("threads", runOptions.common().threads().threads()).put("report", report == null ? null : report.toString());
        System.out.printf(Locale.ROOT, "spiral (%s): final L1 %.6f after %d iterations, %.1f s, %d evaluations, peak heap "
                + "%.0f MB%n", o.get("gradient"), r.finalLoss(), r.iterations(), r.seconds(), r.evaluations(), peak / 1e6);
        runOptions.common().json().print(System.out, o);
        System.out.flush();
        return 0;
    }

    private static void writeReport(Path file, SpiralDemo.Result r, Options options) throws IOException {
        double[] t = r.truth().times();
        int n = t.length;
        float[] truth = r.truth().values(), learned = r.learned().data();
        double[][] c = new double[4][n];
        for (int i = 0; i < n; i++) {
            c[0][i] = truth[2 * i];
            c[1][i] = truth[2 * i + 1];
            c[2][i] = learned[2 * i];
            c[3][i] = learned[2 * i + 1];
        }
        double[] epochs = new double[r.epochLoss().length];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i + 1;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("gradient", options.gradient().name().toLowerCase(Locale.ROOT));
        settings.put("solver", options.solver().name() + ", rtol " + options.rtol() + ", atol " + options.atol());
        settings.put("iterations", Integer.toString(r.iterations()));
        Report report = Report.builder("Spiral demo (torchdiffeq ode_demo.py)")
                .headline("final L1", r.finalLoss())
                .headline("seconds", r.seconds())
                .settings(settings)
                .chart(Chart.of("Trajectories", Axis.linear("t"), Axis.linear("state")).line("x true", t, c[0])
                        .line("y true", t, c[1]).line("x learned", t, c[2]).line("y learned", t, c[3]))
                .chart(Chart.of("Phase portrait", Axis.linear("x"), Axis.linear("y")).line("true", c[0], c[1])
                        .line("learned", c[2], c[3]))
                .chart(Chart.of("Training loss (mean L1 per epoch)", Axis.linear("epoch"), Axis.log("L1"))
                        .line("train", epochs, r.epochLoss()))
                .build();
        HtmlRenderer.write(report, file);
    }
}
