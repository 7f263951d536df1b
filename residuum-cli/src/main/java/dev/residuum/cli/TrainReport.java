package dev.residuum.cli;

import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code report.html} of a training run: loss and error curves by epoch, and the run's settings. */
final class TrainReport {
    static final String FILE = "report.html";

    private TrainReport() {
    }

    /**
     * Writes the report from the lines of {@code metrics.jsonl}.
     *
     * @param settings shown as a table, in iteration order
     */
    static void write(Path dir, String title, List<String> metricsLines, Map<String, String> settings)
            throws IOException {
        int n = metricsLines.size();
        double[] epoch = new double[n], trainLoss = new double[n], testLoss = new double[n], trainErr = new double[n],
                testErr = new double[n], heap = new double[n];
        boolean anyHeap = false;
        for (int i = 0; i < n; i++) {
            String l = metricsLines.get(i);
            epoch[i] = RunMetrics.number(l, "epoch");
            trainLoss[i] = RunMetrics.number(l, "train_loss");
            testLoss[i] = RunMetrics.number(l, "test_loss");
            trainErr[i] = 100 * RunMetrics.number(l, "train_error");
            testErr[i] = 100 * RunMetrics.number(l, "test_error");
            heap[i] = RunMetrics.number(l, "heap_after_gc_mb");
            anyHeap |= Double.isFinite(heap[i]);
        }
        Report.Builder report = Report.builder(title).settings(settings);
        if (n > 0) {
            report.section("Loss").chart(Chart.of("Cross-entropy by epoch", Axis.linear("epoch"), Axis.linear("loss"))
                    .line("train", epoch, trainLoss).line("test", epoch, testLoss));
            report.section("Error").chart(Chart.of("Error by epoch", Axis.linear("epoch"), Axis.linear("error (%)"))
                    .line("train", epoch, trainErr).line("test", epoch, testErr));
            if (anyHeap) { // flat unless something is kept from step to step
                report.section("Memory").chart(Chart.of("Heap in use after the last garbage collection",
                        Axis.linear("epoch"), Axis.linear("MB")).line("heap after GC", epoch, heap));
            }
        } else {
            report.note("No epoch finished yet.");
        }
        HtmlRenderer.write(report.build(), dir.resolve(FILE));
    }
}
