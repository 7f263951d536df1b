package dev.residuum.dynamics;

/**
 * What the spectrum predicts for consensus {@code x_{k+1} = x_k − εLx_k}. The disagreement (the part of x off
 * the null space of L) evolves by I − εL, whose eigenvalues there are 1 − ελ for the non-zero eigenvalues λ.
 * So the iteration is stable iff |1 − ελ| &lt; 1 for all of them, i.e. 0 &lt; ε &lt; min 2Re(λ)/|λ|² (= 2/λ_max for a
 * real spectrum); the disagreement contracts asymptotically by the rate max|1 − ελ| per step
 * (= max(|1 − ελ₂|, |1 − ελ_max|) for a real spectrum); and the rate is least at
 * ε* = 2/(λ₂ + λ_max) for a real spectrum (λ₂ meaning the smallest non-zero eigenvalue), or at the minimiser of
 * the convex function ε ↦ max|1 − ελ| (golden-section search to 1e-12 relative) for a complex one.
 *
 * @param eps the step analysed
 * @param epsMax stable iff 0 &lt; ε &lt; epsMax
 * @param epsOpt the step with the fastest contraction
 * @param rate predicted asymptotic contraction factor per step at {@code eps}
 * @param rateAtOpt the rate at {@code epsOpt}
 */
public record ConsensusPrediction(double eps, double epsMax, double epsOpt, double rate, double rateAtOpt) {

    /** Whether {@code eps} is in the stable range. */
    public boolean stable() {
        return eps > 0 && eps < epsMax;
    }

    /**
     * @param spectrum the Laplacian's spectrum (needs its non-zero eigenvalues)
     * @param eps step, > 0
     */
    public static ConsensusPrediction of(LaplacianSpectrum spectrum, double eps) {
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("consensus step eps must be a positive number, got " + eps);
        }
        double[] re = spectrum.nonzeroRe();
        double[] im = spectrum.nonzeroIm();
        if (re.length == 0) {
            throw new IllegalArgumentException("the Laplacian has no non-zero eigenvalue: nothing to contract");
        }
        double epsMax = Double.POSITIVE_INFINITY;
        boolean real = true;
        for (int i = 0; i < re.length; i++) {
            epsMax = Math.min(epsMax, 2 * re[i] / (re[i] * re[i] + im[i] * im[i]));
            real &= im[i] == 0;
        }
        double epsOpt;
        if (real) {
            epsOpt = 2 / (spectrum.lambdaMinNonzero() + spectrum.lambdaMax());
        } else {
            epsOpt = goldenSection(re, im, 0, epsMax);
        }
        return new ConsensusPrediction(eps, epsMax, epsOpt, rate(re, im, eps), rate(re, im, epsOpt));
    }

    /** max over the given eigenvalues of |1 − ελ|. */
    static double rate(double[] re, double[] im, double eps) {
        double worst = 0;
        for (int i = 0; i < re.length; i++) {
            double a = 1 - eps * re[i];
            double b = eps * im[i];
            worst = Math.max(worst, Math.hypot(a, b));
        }
        return worst;
    }

    private static double goldenSection(double[] re, double[] im, double lo, double hi) {
        double g = (Math.sqrt(5) - 1) / 2;
        double a = lo;
        double b = hi;
        double c = b - g * (b - a);
        double d = a + g * (b - a);
        double fc = rate(re, im, c);
        double fd = rate(re, im, d);
        while (b - a > 1e-12 * hi) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = rate(re, im, c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = rate(re, im, d);
            }
        }
        return 0.5 * (a + b);
    }
}
