package dev.residuum.testing;

import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of tests that draw random numbers: each test gets a generator seeded from its own name,
 * so a failure reproduces exactly and tests do not depend on their order.
 */
public abstract class SeededTest {
    /** The test's generator. */
    protected Rng rng;

    @BeforeEach
    void seed(TestInfo info) {
        rng = new Rng(info.getDisplayName().hashCode() * 0x9E3779B97F4A7C15L + info.getTestClass().map(Class::getName)
                .orElse("").hashCode());
    }

    /** Standard normal values. */
    protected Tensor randn(int... dims) {
        return Tensor.randn(rng, dims);
    }

    /** Uniform values in [lo, hi). */
    protected Tensor uniform(float lo, float hi, int... dims) {
        return Tensor.uniform(rng, lo, hi, dims);
    }

    /** A random size in [lo, hi]. */
    protected int size(int lo, int hi) {
        return lo + rng.nextInt(hi - lo + 1);
    }
}
