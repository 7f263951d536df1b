package dev.residuum.ode;

import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The accepted steps of a solve, kept so that segments can be run again exactly (checkpointed
 * backpropagation): each step's start, size and end, which step produced each output, and the
 * state before every {@code every}-th step.
 */
final class StepLog {
    private final int every;
    private double[] start = new double[64];
    private double[] size = new double[64];
    private double[] end = new double[64];
    private int steps;
    private final List<Tensor> checkpoints = new ArrayList<>();
    private final int[] outputStep;

    StepLog(int every, int times) {
        this.every = every;
        this.outputStep = new int[times];
        Arrays.fill(outputStep, -1);
    }

    /** Records accepted step {@link #steps()} from state {@code x} (not modified, kept). */
    void accepted(double t, double h, double tEnd, Tensor x) {
        if (steps == start.length) {
            start = Arrays.copyOf(start, steps * 2);
            size = Arrays.copyOf(size, steps * 2);
            end = Arrays.copyOf(end, steps * 2);
        }
        if (steps % every == 0) {
            checkpoints.add(x);
        }
        start[steps] = t;
        size[steps] = h;
        end[steps] = tEnd;
        steps++;
    }

    void output(int index, int step) {
        outputStep[index] = step;
    }

    int steps() {
        return steps;
    }

    int every() {
        return every;
    }

    double start(int step) {
        return start[step];
    }

    double size(int step) {
        return size[step];
    }

    double end(int step) {
        return end[step];
    }

    /** The state before step {@code segment * every}. */
    Tensor checkpoint(int segment) {
        return checkpoints.get(segment);
    }

    int segments() {
        return checkpoints.size();
    }

    /** The step that produced output {@code index} (-1 for the initial state). */
    int outputStep(int index) {
        return outputStep[index];
    }
}
