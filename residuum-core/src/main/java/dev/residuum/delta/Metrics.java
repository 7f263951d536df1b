package dev.residuum.delta;

/**
 * Errors of predictions against the truth.
 *
 * @param mae mean absolute error
 * @param rmse root mean squared error
 * @param n number of samples
 */
public record Metrics(double mae, double rmse, int n) {
    /**
     * @param prediction {@code n} values; not modified
     * @param truth {@code n} finite values; not modified
     */
    public static Metrics of(double[] prediction, double[] truth) {
        if (prediction.length != truth.length || truth.length == 0) {
            throw new IllegalArgumentException("Metrics: need as many predictions as true values (at least one), got "
                    + prediction.length + " and " + truth.length);
        }
        double abs = 0;
        double sq = 0;
        for (int i = 0; i < truth.length; i++) {
            double e = prediction[i] - truth[i];
            abs += Math.abs(e);
            sq += e * e;
        }
        return new Metrics(abs / truth.length, Math.sqrt(sq / truth.length), truth.length);
    }
}
