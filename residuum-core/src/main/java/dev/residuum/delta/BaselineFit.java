package dev.residuum.delta;

import java.util.Objects;

/**
 * Makes the baseline for a training split: a physical model fitted to the training samples only
 * (such as {@link SirFit}), or a fixed baseline that ignores them.
 */
@FunctionalInterface
public interface BaselineFit {
    /** The baseline for {@code train} (not modified). */
    Baseline fit(DeltaData train);

    /** The same baseline whatever the training data. */
    static BaselineFit fixed(Baseline baseline) {
        Objects.requireNonNull(baseline, "baseline");
        return train -> baseline;
    }
}
