package dev.residuum.cli;

import dev.residuum.cli.options.JsonOption;
import dev.residuum.cli.options.QuietOption;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunFolderOption;
import dev.residuum.cli.options.SeedOption;
import dev.residuum.dynamics.ConsensusPrediction;
import dev.residuum.dynamics.ConsensusRun;
import dev.residuum.dynamics.ConsensusSimulation;
import dev.residuum.dynamics.EdgeListCsv;
import dev.residuum.dynamics.WeightedGraph;
import dev.residuum.dynamics.Laplacian;
import dev.residuum.dynamics.LaplacianKind;
import dev.residuum.dynamics.LaplacianSpectrum;
import dev.residuum.io.JsonObject;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import dev.residuum.run.RunFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum dynamics consensus}: the spectrum of a graph's Laplacian, what it predicts for
 * x_{k+1} = x_k − εLx_k (stable range, optimal step, contraction rate, limit) and a simulation that checks it.
 */
@Command(name = "consensus", mixinStandardHelpOptions = true,
        description = {"Consensus x_{k+1} = x_k - eps*L*x_k on a graph: lambda_2, lambda_max, the stable range "
                + "0 < eps < eps_max, the optimal eps, predicted vs observed contraction rate, and the limit.",
            "The graph is an edge-list CSV (u,v[,w]; header optional) or a built-in name: karate, lesmis.",
            "With --out DIR, writes DIR/report.html (trajectories and error chart)."})
final class DynamicsConsensusCommand implements Callable<Integer> {
    /** Most consensus values listed in the JSON (one per component). */
    static final int MAX_LIMIT_VALUES = 100;

    @Mixin
    JsonOption json;

    @Mixin
    QuietOption quiet;

    @Option(names = "--graph", required = true, paramLabel = "FILE.csv", description = "Edge list u,v[,w], or karate / lesmis.")
    String graph;

    @Option(names = "--directed", description = "Edges are one-way (u -> v: u listens to v).")
    boolean directed;

    @Option(names = "--laplacian", defaultValue = "combinatorial", paramLabel = "combinatorial|sym|rw",
            description = "Laplacian (default ${DEFAULT-VALUE}).")
    String laplacian;

    @Option(names = "--eps", description = "Step eps (default: the optimal step eps*).")
    Double eps;

    @Option(names = "--steps", defaultValue = "200", description = "Simulated steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    SeedOption seed;

    @Mixin
    RunFolderOption runFolder;

    @Override
    public Integer call() throws IOException {
        Require.atLeast("--steps", steps, 1);
        RunFolder folder = runFolder.openIfGiven("dynamics consensus", false);
        Require.positiveIfGiven("--eps", eps);
        Progress progress = Progress.onStderr(quiet);
        long t0 = System.nanoTime();
        WeightedGraph g = loadGraph();
        LaplacianKind kind = LaplacianKind.parse(laplacian);
        Laplacian lap = new Laplacian(g, kind);
        progress.line(String.format(Locale.ROOT, "residuum: %s, %d components; computing the spectrum...", g,
                g.components().count()));
        long t1 = System.nanoTime();
        LaplacianSpectrum spectrum = LaplacianSpectrum.of(lap);
        double spectrumSeconds = (System.nanoTime() - t1) / 1e9;
        if (!spectrum.converged()) {
            progress.clear();
            System.err.println("residuum: warning: Lanczos stopped at its step bound before its tolerance; values may be inexact");
        }
        if (spectrum.nonzeroRe().length == 0) {
            throw new BadInputException("the Laplacian of " + graph + " is zero off its null space: nothing to simulate");
        }
        double step = eps != null ? eps : ConsensusPrediction.of(spectrum, 1).epsOpt();
        progress.line(String.format(Locale.ROOT, "residuum: spectrum by %s in %.2f s; simulating %d steps at eps = %.6g...",
                spectrum.method().name().toLowerCase(Locale.ROOT), spectrumSeconds, steps, step));
        double[] x0 = ConsensusSimulation.randomInitial(g.nodes(), seed.seed());
        ConsensusRun run = ConsensusSimulation.run(lap, spectrum, x0, step, steps, ConsensusSimulation.DEFAULT_SAMPLES);
        ConsensusPrediction p = run.prediction();
        Path report = RunFolderOption.writeReport(folder, file -> writeReport(file, g, spectrum, run));
        double[] limit = run.limitValues();
        JsonObject o = new JsonObject()
                .put("command", "dynamics consensus")
                .put("graph", graph)
                .put("nodes", g.nodes())
                .put("edges", g.edges())
                .put("directed", g.directed())
                .put("laplacian", kind.cliName())
                .put("components", g.components().count())
                .put("nullity", spectrum.nullity())
                .put("spectrum_method", spectrum.method().name().toLowerCase(Locale.ROOT))
                .put("lanczos_steps", spectrum.lanczosSteps())
                .put("lambda_2", spectrum.lambda2())
                .put("lambda_min_nonzero", spectrum.lambdaMinNonzero())
                .put("lambda_max", spectrum.lambdaMax())
                .put("eps", step)
                .put("eps_max", p.epsMax())
                .put("eps_opt", p.epsOpt())
                .put("stable_predicted", p.stable())
                .put("stable_observed", run.observedStable())
                .put("rate_predicted", p.rate())
                .put("rate_observed", run.rateObserved())
                .put("rate_relative_error", run.rateRelativeError())
                .put("rate_at_eps_opt", p.rateAtOpt())
                .put("rate_window", Arrays.asList(run.windowStart(), run.windowEnd()))
                .put("steps", steps)
                .put("seed", seed.seed())
                .put("disagreement_initial", run.disagreement()[0])
                .put("disagreement_final", run.disagreement()[steps])
                .put("distance_to_limit", run.distanceToLimit())
                .put("limit", limit.length <= MAX_LIMIT_VALUES ? limit : Arrays.copyOf(limit, MAX_LIMIT_VALUES))
                .put("limit_values_total", limit.length)
                .put("seconds_spectrum", spectrumSeconds)
                .put("seconds_total", (System.nanoTime() - t0) / 1e9)
                .put("report", report == null ? null : report.toString());
        PrintStream stdout = System.out;
        stdout.printf(Locale.ROOT, "%s: %d nodes, %d edges, %s Laplacian, %d component(s)%n", graph, g.nodes(), g.edges(),
                kind.cliName(), g.components().count());
        stdout.printf(Locale.ROOT, "lambda_2 = %.10g   lambda_max = %.10g   (%s)%n", spectrum.lambda2(), spectrum.lambdaMax(),
                spectrum.method().name().toLowerCase(Locale.ROOT));
        stdout.printf(Locale.ROOT, "stable for 0 < eps < %.10g; optimal eps* = %.10g (rate %.10g per step)%n", p.epsMax(),
                p.epsOpt(), p.rateAtOpt());
        stdout.printf(Locale.ROOT, "eps = %.10g: predicted rate %.12g, observed %.12g (relative gap %.2e, steps %d-%d); %s%n",
                step, p.rate(), run.rateObserved(), run.rateRelativeError(), run.windowStart(), run.windowEnd(),
                p.stable() ? "converges" : "DIVERGES");
        stdout.printf(Locale.ROOT, "limit: %s; distance after %d steps %.3e%n", describeLimit(limit), steps, run.distanceToLimit());
        json.finish(stdout, report, o);
        return 0;
    }

    private WeightedGraph loadGraph() {
        Path file = Path.of(graph);
        if (!Files.exists(file) && EdgeListCsv.BUILTIN.contains(graph)) {
            return EdgeListCsv.builtin(graph, directed);
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException("--graph " + graph + " is a folder; give an edge-list CSV file (u,v[,w]) or one of "
                    + EdgeListCsv.BUILTIN);
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("graph file " + graph + " does not exist (expected an edge-list CSV, or one of "
                    + EdgeListCsv.BUILTIN + ")");
        }
        return EdgeListCsv.read(file, directed);
    }

    private static String describeLimit(double[] values) {
        if (values.length == 0) {
            return "not a single consensus (several zero eigenvalues on a directed graph)";
        }
        if (values.length == 1) {
            return String.format(Locale.ROOT, "consensus value %.10g", values[0]);
        }
        double lo = Arrays.stream(values).min().orElse(0);
        double hi = Arrays.stream(values).max().orElse(0);
        return String.format(Locale.ROOT, "%d consensus values (one per component) in [%.6g, %.6g]", values.length, lo, hi);
    }

    private void writeReport(Path file, WeightedGraph g, LaplacianSpectrum s, ConsensusRun run) throws IOException {
        double[] k = new double[run.steps() + 1];
        for (int i = 0; i < k.length; i++) {
            k[i] = i;
        }
        ConsensusPrediction p = run.prediction();
        Chart trajectories = Chart.of("Opinions of " + run.sampleNodes().length + " sampled nodes", Axis.linear("step k"),
                Axis.linear("opinion x_k"));
        for (int i = 0; i < run.sampleNodes().length; i++) {
            trajectories = trajectories.line("node " + g.label(run.sampleNodes()[i]), k, run.samples()[i]);
        }
        double[] predicted = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            // anchored at the end of the measuring window, where the slowest mode dominates
            predicted[i] = run.disagreement()[run.windowEnd()] * Math.pow(p.rate(), i - run.windowEnd());
        }
        Chart error = Chart.of("Disagreement ||x_k - x_inf||", Axis.linear("step k"), Axis.log("distance to the limit"))
                .line("observed", k, run.disagreement())
                .line("predicted rate^k", k, predicted);
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("graph", graph + " (" + g + ")");
        rows.put("Laplacian", s.kind().cliName() + ", spectrum by " + s.method().name().toLowerCase(Locale.ROOT));
        rows.put("lambda_2 / smallest non-zero / lambda_max", fmt(s.lambda2()) + " / " + fmt(s.lambdaMinNonzero()) + " / "
                + fmt(s.lambdaMax()));
        rows.put("stable range", "0 < eps < " + fmt(p.epsMax()));
        rows.put("optimal eps*", fmt(p.epsOpt()) + " (rate " + fmt(p.rateAtOpt()) + ")");
        rows.put("eps used", fmt(p.eps()));
        rows.put("rate predicted / observed", fmt(p.rate()) + " / " + fmt(run.rateObserved()) + " (relative gap "
                + String.format(Locale.ROOT, "%.2e", run.rateRelativeError()) + ")");
        rows.put("limit", describeLimit(run.limitValues()));
        rows.put("distance to limit after " + run.steps() + " steps", String.format(Locale.ROOT, "%.3e", run.distanceToLimit()));
        Report report = Report.builder("Consensus on " + graph)
                .headline("lambda_2", s.lambda2())
                .headline("optimal eps*", p.epsOpt())
                .headline("rate predicted", p.rate())
                .headline("rate observed", run.rateObserved())
                .settings(rows)
                .chart(trajectories)
                .chart(error)
                .note("Observed rate: geometric mean of ||e_{k+1}|| / ||e_k|| over steps " + run.windowStart() + "-"
                        + run.windowEnd() + ", for seeded random initial opinions (seed " + seed.seed() + ").")
                .build();
        HtmlRenderer.write(report, file);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.10g", v);
    }
}
