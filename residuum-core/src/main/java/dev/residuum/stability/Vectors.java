package dev.residuum.stability;

import dev.residuum.kernel.Reductions;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.SplittableRandom;

/** Inner products and norms of float32 tensors, accumulated in double; seeded random directions. */
final class Vectors {
    private Vectors() {
    }

    static double dot(Tensor a, Tensor b) {
        return Reductions.dot(a.data(), b.data());
    }

    static double norm(Tensor a) {
        return Math.sqrt(dot(a, a));
    }

    /** {@code a * c} as a new tensor. */
    static Tensor scaled(Tensor a, double c) {
        float[] x = a.data();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] * c);
        }
        return Tensor.wrap(y, a.shape());
    }

    /** {@code ||a - c b||}. */
    static double distance(Tensor a, double c, Tensor b) {
        float[] x = a.data(), y = b.data();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - c * y[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** The values widened to double. */
    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Standard normal entries. */
    static Tensor gaussian(Shape shape, SplittableRandom rng) {
        float[] v = new float[shape.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) gaussian(rng);
        }
        return Tensor.wrap(v, shape);
    }

    /** Entries +1 or -1 with equal probability. */
    static Tensor rademacher(Shape shape, SplittableRandom rng) {
        float[] v = new float[shape.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextBoolean() ? 1f : -1f;
        }
        return Tensor.wrap(v, shape);
    }

    /** The unit vector along {@code index}. */
    static Tensor basis(Shape shape, int index) {
        Tensor e = Tensor.zeros(shape);
        e.data()[index] = 1f;
        return e;
    }

    private static double gaussian(SplittableRandom rng) { // Box–Muller, one of the pair
        double u = 1 - rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
