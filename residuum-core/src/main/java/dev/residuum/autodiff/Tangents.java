package dev.residuum.autodiff;

import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;

/**
 * Small pieces the primitives' {@link Primitive#jvp Jacobian–vector products} share: tangents are null where zero, and a tangent of an
 * operand that broadcasts is broadcast to the output's shape. Called under no-grad (the rules
 * use the primitives themselves, which then record nothing).
 */
final class Tangents {
    private Tangents() {
    }

    /** {@code a + sign * b} at {@code shape}, either term null for zero (not both). */
    static Tensor sum(Shape shape, Tensor a, Tensor b, float sign) {
        if (b == null) {
            return to(shape, a);
        }
        Tensor sb = sign == 1f ? b : Arithmetic.neg(b);
        return a == null ? to(shape, sb) : Arithmetic.add(a, sb);
    }

    /** {@code t} broadcast to {@code shape} (t itself when it has that shape). */
    static Tensor to(Shape shape, Tensor t) {
        return t.shape().equals(shape) ? t : Shaping.expand(t, shape);
    }

    /** {@code d} where {@code values[i] > 0}, else 0, element-wise (same sizes): a ReLU's tangent. */
    static Tensor masked(Tensor d, float[] values) {
        Tensor y = Tensor.empty(d.shape());
        float[] dd = d.data(), yd = y.data();
        for (int i = 0; i < yd.length; i++) {
            yd[i] = values[i] > 0f ? dd[i] : 0f;
        }
        return y;
    }

    /** A scalar tensor holding {@code v}. */
    static Tensor scalar(double v) {
        Tensor y = Tensor.empty(Shape.SCALAR);
        y.data()[0] = (float) v;
        return y;
    }
}
