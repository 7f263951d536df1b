package dev.residuum.cli;

import dev.residuum.cli.report.HtmlReport;
import dev.residuum.cli.report.SvgChart;
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
        HtmlReport report = new HtmlReport(title).table(settings);
        if (n > 0) {
            report.heading("Loss").chart(new SvgChart("Cross-entropy by epoch", "epoch", "loss", false)
                    .series("train", epoch, trainLoss).series("test", epoch, testLoss), 900, 380);
            report.heading("Error").chart(new SvgChart("Error by epoch", "epoch", "error (%)", false)
                    .series("train", epoch, trainErr).series("test", epoch, testErr), 900, 380);
            if (anyHeap) { // flat unless something is kept from step to step
                report.heading("Memory").chart(new SvgChart("Heap in use after the last garbage collection",
                        "epoch", "MB", false).series("heap after GC", epoch, heap), 900, 300);
            }
        } else {
            report.paragraph("No epoch finished yet.");
        }
        report.write(file);
    }
}
