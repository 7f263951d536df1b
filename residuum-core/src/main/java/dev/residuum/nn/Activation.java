package dev.residuum.nn;

import dev.residuum.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/** A parameter-free element-wise non-linearity as a module. */
public final class Activation extends Module {
    /** The available functions. */
    public enum Kind {
        /** {@code x} unchanged. */
        IDENTITY,
        /** {@code max(0, x)}. */
        RELU,
        /** {@code tanh(x)}. */
        TANH,
        /** {@code 1 / (1 + exp(-x))}. */
        SIGMOID,
        /** {@code log(1 + exp(x))}. */
        SOFTPLUS;

        /**
         * Parses a name such as {@code "tanh"} (case-insensitive).
         *
         * @throws IllegalArgumentException listing the allowed names
         */
        public static Kind parse(String name) {
            Objects.requireNonNull(name, "activation name");
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(name.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown activation '" + name + "'; allowed: "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }

    private final Kind kind;

    /** @param kind the function */
    public Activation(Kind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The function. */
    public Kind kind() {
        return kind;
    }

    /** Applies the function. */
    public static Tensor apply(Kind kind, Tensor x) {
        return switch (kind) {
            case IDENTITY -> x;
            case RELU -> x.relu();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case SOFTPLUS -> x.softplus();
        };
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        return apply(kind, x);
    }
}
