package dev.residuum.dynamics;

import java.util.function.UnaryOperator;

/**
 * The measured interaction of two nonlinear residual maps f = id + F and g = id + G: on each sample x,
 * f∘g(x) − x − F(x) − G(x) = F(x + G(x)) − F(x), which is ≈ J_F(x)G(x) for small G — second order in the size
 * of the updates, like AB in the linear case ({@link ResidualComposition}).
 *
 * @param samples number of samples
 * @param meanInteraction mean of ‖f∘g(x) − x − F(x) − G(x)‖₂
 * @param maxInteraction largest such norm
 * @param meanFirstOrder mean of ‖F(x) + G(x)‖₂
 * @param relative meanInteraction / meanFirstOrder
 */
public record ResidualInteraction(int samples, double meanInteraction, double maxInteraction, double meanFirstOrder,
        double relative) {

    /**
     * Measures the interaction on the given samples.
     *
     * @param f residual branch F of the outer map (must not modify its argument)
     * @param g residual branch G of the inner map (must not modify its argument)
     * @param xs samples, each of the dimension F and G accept (not modified)
     */
    public static ResidualInteraction measure(UnaryOperator<double[]> f, UnaryOperator<double[]> g, double[][] xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("interaction: expected at least one sample, got none");
        }
        double sumI = 0;
        double maxI = 0;
        double sumF = 0;
        for (double[] x : xs) {
            double[] gx = g.apply(x);
            double[] fx = f.apply(x);
            if (gx.length != x.length || fx.length != x.length) {
                throw new IllegalArgumentException("interaction: F and G must map dimension " + x.length
                        + " to itself, got " + fx.length + " and " + gx.length);
            }
            double[] inner = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                inner[i] = x[i] + gx[i];
            }
            double[] fInner = f.apply(inner);
            double i2 = 0;
            double f2 = 0;
            for (int i = 0; i < x.length; i++) {
                // f∘g(x) − x − F(x) − G(x) = (x + G(x) + F(x + G(x))) − x − F(x) − G(x)
                double composed = inner[i] + fInner[i];
                double d = composed - x[i] - fx[i] - gx[i];
                i2 += d * d;
                double first = fx[i] + gx[i];
                f2 += first * first;
            }
            sumI += Math.sqrt(i2);
            maxI = Math.max(maxI, Math.sqrt(i2));
            sumF += Math.sqrt(f2);
        }
        double meanI = sumI / xs.length;
        double meanF = sumF / xs.length;
        return new ResidualInteraction(xs.length, meanI, maxI, meanF, meanI / meanF);
    }
}
