package dev.residuum.nn;

import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;

/** Weight initialisations with PyTorch's definitions ({@code torch.nn.init}). */
public final class Init {
    private Init() {
    }

    /**
     * Uniform in {@code [-bound, bound]}.
     *
     * @param t modified
     */
    public static void uniform(Tensor t, double bound, Rng rng) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        }
    }

    /**
     * PyTorch's default for {@code nn.Linear} and {@code nn.Conv2d} weights:
     * {@code kaiming_uniform_(a = sqrt(5))}, i.e. uniform in {@code +-1/sqrt(fanIn)}.
     */
    public static void linearDefault(Tensor weight, int fanIn, Rng rng) {
        uniform(weight, fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0, rng);
    }

    /** Normal with mean 0 and standard deviation {@code std}. */
    public static void normal(Tensor t, double std, Rng rng) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (std * rng.nextGaussian());
        }
    }

    /** {@code kaiming_normal_(mode = fan, nonlinearity = relu)}: std {@code sqrt(2 / fan)}. */
    public static void kaimingNormal(Tensor t, int fan, Rng rng) {
        normal(t, Math.sqrt(2.0 / fan), rng);
    }
}
