package dev.residuum.ode;

import dev.residuum.tensor.Tensor;

/** What one run of a solver's loop produced: the states at the output times it reached, and the event. */
final class Trajectory {
    final Tensor[] outputs;
    int reached;
    int accepted;
    int rejected;
    /** Recorded evaluations of rejected steps that no output depends on (a reverse pass never visits them). */
    int discardedRecorded;
    double eventTime = Double.NaN;
    Tensor eventState;

    Trajectory(int times) {
        outputs = new Tensor[times];
    }

    void output(Tensor x) {
        outputs[reached++] = x;
    }

    boolean done() {
        return reached == outputs.length || eventState != null;
    }
}
