package dev.residuum.cli;

import dev.residuum.cli.options.JsonOption;
import dev.residuum.cli.options.QuietOption;
import dev.residuum.dynamics.FeedbackLoop;
import dev.residuum.dynamics.GainRange;
import dev.residuum.dynamics.MatrixCsv;
import dev.residuum.io.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code residuum dynamics feedback}: gains g for which x_{k+1} = (A − gBK₀)x_k is stable, and the best one. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = {"Closed loop x_{k+1} = (A - g*B*K0) x_k: the gains g with spectral radius < 1 (one or more "
                + "intervals) and the gain with the fastest decay.",
            "Matrices are CSV, one row per line, numbers only (an all-names first line is a header); "
                + "A is n x n, B is n x p, K0 is p x n."})
final class DynamicsFeedbackCommand implements Callable<Integer> {
    @Option(names = "--a", required = true, paramLabel = "FILE.csv", description = "State matrix A (n x n).")
    Path a;

    @Option(names = "--b", required = true, paramLabel = "FILE.csv", description = "Input matrix B (n x p).")
    Path b;

    @Option(names = "--k0", required = true, paramLabel = "FILE.csv", description = "Feedback direction K0 (p x n).")
    Path k0;

    @Option(names = "--g-min", description = "Lower end of the searched gains (default: -10(|A|+1)/|B K0|).")
    Double gMin;

    @Option(names = "--g-max", description = "Upper end of the searched gains (default: +10(|A|+1)/|B K0|).")
    Double gMax;

    @Option(names = "--scan", defaultValue = "4001", description = "Scan points before bisection (default ${DEFAULT-VALUE}).")
    int scan;

    @Mixin
    JsonOption json;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        FeedbackLoop loop = new FeedbackLoop(MatrixCsv.read(a), MatrixCsv.read(b), MatrixCsv.read(k0));
        double[] window = loop.defaultWindow();
        double lo = gMin != null ? gMin : window[0];
        double hi = gMax != null ? gMax : window[1];
        Progress.onStderr(quiet).line(String.format(Locale.ROOT, "residuum: scanning g in [%.6g, %.6g] at %d points...", lo,
                hi, scan));
        GainRange r = loop.stableGains(lo, hi, scan);
        List<Object> intervals = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (GainRange.Interval iv : r.stable()) {
            intervals.add(new JsonObject().put("lo", iv.lo()).put("hi", iv.hi())
                    .put("lo_is_window_edge", iv.belowWindow()).put("hi_is_window_edge", iv.aboveWindow()));
            text.append(String.format(Locale.ROOT, "%s%.12g < g < %.12g%s", text.length() > 0 ? "  or  " : "", iv.lo(), iv.hi(),
                    iv.belowWindow() || iv.aboveWindow() ? " (reaches the searched window's edge)" : ""));
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "open loop: spectral radius %.10g (%s)%n", r.openLoopRadius(),
                r.openLoopRadius() < 1 ? "stable" : "unstable");
        out.println("stable gains: " + (intervals.isEmpty() ? "none in [" + lo + ", " + hi + "]" : text));
        out.printf(Locale.ROOT, "best gain: g = %.10g, spectral radius %.10g%n", r.bestGain(), r.bestRadius());
        if (json.enabled()) {
            out.println(new JsonObject()
                    .put("command", "dynamics feedback")
                    .put("states", loop.closedLoop(0).numRows)
                    .put("open_loop_radius", r.openLoopRadius())
                    .put("stable_intervals", intervals)
                    .put("best_gain", r.bestGain())
                    .put("best_radius", r.bestRadius())
                    .put("g_min", r.gMin())
                    .put("g_max", r.gMax())
                    .put("scan_points", r.scanPoints())
                    .put("tolerance", r.tolerance()));
        }
        out.flush();
        return 0;
    }
}
