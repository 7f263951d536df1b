package dev.residuum.cli;

import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import dev.residuum.run.MetricsRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html} of a training run: the headline numbers (final and best test accuracy, wall
 * time, images per second), loss, error and learning-rate curves by epoch, and the run's settings
 * (the command line, Residuum's version and backends among them). The heap after GC stays in
 * {@code metrics.jsonl}; it is not worth a section of the report.
 */
final class TrainReport {
    private TrainReport() {
    }

    /**
     * Writes the report from the run's epoch records.
     *
     * @param settings shown as a table, in iteration order
     */
    static void write(Path file, String title, List<MetricsRecord.Epoch> epochs, List<MetricsRecord.Probe> probes,
                      Map<String, String> settings) throws IOException {
        int n = epochs.size();
        double[] epoch = new double[n], trainLoss = new double[n], testLoss = new double[n], trainErr = new double[n],
                testErr = new double[n], lr = new double[n];
        double seconds = 0, samplesPerSecond = 0;
        int best = -1;
        for (int i = 0; i < n; i++) {
            MetricsRecord.Epoch e = epochs.get(i);
            epoch[i] = e.epoch();
            trainLoss[i] = e.trainLoss();
            testLoss[i] = e.testLoss();
            trainErr[i] = 100 * (1 - e.trainAccuracy());
            testErr[i] = 100 * (1 - e.testAccuracy());
            lr[i] = e.lr();
            seconds += e.seconds();
            samplesPerSecond += e.samplesPerSecond() / n;
            if (best < 0 || e.testAccuracy() > epochs.get(best).testAccuracy()) {
                best = i;
            }
        }
        Report.Builder report = Report.builder(title);
        if (n > 0) {
            MetricsRecord.Epoch last = epochs.get(n - 1);
            report.headline("final test accuracy", 100 * last.testAccuracy(), "%")
                    .headline("best test accuracy (epoch " + epochs.get(best).epoch() + ")",
                            100 * epochs.get(best).testAccuracy(), "%")
                    .headline("training time", seconds, "s")
                    .headline("training speed", samplesPerSecond, "images/s");
        }
        report.settings(settings);
        if (n > 0) {
            report.section("Loss").chart(Chart.of("Cross-entropy by epoch", Axis.linear("epoch"), Axis.linear("loss"))
                    .line("train", epoch, trainLoss).line("test", epoch, testLoss));
            report.section("Error").chart(Chart.of("Error by epoch", Axis.linear("epoch"), Axis.linear("error (%)"))
                    .line("train", epoch, trainErr).line("test", epoch, testErr));
            report.section("Learning rate").chart(Chart.of("Learning rate at the end of each epoch",
                    Axis.linear("epoch"), Axis.linear("learning rate")).line("learning rate", epoch, lr));
        } else {
            report.note("No epoch finished yet.");
        }
        if (!probes.isEmpty()) {
            report.section("Stability over training");
            report.note("The instruments of --diagnose-every on a fixed batch of test images, for the first block,"
                    + " blocks at 1/3 and 2/3 of the depth, and the last block.");
            probeCharts(probes).forEach(report::chart);
        }
        HtmlRenderer.write(report.build(), file);
    }

    /** One chart per quantity the probes hold: its value against the step, for four blocks. */
    static List<Chart> probeCharts(List<MetricsRecord.Probe> probes) {
        List<String> blocks = probes.get(0).blocks();
        int depth = blocks.size();
        java.util.SortedSet<Integer> shown = new java.util.TreeSet<>(List.of(0, depth / 3, 2 * depth / 3, depth - 1));
        double[] step = probes.stream().mapToDouble(MetricsRecord.Probe::iteration).toArray();
        List<Chart> out = new java.util.ArrayList<>();
        for (String quantity : probes.get(0).values().keySet()) {
            boolean positive = !quantity.startsWith("cosine") && !quantity.startsWith("alpha");
            Chart c = Chart.of(quantity + " by step", Axis.linear("step"),
                    positive ? Axis.log(quantity) : Axis.linear(quantity));
            boolean any = false;
            for (int l : shown) {
                double[] y = new double[probes.size()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = probes.get(i).values(quantity)[l];
                }
                if (java.util.Arrays.stream(y).anyMatch(Double::isFinite)) {
                    c = c.line(blocks.get(l), step, y);
                    any = true;
                }
            }
            if (any) {
                out.add(c);
            }
        }
        return out;
    }
}
