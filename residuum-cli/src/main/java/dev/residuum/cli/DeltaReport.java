package dev.residuum.cli;

import dev.residuum.cli.options.CorrectionNetworkOption;
import dev.residuum.delta.Comparison;
import dev.residuum.delta.DeltaData;
import dev.residuum.delta.DeltaInputs;
import dev.residuum.delta.LearningCurve;
import dev.residuum.delta.Metrics;
import dev.residuum.delta.SirModel;
import dev.residuum.io.JsonObject;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.NumberText;
import dev.residuum.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The outputs of {@code residuum delta fit}: predictions.csv (every sample, with its split),
 * metrics.json, metrics.jsonl (one line per epoch of the Δ and direct fits) and report.html (predicted against true for baseline, Δ and direct; the series over
 * time for a SIR baseline; the learning curve on log–log axes), and the {@code --json} summary. In
 * every chart baseline, Δ and direct are added first and in that order, so they keep their colours.
 */
final class DeltaReport {
    private final DeltaFitCommand options;
    private final DeltaInputs in;
    private final Comparison.Result result;
    private final List<LearningCurve.Point> curve;
    private final double[] baseline;
    private final double[] delta;
    private final double[] direct;
    private final boolean[] isTest;

    DeltaReport(DeltaFitCommand options, DeltaInputs in, Comparison.Result result, List<LearningCurve.Point> curve) {
        this.options = options;
        this.in = in;
        this.result = result;
        this.curve = curve;
        DeltaData all = in.data();
        this.baseline = result.delta().baseline(all);
        this.delta = result.delta().predict(all);
        this.direct = result.direct().predict(all);
        this.isTest = new boolean[all.samples()];
        for (int s : in.split().test()) {
            isTest[s] = true;
        }
    }

    void writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        writePredictions(dir.resolve("predictions.csv"));
        writeEpochs(dir.resolve("metrics.jsonl"));
        Files.writeString(dir.resolve("metrics.json"), metrics().toString() + "\n", StandardCharsets.UTF_8);
        writeHtml(dir.resolve("report.html"));
    }

    private void writePredictions(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("sample,id,split,target,baseline,delta,direct\n");
        double[] y = in.data().target();
        for (int s = 0; s < y.length; s++) {
            String id = in.sampleIds()[s];
            sb.append(s).append(',').append(id.contains(",") || id.contains("\"") ? '"' + id.replace("\"", "\"\"") + '"' : id)
                    .append(',').append(isTest[s] ? "test" : "train");
            for (double v : new double[] {y[s], baseline[s], delta[s], direct[s]}) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** One JSON object per epoch of the main fit: model, epoch, training loss (standardised units), learning rate. */
    private void writeEpochs(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (var model : List.of(Map.entry("delta", result.deltaHistory()), Map.entry("direct", result.directHistory()))) {
            for (var m : model.getValue().epochs()) {
                sb.append(new JsonObject().put("model", model.getKey()).put("epoch", m.epoch() - 1).put("train_loss", m.trainLoss())
                        .put("lr", m.lr())).append('\n');
            }
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private Metrics trainMetrics(double[] prediction) {
        int[] train = in.split().train();
        double[] p = new double[train.length];
        double[] t = new double[train.length];
        for (int i = 0; i < train.length; i++) {
            p[i] = prediction[train[i]];
            t[i] = in.data().target()[train[i]];
        }
        return Metrics.of(p, t);
    }

    private static JsonObject scores(Metrics test, Metrics train) {
        return new JsonObject().put("test_mae", test.mae()).put("test_rmse", test.rmse()).put("train_mae", train.mae())
                .put("train_rmse", train.rmse());
    }

    /** The {@code --json} line: the keys first. */
    JsonObject summary(double seconds) {
        JsonObject o = new JsonObject()
                .put("baseline", scores(result.baselineMetrics(), trainMetrics(baseline)))
                .put("delta", scores(result.deltaMetrics(), trainMetrics(delta)))
                .put("direct", scores(result.directMetrics(), trainMetrics(direct)))
                .put("train_size", in.split().train().length)
                .put("test_size", in.split().test().length)
                .put("command", "delta fit")
                .put("table", options.table.toString())
                .put("target", options.target)
                .put("baseline_kind", options.baselineColumn != null ? "column:" + options.baselineColumn : options.baseline)
                .put("seed", options.runOptions.seed());
        if (curve != null) {
            o.put("learning_curve", curveJson());
        }
        return o.put("seconds", seconds).put("out", options.out.toString());
    }

    private List<JsonObject> curveJson() {
        List<JsonObject> list = new ArrayList<>();
        for (LearningCurve.Point p : curve) {
            JsonObject j = new JsonObject().put("train_size", p.trainSize()).put("repeats", p.repeats());
            for (var e : Map.of("baseline", p.baseline(), "delta", p.delta(), "direct", p.direct()).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).toList()) {
                LearningCurve.Summary s = e.getValue();
                j.put(e.getKey(), new JsonObject().put("test_mae", s.maeMean()).put("test_mae_std", s.maeStd())
                        .put("test_rmse", s.rmseMean()).put("test_rmse_std", s.rmseStd()));
            }
            list.add(j);
        }
        return list;
    }

    private JsonObject metrics() {
        JsonObject o = summary(Double.NaN)
                .put("features", options.features)
                .put("group", options.group)
                .put("hidden", options.network.hidden())
                .put("activation", options.network.activation())
                .put("epochs", options.network.epochs())
                .put("batch_size", options.network.batch())
                .put("lr", options.network.lr())
                .put("weight_decay", options.network.weightDecay())
                .put("samples", in.data().samples())
                .put("rows", in.data().rows().length)
                .put("test_samples", Arrays.stream(in.split().test()).mapToObj(s -> in.sampleIds()[s]).toList());
        SirModel sir = in.sir();
        if (sir != null) {
            o.put("sir", new JsonObject().put("beta", sir.beta()).put("gamma", sir.gamma()).put("population",
                    sir.population()).put("t0", sir.t0()).put("i0", sir.i0()).put("r0", sir.r0()));
        }
        return o;
    }

    private void writeHtml(Path file) throws IOException {
        Report.Builder page = Report.builder("Delta-learning: " + options.target + " from " + options.table.getFileName())
                .headline("test MAE, baseline", result.baselineMetrics().mae())
                .headline("test MAE, delta", result.deltaMetrics().mae())
                .headline("test MAE, direct", result.directMetrics().mae());
        page.setting("baseline", options.baselineColumn != null ? "column " + options.baselineColumn : options.baseline);
        page.setting("features", String.join(", ", options.features) + (options.group == null ? ""
                : " (per row; summed over the rows of each " + options.group + ")"));
        page.setting("samples", in.data().samples() + " (" + in.split().train().length + " training, "
                + in.split().test().length + " test" + (options.testLast != null ? ": the last " + options.testLast
                : ", seeded random split") + ")");
        CorrectionNetworkOption n = options.network;
        page.setting("network", "hidden " + n.hidden() + ", " + n.activation() + ", " + n.epochs()
                + " epochs, batch " + n.batch() + ", lr " + fmt(n.lr())
                + (n.weightDecay() > 0 ? ", AdamW weight decay " + fmt(n.weightDecay()) : ", Adam"));
        for (var e : Map.of("1 baseline", result.baselineMetrics(), "2 delta (baseline + correction)", result.deltaMetrics(),
                "3 direct (same network, target alone)", result.directMetrics()).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            page.setting("test MAE / RMSE, " + e.getKey().substring(2), fmt(e.getValue().mae()) + " / "
                    + fmt(e.getValue().rmse()));
        }
        if (in.sir() != null) {
            SirModel m = in.sir();
            page.setting("SIR fitted on the training samples", "beta " + fmt(m.beta()) + ", gamma " + fmt(m.gamma())
                    + ", R0 " + fmt(m.r0()) + ", N " + fmt(m.population()));
        }
        page.section("Predicted against true (test samples)").chart(scatter()).chart(errors());
        if (in.time() != null) {
            page.section("Over time").chart(timeSeries())
                    .note("Test samples: " + Arrays.toString(Arrays.stream(in.split().test())
                            .mapToObj(s -> in.sampleIds()[s]).toArray()) + ". The SIR baseline is fitted on the training"
                            + " samples only.");
        }
        if (curve != null) {
            page.section("Learning curve")
                    .chart(curveChart("test MAE", LearningCurve.Summary::maeMean))
                    .chart(curveChart("test RMSE", LearningCurve.Summary::rmseMean))
                    .note("Each point: mean over " + options.repeats + " seed(s); training sets are nested random subsets"
                            + " of the training split; the test split is fixed.");
        }
        HtmlRenderer.write(page.build(), file);
    }

    private Chart scatter() {
        int[] test = in.split().test();
        double[] truth = new double[test.length];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < test.length; i++) {
            truth[i] = in.data().target()[test[i]];
            lo = Math.min(lo, truth[i]);
            hi = Math.max(hi, truth[i]);
        }
        return Chart.of("Test predictions", Axis.linear("true " + options.target), Axis.linear("predicted"))
                .points("baseline", truth, result.baselinePrediction())
                .points("delta", truth, result.deltaPrediction())
                .points("direct", truth, result.directPrediction())
                .line("y = x", new double[] {lo, hi}, new double[] {lo, hi});
    }

    /** Signed test errors against the truth: tells the models apart when the targets span a wide range. */
    private Chart errors() {
        int[] test = in.split().test();
        double[] truth = new double[test.length];
        double[][] e = new double[3][test.length];
        double[][] p = {result.baselinePrediction(), result.deltaPrediction(), result.directPrediction()};
        for (int i = 0; i < test.length; i++) {
            truth[i] = in.data().target()[test[i]];
            for (int k = 0; k < 3; k++) {
                e[k][i] = p[k][i] - truth[i];
            }
        }
        return Chart.of("Test errors (predicted - true)", Axis.linear("true " + options.target),
                Axis.linear("error (predicted - true)"))
                .points("baseline", truth, e[0]).points("delta", truth, e[1]).points("direct", truth, e[2]);
    }

    private Chart timeSeries() {
        double[] t = in.time();
        Integer[] order = new Integer[t.length];
        for (int i = 0; i < t.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(t[a], t[b]));
        double[] ts = new double[t.length];
        double[][] ys = new double[4][t.length];
        for (int i = 0; i < t.length; i++) {
            int s = order[i];
            ts[i] = t[s];
            ys[0][i] = in.data().target()[s];
            ys[1][i] = baseline[s];
            ys[2][i] = delta[s];
            ys[3][i] = direct[s];
        }
        return Chart.of(options.target + " over " + options.time, Axis.linear(options.time), Axis.linear(options.target))
                .line("baseline", ts, ys[1]).line("delta", ts, ys[2]).line("direct", ts, ys[3])
                .points("observed", ts, ys[0]);
    }

    private Chart curveChart(String what, Function<LearningCurve.Summary, Double> f) {
        double[] n = curve.stream().mapToDouble(LearningCurve.Point::trainSize).toArray();
        return Chart.of(what + " against training size", Axis.log("training samples N"), Axis.log(what))
                .line("baseline", n, curve.stream().mapToDouble(p -> f.apply(p.baseline())).toArray())
                .line("delta", n, curve.stream().mapToDouble(p -> f.apply(p.delta())).toArray())
                .line("direct", n, curve.stream().mapToDouble(p -> f.apply(p.direct())).toArray());
    }

    private static String fmt(double v) {
        return NumberText.of(v);
    }
}
