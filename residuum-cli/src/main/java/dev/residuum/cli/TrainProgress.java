package dev.residuum.cli;

import dev.residuum.train.EpochMetrics;
import dev.residuum.train.Gradients;
import dev.residuum.train.TrainingListener;
import dev.residuum.train.TrainingState;
import java.util.Locale;

/**
 * Human progress of a training run through {@link Progress}: the status (epoch, step, loss, steps/s,
 * images/s, ETA of the whole run) redrawn in place on a terminal or printed every few seconds
 * elsewhere, and one line per finished epoch. The rates and the ETA count the steps this process
 * ran (a resumed run starts counting at its resume).
 */
final class TrainProgress implements TrainingListener {
    private static final int BAR = 24;
    private final Progress progress;
    private final int epochs;
    private final String label;
    private final double start;
    private long firstStep = -1;
    private long samples;
    private int stepsPerEpoch = 1;

    /**
     * @param label put before each line (the model's name in a run of several), or ""
     * @param epochs the run's total epochs
     */
    TrainProgress(Progress progress, String label, int epochs) {
        this.progress = progress;
        this.label = label.isEmpty() ? "" : label + " ";
        this.epochs = epochs;
        this.start = progress.seconds();
    }

    @Override
    public void onStep(TrainingState s, int perEpoch, Gradients g) {
        stepsPerEpoch = perEpoch;
        if (firstStep < 0) {
            firstStep = s.globalStep() - 1;
        }
        samples += g.samples();
        double seconds = progress.seconds() - start;
        long done = s.globalStep() - firstStep;
        int filled = (int) ((long) BAR * s.stepInEpoch() / perEpoch);
        progress.status(String.format(Locale.ROOT, "%sepoch %d/%d [%s%s] step %d/%d loss %.4f | %.1f steps/s"
                        + " %.0f images/s | ETA %s", label, s.epoch() + 1, epochs, "#".repeat(filled),
                ".".repeat(BAR - filled), s.stepInEpoch(), perEpoch, g.loss(), done / Math.max(seconds, 1e-9),
                samples / Math.max(seconds, 1e-9), eta(s.globalStep())), false);
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        progress.line(String.format(Locale.ROOT, "%sepoch %d/%d: train loss %.4f error %.4f | test loss %.4f error %.4f"
                        + " | lr %.4g | %.0f images/s | %.1f s | ETA %s", label, m.epoch(), epochs, m.trainLoss(),
                1 - m.trainAccuracy(), m.testLoss(), 1 - m.testAccuracy(), m.lr(), m.samplesPerSecond(), m.seconds(),
                eta(m.globalStep())));
    }

    private String eta(long globalStep) {
        return Progress.eta(progress.seconds() - start, globalStep - Math.max(firstStep, 0),
                (long) epochs * stepsPerEpoch - globalStep);
    }
}
