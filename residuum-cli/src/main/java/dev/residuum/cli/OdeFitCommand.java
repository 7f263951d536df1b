package dev.residuum.cli;

import dev.residuum.cli.options.OptimizerOption;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunOptions;
import dev.residuum.cli.options.SolverOption;
import dev.residuum.data.CsvTable;
import dev.residuum.dynamics.MatrixCsv;
import dev.residuum.io.JsonObject;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.ode.HybridField;
import dev.residuum.ode.ModuleField;
import dev.residuum.ode.Options;
import dev.residuum.ode.fit.ObservedTrajectory;
import dev.residuum.ode.fit.TrajectoryFit;
import dev.residuum.ode.fit.WindowObjective;
import dev.residuum.optim.Adam;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import dev.residuum.run.MetricsLog;
import dev.residuum.run.MetricsRecord;
import dev.residuum.run.RunFolder;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.EpochMetrics;
import dev.residuum.train.OptimizerFactory;
import dev.residuum.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum ode fit}: a neural ODE, and with {@code --baseline-matrix} the hybrid
 * {@code dx/dt = A x + f_θ(x)}, fitted by windows ({@link TrajectoryFit}) to the rows with
 * {@code t <= --train-until}, then integrated from the first state over all rows.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fit dx/dt = f(x) (a neural ODE) and, with --baseline-matrix A.csv, the hybrid dx/dt = A x + f(x) "
                + "(the correction starts at zero) to one trajectory: windows of --window points from the rows with "
                + "t <= --train-until, each integrated from its first state; then both are integrated from the first "
                + "state over every row and scored on the later rows.",
            "Writes DIR/predictions.csv, DIR/metrics.jsonl, the checkpoint of the last model fitted and DIR/report.html."})
final class OdeFitCommand implements Callable<Integer> {
    @Mixin
    RunOptions runOptions;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Trajectory CSV with a header.")
    Path data;

    @Option(names = "--time", defaultValue = "t", description = "Time column (default ${DEFAULT-VALUE}).")
    String time;

    @Option(names = "--state", required = true, split = ",", paramLabel = "COL,...", description = "State columns.")
    List<String> state;

    @Option(names = "--baseline-matrix", paramLabel = "A.csv", description = "Known linear model d x d (no header).")
    Path baselineMatrix;

    @Option(names = "--train-until", required = true, paramLabel = "T", description = "Fit the rows with t <= T.")
    double trainUntil;

    @Option(names = "--method", defaultValue = "dopri5", description = "Solver (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--step", description = "Fixed-step solvers: the largest step (default: one per interval).")
    Double step;

    /** {@code --gradient}, {@code --rtol}, {@code --atol}. */
    @Mixin
    SolverOption solver;

    @Option(names = "--hidden", defaultValue = "64,64", split = ",", description = "Hidden widths (default ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--iterations", defaultValue = "1000", description = "Optimizer steps, whole epochs (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--window", defaultValue = "10", description = "Points per window (default ${DEFAULT-VALUE}).")
    int window;

    /** {@code --batch} (windows per step), {@code --lr} of Adam. */
    @Mixin
    OptimizerOption optimizer = new OptimizerOption(16, 3e-3);

    @Override
    public Integer call() throws IOException {
        Require.atLeast("--iterations", iterations, 1);
        Require.atLeast("--window", window, 2);
        optimizer.check();
        int[] widths = hidden.stream().mapToInt(Integer::intValue).toArray();
        for (int h : widths) {
            Require.atLeast("--hidden", h, 1);
        }
        Options options = solver.apply(Options.defaults().withMethod(method));
        if (step != null) {
            options = options.withStep(step);
        }
        RunFolder folder = runOptions.open("ode fit", false);
        if (!Files.isRegularFile(data)) {
            throw new BadInputException("--data " + data + " is not a file");
        }
        ObservedTrajectory traj = ObservedTrajectory.fromCsv(CsvTable.read(data), time, state);
        int d = traj.dims();
        int trainRows = traj.rowsUntil(trainUntil);
        if (trainRows <= window || trainRows >= traj.size()) {
            throw new BadInputException("--train-until " + trainUntil + " leaves " + trainRows + " training rows of "
                    + traj.size() + "; it needs more than --window (" + window + ") and at least one row after it");
        }
        Tensor a = baselineMatrix == null ? null : readMatrix(baselineMatrix, d);
        runOptions.common().threads().apply();
        Progress progress = Progress.onStderr(runOptions.common().quiet());
        folder.begin();
        MetricsLog metrics = MetricsLog.create(folder.file(RunFolder.METRICS));
        OptimizerFactory adam = OptimizerFactory.adam(Adam.Config.adam(optimizer.lr()));
        Map<String, TrajectoryFit.Result> results = new LinkedHashMap<>();
        Module neural = TrajectoryFit.network(d, widths, new Rng(runOptions.seed()));
        TrajectoryFit neuralFit = new TrajectoryFit(neural, ModuleField.autonomous(neural), window, optimizer.batch(), options,
                WindowObjective.Loss.MSE);
        progress.line(String.format(Locale.ROOT, "residuum: %d rows, %d for training (t <= %s); fitting the neural ODE...",
                traj.size(), trainRows, trainUntil));
        results.put("neural", neuralFit.run(traj, trainRows, iterations, adam, runOptions.seed(), a == null ? folder.dir() : null,
                "neural", listener("neural", metrics, progress)));
        Tensor known = null;
        if (a != null) {
            Module correction = TrajectoryFit.network(d, widths, new Rng(runOptions.seed()));
            HybridField hybrid = HybridField.linear(a, correction);
            TrajectoryFit hybridFit = new TrajectoryFit(correction, hybrid, window, optimizer.batch(), options,
                    WindowObjective.Loss.MSE);
            known = new WindowObjective(correction, hybrid.known(), traj, trainRows, window, options,
                    WindowObjective.Loss.MSE).rollout();
            progress.line("residuum: fitting the hybrid A x + f(x)...");
            results.put("hybrid", hybridFit.run(traj, trainRows, iterations, adam, runOptions.seed(), folder.dir(), "hybrid",
                    listener("hybrid", metrics, progress)));
        }
        progress.clear();
        writePredictions(folder, traj, results, known);
        Path report = folder.file(RunFolder.REPORT);
        writeReport(report, traj, trainRows, results, known);
        TrajectoryFit.Result main = results.getOrDefault("hybrid", results.get("neural"));
        JsonObject o = new JsonObject().put("command", "ode fit").put("data", data.toString())
                .put("rows", traj.size()).put("train_rows", trainRows).put("method", options.solver().name())
                .put("gradient", options.gradient().name().toLowerCase(Locale.ROOT))
                .put("train_mse", main.trainLoss()).put("test_mse", main.testLoss());
        if (known != null) {
            o.put("baseline_train_mse", mse(known, traj, 0, trainRows)).put("baseline_test_mse",
                    mse(known, traj, trainRows, traj.size()));
        }
        TrajectoryFit.Result n = results.get("neural");
        o.put("neural_train_mse", n.trainLoss()).put("neural_test_mse", n.testLoss());
        long nfe = 0;
        double seconds = 0;
        for (TrajectoryFit.Result r : results.values()) {
            nfe += r.evaluations();
            seconds += r.seconds();
        }
        o.put("iterations", main.iterations()).put("seconds", seconds).put("nfe", nfe).put("out", folder.dir().toString());
        System.out.printf(Locale.ROOT, "%s test MSE %.6g (train %.6g)%s; neural ODE alone test %.6g (train %.6g)%n",
                a != null ? "hybrid" : "neural ODE", main.testLoss(), main.trainLoss(),
                known != null ? String.format(Locale.ROOT, "; known model alone test %.6g", mse(known, traj, trainRows,
                        traj.size())) : "", n.testLoss(), n.trainLoss());
        System.out.println("wrote " + folder.file("predictions.csv") + ", " + folder.file(RunFolder.METRICS) + ", " + report);
        runOptions.common().json().print(System.out, o);
        System.out.flush();
        return 0;
    }

    private static TrainingListener listener(String model, MetricsLog metrics, Progress progress) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                try {
                    metrics.append(MetricsRecord.Epoch.of(model, m));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                progress.line(String.format(Locale.ROOT, "residuum: %s epoch %d, step %d, train MSE %.5g", model,
                        m.epoch(), m.globalStep(), m.trainLoss()));
            }
        };
    }

    private static double mse(Tensor rollout, ObservedTrajectory traj, int from, int to) {
        float[] r = rollout.data(), v = traj.values();
        int d = traj.dims();
        double s = 0;
        for (int i = from * d; i < to * d; i++) {
            double e = r[i] - v[i];
            s += e * e;
        }
        return s / ((to - from) * d);
    }

    /**
     * A d x d matrix read by {@link MatrixCsv} (one row per line, comma separated, an optional
     * header of names), checked to be square of the state's size and finite.
     */
    static Tensor readMatrix(Path file, int d) {
        DMatrixRMaj m;
        try {
            m = MatrixCsv.read(file);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--baseline-matrix: " + e.getMessage());
        }
        if (m.numRows != d || m.numCols != d) {
            throw new BadInputException("--baseline-matrix " + file + " is " + m.numRows + " x " + m.numCols
                    + "; the state has " + d + " columns, so A must be " + d + " x " + d);
        }
        float[] v = new float[d * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) m.data[i];
            if (!Float.isFinite(v[i])) {
                throw new BadInputException("--baseline-matrix " + file + " row " + (i / d + 1) + " has " + m.data[i]
                        + " (in float32)");
            }
        }
        return Tensor.of(v, d, d);
    }

    private static void writePredictions(RunFolder folder, ObservedTrajectory traj, Map<String, TrajectoryFit.Result> results,
            Tensor known) throws IOException {
        StringBuilder sb = new StringBuilder("t");
        List<float[]> cols = new ArrayList<>();
        List<String> prefixes = new ArrayList<>(List.of("observed"));
        cols.add(traj.values());
        if (known != null) {
            prefixes.add("known");
            cols.add(known.data());
        }
        for (Map.Entry<String, TrajectoryFit.Result> e : results.entrySet()) {
            prefixes.add(e.getKey());
            cols.add(e.getValue().rollout().data());
        }
        for (String p : prefixes) {
            for (String n : traj.names()) {
                sb.append(',').append(p).append('_').append(n);
            }
        }
        sb.append('\n');
        int d = traj.dims();
        for (int i = 0; i < traj.size(); i++) {
            sb.append(traj.times()[i]);
            for (float[] c : cols) {
                for (int j = 0; j < d; j++) {
                    sb.append(',').append(c[i * d + j]);
                }
            }
            sb.append('\n');
        }
        folder.write("predictions.csv", sb.toString());
    }

    private void writeReport(Path file, ObservedTrajectory traj, int trainRows, Map<String, TrajectoryFit.Result> results,
            Tensor known) throws IOException {
        int d = traj.dims();
        double[] t = traj.times();
        Report.Builder b = Report.builder("ODE fit of " + data.getFileName());
        for (Map.Entry<String, TrajectoryFit.Result> e : results.entrySet()) {
            b.headline(e.getKey() + " test MSE", e.getValue().testLoss());
        }
        if (known != null) {
            b.headline("known model test MSE", mse(known, traj, trainRows, traj.size()));
        }
        for (int j = 0; j < d; j++) {
            Chart c = Chart.of(traj.names().get(j) + " (training rows: t <= " + trainUntil + ")", Axis.linear(time),
                    Axis.linear(traj.names().get(j))).line("observed", t, column(traj.values(), d, j));
            if (known != null) {
                c = c.line("known model", t, column(known.data(), d, j));
            }
            for (Map.Entry<String, TrajectoryFit.Result> e : results.entrySet()) {
                c = c.line(e.getKey(), t, column(e.getValue().rollout().data(), d, j));
            }
            b.chart(c);
        }
        if (d >= 2) {
            Chart phase = Chart.of("Phase portrait", Axis.linear(traj.names().get(0)), Axis.linear(traj.names().get(1)))
                    .line("observed", column(traj.values(), d, 0), column(traj.values(), d, 1));
            for (Map.Entry<String, TrajectoryFit.Result> e : results.entrySet()) {
                float[] r = e.getValue().rollout().data();
                phase = phase.line(e.getKey(), column(r, d, 0), column(r, d, 1));
            }
            b.chart(phase);
        }
        Chart losses = Chart.of("Training loss (mean window MSE per epoch)", Axis.linear("epoch"), Axis.log("MSE"));
        for (Map.Entry<String, TrajectoryFit.Result> e : results.entrySet()) {
            double[] l = e.getValue().epochLoss();
            double[] ep = new double[l.length];
            for (int i = 0; i < ep.length; i++) {
                ep[i] = i + 1;
            }
            losses = losses.line(e.getKey(), ep, l);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("solver", method + ", " + solver.describe());
        settings.put("network", "tanh MLP " + hidden + ", Adam lr " + optimizer.lr() + ", " + iterations + " iterations");
        settings.put("windows", window + " points, batches of " + optimizer.batch());
        HtmlRenderer.write(b.settings(settings).chart(losses).build(), file);
    }

    private static double[] column(float[] v, int d, int j) {
        double[] out = new double[v.length / d];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[i * d + j];
        }
        return out;
    }
}
