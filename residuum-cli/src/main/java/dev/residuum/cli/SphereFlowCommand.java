package dev.residuum.cli;

import dev.residuum.cli.options.OptimizerOption;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunFolderOption;
import dev.residuum.cli.options.RunOptions;
import dev.residuum.io.JsonObject;
import dev.residuum.manifold.flow.SphereFlow;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import dev.residuum.run.RunFolder;
import dev.residuum.train.EpochMetrics;
import dev.residuum.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code residuum experiment sphere-flow}: a stack of manifold residual blocks on S² ({@link SphereFlow}). */
@Command(name = "sphere-flow", mixinStandardHelpOptions = true,
        description = {"Learn a stack of manifold residual blocks x <- normalise(x + proj_x(F(x))) on the sphere S^2 that"
                + " carries a band around the north pole (polar angles 15-45 deg) onto a band around the equator (each"
                + " point 60 deg south and turned 30 deg about the axis: a point-to-point pairing).",
            "Prints the mean geodesic error before (the untrained stack is the identity) and after training.",
            "With --out DIR, writes DIR/report.html: the paths of some points through the blocks on the sphere"
                + " (orthographic) and the loss curve."})
final class SphereFlowCommand implements Callable<Integer> {
    /** Points whose paths the report draws (at most). */
    private static final int DRAWN_PATHS = 24;

    @Mixin
    RunOptions runOptions;

    @Option(names = "--points", defaultValue = "" + SphereFlow.Config.POINTS, description = "Points in the cloud"
            + " (default ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--depth", defaultValue = "" + SphereFlow.Config.DEPTH, description = "Blocks in the stack"
            + " (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--width", defaultValue = "" + SphereFlow.Config.WIDTH, description = "Hidden units of each block's"
            + " branch Linear(3,W)-tanh-Linear(W,3) (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--epochs", defaultValue = "" + SphereFlow.Config.EPOCHS, description = "Passes over the cloud"
            + " (default ${DEFAULT-VALUE}).")
    int epochs;

    /** {@code --batch} (points per step), {@code --lr} of Adam. */
    @Mixin
    OptimizerOption optimizer = new OptimizerOption(SphereFlow.Config.BATCH_SIZE, SphereFlow.Config.LR);

    @Override
    public Integer call() throws IOException {
        Require.atLeast("--points", points, 2);
        Require.atLeast("--depth", depth, 1);
        Require.atLeast("--width", width, 1);
        Require.atLeast("--epochs", epochs, 1);
        optimizer.check();
        RunFolder folder = runOptions.openIfGiven("experiment sphere-flow");
        runOptions.common().threads().apply();
        Progress progress = Progress.onStderr(runOptions.common().quiet());
        SphereFlow.Config config = new SphereFlow.Config(points, depth, width, epochs, optimizer.batch(), optimizer.lr(),
                runOptions.seed());
        SphereFlow.Result r = SphereFlow.run(config, new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                progress.line(String.format(Locale.ROOT, "residuum: sphere-flow epoch %d/%d, loss %.6f", m.epoch(), epochs,
                        m.trainLoss()));
            }
        });
        progress.clear();
        Path report = RunFolderOption.writeReport(folder, file -> writeReport(file, r, config));
        JsonObject o = new JsonObject().put("command", "experiment sphere-flow").put("points", points).put("depth", depth)
                .put("width", width).put("epochs", epochs).put("batch_size", optimizer.batch())
                .put("lr", optimizer.lr()).put("seed", runOptions.seed())
                .put("mean_geodesic_error_before", r.errorBefore()).put("mean_geodesic_error", r.errorAfter())
                .put("max_geodesic_error", r.maxErrorAfter()).put("final_loss", r.epochLoss()[r.epochLoss().length - 1])
                .put("sphere_error", r.sphereError()).put("steps", r.steps()).put("seconds", r.seconds())
                .put("report", report == null ? null : report.toString());
        System.out.printf(Locale.ROOT, "sphere-flow: mean geodesic error %.4f rad before training, %.4f rad after (largest"
                + " %.4f); %d blocks, %d steps in %.1f s; largest |‖x‖ - 1| over the blocks %.1e%n", r.errorBefore(),
                r.errorAfter(), r.maxErrorAfter(), depth, r.steps(), r.seconds(), r.sphereError());
        runOptions.common().json().finish(System.out, report, o);
        return 0;
    }

    private static void writeReport(Path file, SphereFlow.Result r, SphereFlow.Config c) throws IOException {
        // seen from 35 degrees above the equator: the polar cap and the front of the equatorial band
        double elevation = Math.toRadians(35);
        SphereView view = new SphereView(new double[] {Math.cos(elevation), 0, Math.sin(elevation)});
        List<double[]> trajectory = r.trajectory();
        double[] end = trajectory.get(trajectory.size() - 1);
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < c.points() && shown.size() < DRAWN_PATHS; i++) {
            if (view.visible(SphereView.row(r.source(), i)) && view.visible(SphereView.row(end, i))) {
                shown.add(i);
            }
        }
        int[] which = shown.stream().mapToInt(Integer::intValue).toArray();
        Chart paths = view.paths(view.chart("Paths of " + which.length + " points through the " + c.depth()
                + " blocks (orthographic; the far side hidden)"), "paths", trajectory, which);
        paths = view.points(paths, "start", r.source());
        paths = view.points(paths, "target", r.target());
        paths = view.points(paths, "end", end);
        double[] epoch = new double[r.epochLoss().length];
        for (int i = 0; i < epoch.length; i++) {
            epoch[i] = i + 1;
        }
        Report report = Report.builder("Sphere flow: manifold residual blocks on S^2")
                .headline("mean geodesic error before", r.errorBefore(), "rad")
                .headline("mean geodesic error after", r.errorAfter(), "rad")
                .headline("largest error after", r.maxErrorAfter(), "rad")
                .headline("seconds", r.seconds(), "s")
                .setting("points", Integer.toString(c.points()))
                .setting("blocks", c.depth() + " x normalise(x + proj_x(F(x))), F = Linear(3," + c.width() + ")-tanh-Linear("
                        + c.width() + ",3), last layer zero-initialised")
                .setting("training", c.epochs() + " epochs, batches of " + c.batchSize() + ", Adam lr " + c.lr()
                        + ", loss mean squared chord")
                .setting("seed", Long.toString(c.seed()))
                .chart(paths)
                .chart(Chart.of("Training loss by epoch", Axis.linear("epoch"), Axis.log("mean squared chord"))
                        .line("train", epoch, r.epochLoss()))
                .note(String.format(Locale.ROOT, "Every block's output is on the sphere to %.1e (largest |‖x‖ - 1|).",
                        r.sphereError()))
                .build();
        HtmlRenderer.write(report, file);
    }
}
