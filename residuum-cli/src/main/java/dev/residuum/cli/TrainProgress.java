package dev.residuum.cli;

import dev.residuum.train.EpochMetrics;
import dev.residuum.train.Gradients;
import dev.residuum.train.TrainingListener;
import dev.residuum.train.TrainingState;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Human progress of a training run on stderr: on a terminal a bar redrawn in place (at most five
 * times a second) with the epoch, step, loss, rate and ETA of the whole run; otherwise (a log
 * file, a pipe) one plain line per epoch. The ETA extrapolates the steps per second seen since
 * this process started training.
 */
final class TrainProgress implements TrainingListener {
    private static final int BAR = 24;
    private final PrintStream err;
    private final boolean terminal;
    private final int epochs;
    private final long startNanos = System.nanoTime();
    private long firstStep = -1;
    private long lastDraw;
    private int stepsPerEpoch = 1;

    /**
     * @param terminal draw a bar in place (stderr is a terminal) rather than plain lines
     * @param epochs the run's total epochs
     */
    TrainProgress(PrintStream err, boolean terminal, int epochs) {
        this.err = err;
        this.terminal = terminal;
        this.epochs = epochs;
    }

    @Override
    public void onStep(TrainingState s, int perEpoch, Gradients g) {
        double loss = g.loss();
        stepsPerEpoch = perEpoch;
        if (firstStep < 0) {
            firstStep = s.globalStep() - 1;
        }
        long now = System.nanoTime();
        if (!terminal || now - lastDraw < 200_000_000L && s.stepInEpoch() < perEpoch) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) BAR * s.stepInEpoch() / perEpoch);
        err.print(String.format(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f lr %.4g ETA %s ", s.epoch() + 1,
                epochs, "#".repeat(filled), ".".repeat(BAR - filled), s.stepInEpoch(), perEpoch, loss, s.lr(),
                eta(s.globalStep())));
        err.flush();
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        if (terminal) {
            err.print("\r" + " ".repeat(100) + "\r");
        }
        err.println(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f error %.4f | test loss %.4f error %.4f"
                        + " | lr %.4g | %.0f images/s | %.1f s | ETA %s", m.epoch(), epochs, m.trainLoss(),
                1 - m.trainAccuracy(), m.testLoss(), 1 - m.testAccuracy(), m.lr(), m.samplesPerSecond(), m.seconds(),
                eta(m.globalStep())));
    }

    /** Time left for the run at the rate seen so far, as h:mm:ss or m:ss. */
    private String eta(long globalStep) {
        long done = globalStep - Math.max(firstStep, 0);
        if (done <= 0) {
            return "?";
        }
        double perStep = (System.nanoTime() - startNanos) / 1e9 / done;
        long left = Math.round(perStep * Math.max(0, (long) epochs * stepsPerEpoch - globalStep));
        return left >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", left / 3600, left / 60 % 60, left % 60)
                : String.format(Locale.ROOT, "%d:%02d", left / 60, left % 60);
    }
}
