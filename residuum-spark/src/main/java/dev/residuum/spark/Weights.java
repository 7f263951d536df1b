package dev.residuum.spark;

import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;

/**
 * The model's state at one step, as broadcast to the executors: every parameter and buffer
 * ({@link Module#stateDict()} order), copied, with the step it belongs to. An executor
 * deserialises each version once (Spark keeps a broadcast's value per executor); a task's
 * result carries the version it was computed at, which the driver checks.
 *
 * @param version the number of the step these weights start (counted by the run's {@link DataParallel} from 1)
 * @param state the state dict's values in order, flattened
 */
public record Weights(long version, float[][] state) implements Serializable {
    /** A copy of {@code model}'s state. */
    public static Weights of(long version, Module model) {
        Collection<Tensor> values = model.stateDict().values();
        float[][] s = new float[values.size()][];
        int i = 0;
        for (Tensor t : values) {
            s[i++] = t.data().clone();
        }
        return new Weights(version, s);
    }

    /**
     * Copies these values into {@code model}.
     *
     * @param model modified; of the architecture these weights were taken from
     * @throws IllegalArgumentException if it is not
     */
    public void loadInto(Module model) {
        List<Tensor> own = List.copyOf(model.stateDict().values());
        if (own.size() != state.length) {
            throw new IllegalArgumentException("Weights: the executor's model has " + own.size()
                    + " tensors, the driver's " + state.length + "; the model factory builds another architecture");
        }
        for (int i = 0; i < state.length; i++) {
            float[] dst = own.get(i).data();
            if (dst.length != state[i].length) {
                throw new IllegalArgumentException("Weights: tensor " + i + " has " + dst.length
                        + " entries on the executor, " + state[i].length + " on the driver");
            }
            System.arraycopy(state[i], 0, dst, 0, dst.length);
        }
    }

    /** Serialised size in bytes, about (the floats). */
    public long bytes() {
        long n = 0;
        for (float[] s : state) {
            n += 4L * s.length;
        }
        return n;
    }
}
