package dev.residuum.cli;

import dev.residuum.io.JsonObject;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import dev.residuum.run.MetricsLog;
import dev.residuum.run.MetricsRecord;
import dev.residuum.run.RunFolder;
import dev.residuum.train.Checkpoint;
import dev.residuum.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files of an {@code experiment rezero} run: its metrics log (cut back, on resume, to what each
 * variant's checkpoint covers), the per-variant summary, the report.
 */
final class ReZeroRuns {
    /** Marker file of a variant whose loss stopped being finite. */
    static final String DIVERGED = "diverged.txt";
    /** Points per line of a chart. */
    static final int CHART_POINTS = 400;

    private ReZeroRuns() {
    }

    /**
     * The run's metrics log. On resume, each variant keeps the records its checkpoint covers (steps up
     * to the checkpoint's, epochs it finished); a variant without a checkpoint keeps none (diverged
     * ones keep all).
     */
    static MetricsLog openMetrics(RunFolder folder, List<String> variants, boolean resume) throws IOException {
        Path file = folder.file(RunFolder.METRICS);
        if (!resume || !Files.isRegularFile(file)) {
            return MetricsLog.create(file);
        }
        Map<String, long[]> covered = new LinkedHashMap<>(); // variant -> {steps, epochs done}
        for (String v : variants) {
            Path dir = folder.dir().resolve(v);
            if (Files.exists(dir.resolve(DIVERGED))) {
                covered.put(v, new long[] {Long.MAX_VALUE, Integer.MAX_VALUE});
            } else if (Checkpoint.exists(dir)) {
                TrainingState s = Checkpoint.peek(dir);
                covered.put(v, new long[] {s.globalStep(), s.epoch()});
            }
        }
        List<MetricsRecord> kept = new ArrayList<>();
        for (MetricsRecord r : MetricsLog.read(file)) {
            String model = r instanceof MetricsRecord.Step s ? s.model() : r instanceof MetricsRecord.Epoch e
                    ? e.model() : ((MetricsRecord.Probe) r).model();
            long[] c = covered.get(model);
            if (c == null) {
                continue;
            }
            boolean keep = r instanceof MetricsRecord.Epoch e ? e.epoch() <= c[1]
                    : (r instanceof MetricsRecord.Step s ? s.iteration() : ((MetricsRecord.Probe) r).iteration()) <= c[0];
            if (keep) {
                kept.add(r);
            }
        }
        MetricsLog log = MetricsLog.create(file);
        for (MetricsRecord r : kept) {
            log.append(r);
        }
        return log;
    }

    /** One variant's numbers. */
    record VariantResult(String name, long steps, double[] iteration, double[] smoothedLoss, double[] epochLoss,
                         double[] epochTestAccuracy, long stepsToTarget, double imagesPerSecond, boolean diverged) {
        double lastLoss() {
            return smoothedLoss.length == 0 ? Double.NaN : smoothedLoss[smoothedLoss.length - 1];
        }
    }

    /** All variants' numbers. */
    record Summary(List<VariantResult> variants, double target, int window) {
        String table() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s %8s %12s %14s  %s%n", "variant",
                    "steps", "loss (last " + window + ")", "steps to " + target, "training loss by epoch"));
            for (VariantResult v : variants) {
                StringBuilder epochs = new StringBuilder();
                for (double l : v.epochLoss()) {
                    epochs.append(String.format(Locale.ROOT, " %.3f", l));
                }
                sb.append(String.format(Locale.ROOT, "%-10s %8d %12.4f %14s %s%s%n", v.name(), v.steps(), v.lastLoss(),
                        v.stepsToTarget() < 0 ? "not reached" : Long.toString(v.stepsToTarget()), epochs,
                        v.diverged() ? " (diverged)" : ""));
            }
            return sb.toString();
        }

        JsonObject toJson() {
            JsonObject o = new JsonObject().put("target_loss", target).put("window", window);
            List<Object> list = new ArrayList<>();
            for (VariantResult v : variants) {
                list.add(new JsonObject().put("variant", v.name()).put("steps", v.steps())
                        .put("final_loss", v.lastLoss()).put("steps_to_target", v.stepsToTarget() < 0 ? null
                                : v.stepsToTarget())
                        .put("epoch_train_loss", v.epochLoss()).put("epoch_test_accuracy", v.epochTestAccuracy())
                        .put("images_per_s", v.imagesPerSecond()).put("diverged", v.diverged()));
            }
            return o.put("variants", list);
        }
    }

    /** The numbers of each variant from the log. */
    static Summary summarise(MetricsLog log, List<String> variants, double target, int window) {
        List<VariantResult> out = new ArrayList<>();
        for (String v : variants) {
            List<MetricsRecord.Step> steps = new ArrayList<>();
            List<MetricsRecord.Epoch> epochs = new ArrayList<>();
            for (MetricsRecord r : log.records()) {
                if (r instanceof MetricsRecord.Step s && v.equals(s.model())) {
                    steps.add(s);
                } else if (r instanceof MetricsRecord.Epoch e && v.equals(e.model())) {
                    epochs.add(e);
                }
            }
            double[] it = new double[steps.size()], smooth = new double[steps.size()];
            double sum = 0;
            long reached = -1;
            boolean diverged = false;
            for (int i = 0; i < steps.size(); i++) {
                double loss = steps.get(i).loss();
                diverged |= !Double.isFinite(loss);
                sum += loss - (i >= window ? steps.get(i - window).loss() : 0);
                it[i] = steps.get(i).iteration();
                smooth[i] = sum / Math.min(i + 1, window);
                if (reached < 0 && i + 1 >= window && smooth[i] <= target) {
                    reached = steps.get(i).iteration();
                }
            }
            double[] epochLoss = epochs.stream().mapToDouble(MetricsRecord.Epoch::trainLoss).toArray();
            double[] epochAcc = epochs.stream().mapToDouble(MetricsRecord.Epoch::testAccuracy).toArray();
            double speed = epochs.stream().mapToDouble(MetricsRecord.Epoch::samplesPerSecond).average().orElse(Double.NaN);
            out.add(new VariantResult(v, steps.isEmpty() ? 0 : steps.get(steps.size() - 1).iteration(), it, smooth,
                    epochLoss, epochAcc, reached, speed, diverged));
        }
        return new Summary(out, target, window);
    }

    /** {@code report.html}: loss against steps, loss by epoch, the table. */
    static void writeReport(Path file, Summary summary, Map<String, String> settings, boolean partial)
            throws IOException {
        Chart curve = Chart.of("Training loss (mean of the last " + summary.window() + " steps)", Axis.linear("step"),
                Axis.log("cross-entropy"));
        Chart byEpoch = Chart.of("Training loss by epoch", Axis.linear("epoch"), Axis.log("cross-entropy"));
        Map<String, String> table = new LinkedHashMap<>();
        for (VariantResult v : summary.variants()) {
            if (v.iteration().length > 0) {
                curve = curve.line(v.name(), thin(v.iteration()), thin(v.smoothedLoss()));
            }
            if (v.epochLoss().length > 0) {
                double[] e = new double[v.epochLoss().length];
                for (int i = 0; i < e.length; i++) {
                    e[i] = i + 1;
                }
                byEpoch = byEpoch.line(v.name(), e, v.epochLoss());
            }
            StringBuilder epochs = new StringBuilder();
            for (double l : v.epochLoss()) {
                epochs.append(epochs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", l));
            }
            table.put(v.name(), String.format(Locale.ROOT, "%d steps; loss %.4f; steps to %.2f: %s; by epoch: %s%s",
                    v.steps(), v.lastLoss(), summary.target(), v.stepsToTarget() < 0 ? "not reached"
                            : Long.toString(v.stepsToTarget()), epochs.length() == 0 ? "-" : epochs,
                    v.diverged() ? " (diverged)" : ""));
        }
        Report.Builder r = Report.builder("ReZero on deep fully connected nets (Fashion-MNIST)").settings(settings);
        if (partial) {
            r.note("Partial: the run stopped at its budget; --resume continues it.");
        }
        r.note("The ReZero notebook's CIFAR-10 training losses after 10 epochs: vanilla 2.02, residual 1.87,"
                + " LayerNorm 2.02, ReZero 0.52.");
        HtmlRenderer.write(r.chart(curve).chart(byEpoch).table(table).build(), file);
    }

    /** At most {@link #CHART_POINTS} evenly spaced values of {@code v}, the last included. */
    private static double[] thin(double[] v) {
        int stride = Math.max(1, (v.length + CHART_POINTS - 1) / CHART_POINTS);
        double[] out = new double[(v.length + stride - 1) / stride];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[Math.min(v.length - 1, (i + 1) * stride - 1)];
        }
        return out;
    }
}
