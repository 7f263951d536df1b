package dev.residuum.cli;

import dev.residuum.continual.AccuracyMatrix;
import dev.residuum.continual.ContinualRun;
import dev.residuum.continual.RowClassificationTask;
import dev.residuum.data.DataSource;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.Heatmap;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code report.html} of {@code experiment continual}: ACC, BWT, FWT and the share of the
 * backbone trained per task as headlines; the accuracy matrix R as a heat map; the accuracy on
 * each task over the sequence (before training, then after each task); parameters per task.
 */
final class ContinualReport {
    private ContinualReport() {
    }

    static void write(Path file, ContinualCommand c, ContinualRun.Result r, List<RowClassificationTask> sequence,
                      DataSource source, long backboneParameters) throws IOException {
        AccuracyMatrix m = r.accuracy();
        int t = m.tasks();
        List<String> names = new ArrayList<>();
        for (int j = 0; j < t; j++) {
            names.add("task " + (j + 1));
        }
        double[][] percent = m.rows();
        for (double[] row : percent) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= 100;
            }
        }
        Heatmap heat = Heatmap.of("Accuracy R[i][j] (%)", "after training", "accuracy on", names, names, percent, 0, 100);
        double[] time = new double[t + 1];
        for (int i = 0; i <= t; i++) {
            time[i] = i;
        }
        Chart over = Chart.of("Accuracy on each task over the sequence", Axis.linear("tasks trained (0: the backbone)"),
                Axis.linear("accuracy (%)"));
        for (int j = 0; j < t; j++) {
            double[] y = new double[t + 1];
            y[0] = 100 * m.initial().get(j);
            for (int i = 0; i < t; i++) {
                y[i + 1] = percent[i][j];
            }
            over = over.line(names.get(j) + " (" + sequence.get(j).name() + ")", time, y);
        }
        long[] trained = r.trainableParameters();
        Map<String, String> perTask = new LinkedHashMap<>();
        for (int i = 0; i < t; i++) {
            perTask.put(names.get(i), String.format(Locale.ROOT, "%d trainable parameters (%.2f%% of the backbone's %d)",
                    trained[i], 100.0 * trained[i] / backboneParameters, backboneParameters));
        }
        Report report = Report.builder("Continual learning: " + c.method + " on " + c.benchmark + " "
                        + source.name() + ", " + c.scenario + "-incremental")
                .headline("average accuracy ACC", 100 * m.averageAccuracy(), "%")
                .headline("backward transfer BWT", 100 * m.backwardTransfer(), "points")
                .headline("forward transfer FWT", 100 * m.forwardTransfer(), "points")
                .headline("trained per task", 100.0 * trained[t - 1] / backboneParameters, "% of the backbone")
                .setting("benchmark", c.benchmark + " (" + t + " tasks)")
                .setting("scenario", c.scenario)
                .setting("method", c.method + (c.method.contains("adapter") ? " (LoRA r = " + c.lora().r() + ", alpha = "
                        + c.lora().alpha() + ")" : c.method.equals("replay") ? " (memory " + c.replayBuffer + " rows)"
                        : c.method.equals("ewc") ? " (lambda " + c.ewcLambda + ", Fisher from " + c.fisherSamples
                        + " samples)" : ""))
                .setting("training", c.epochs + " epoch(s) per task, Adam lr " + c.lr + ", batch " + c.batch
                        + (c.limit == null ? "" : ", " + c.limit + " images per task") + ", seed " + c.seed)
                .setting("backbone", "MLP " + sequence.get(0).features() + "-" + c.hidden + "-" + c.hidden + " (ReLU), "
                        + (c.base == null ? "pre-trained on task 1" : "from " + c.base))
                .setting("seconds", String.format(Locale.ROOT, "%.1f", r.seconds()))
                .section("Accuracy matrix")
                .note("Row i: after training task i; column j: the accuracy on task j's test images. BWT = mean over j < T"
                        + " of R[T][j] - R[j][j] (negative: forgetting); FWT = mean over j > 1 of R[j-1][j] - b_j, with b_j"
                        + " the backbone's accuracy before the sequence (Lopez-Paz and Ranzato 2017).")
                .heatmap(heat)
                .section("Accuracy over time")
                .chart(over)
                .section("Parameters trained per task")
                .table(perTask)
                .build();
        HtmlRenderer.write(report, file);
    }
}
