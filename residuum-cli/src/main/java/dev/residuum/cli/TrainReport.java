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

/** {@code report.html} of a training run: loss and error curves by epoch, and the run's settings. */
final class TrainReport {
    private TrainReport() {
    }

    /**
     * Writes the report from the run's epoch records.
     *
     * @param settings shown as a table, in iteration order
     */
    static void write(Path file, String title, List<MetricsRecord.Epoch> epochs, Map<String, String> settings)
            throws IOException {
        int n = epochs.size();
        double[] epoch = new double[n], trainLoss = new double[n], testLoss = new double[n], trainErr = new double[n],
                testErr = new double[n], heap = new double[n];
        boolean anyHeap = false;
        for (int i = 0; i < n; i++) {
            MetricsRecord.Epoch e = epochs.get(i);
            epoch[i] = e.epoch();
            trainLoss[i] = e.trainLoss();
            testLoss[i] = e.testLoss();
            trainErr[i] = 100 * (1 - e.trainAccuracy());
            testErr[i] = 100 * (1 - e.testAccuracy());
            heap[i] = e.heapAfterGcMb();
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
        HtmlRenderer.write(report.build(), file);
    }
}
