package dev.residuum.delta;

import java.util.Objects;

/**
 * A fitted SIR model as a baseline: the infected count I(t) at the time read from column
 * {@code timeColumn}.
 */
public record SirBaseline(SirModel model, int timeColumn) implements Baseline {
    public SirBaseline {
        Objects.requireNonNull(model, "model");
        if (timeColumn < 0) {
            throw new IllegalArgumentException("SirBaseline: timeColumn must be >= 0, got " + timeColumn);
        }
    }

    @Override
    public double[] predict(double[][] x) {
        double[] t = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            t[i] = x[i][timeColumn];
        }
        return model.infected(t);
    }
}
