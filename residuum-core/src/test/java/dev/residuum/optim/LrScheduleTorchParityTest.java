package dev.residuum.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.residuum.testing.Fixtures;
import dev.residuum.testing.Fixtures.Fixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LrSchedule} closed forms against PyTorch's schedulers on {@code lr_schedules.json}: an
 * SGD with base lr 0.1 over a dummy parameter, {@code lrs[e]} = {@code get_last_lr()[0]} after
 * {@code e} calls of {@code scheduler.step()}, e = 0..12, stored as doubles.
 */
class LrScheduleTorchParityTest {
    /*
     * 1e-9 relative: PyTorch computes its schedules recursively in double (each epoch's rate from
     * the previous one), Residuum in closed form; the two agree to a few double ulps per epoch
     * (~1e-15 relative after 12 epochs). 1e-9 is therefore loose for rounding yet catches any
     * off-by-one epoch or formula difference, which changes a rate by at least ~1e-3 relative.
     */
    private static final double RTOL = 1e-9;
    private static final double BASE_LR = 0.1;

    private static Fixture fixture() {
        Fixture fx = Fixtures.load("lr_schedules");
        assertEquals(BASE_LR, fx.meta("base_lr").asDouble(), 0, "base lr of the fixture");
        assertEquals(12, fx.meta("epochs").asInt(), "epochs of the fixture");
        return fx;
    }

    /** Compares epochs {@code from..to} (inclusive), listing every mismatch in the failure. */
    private static void assertSchedule(String name, LrSchedule schedule, int from, int to) {
        double[] expected = fixture().metaDoubles("cases", name, "lrs");
        assertEquals(13, expected.length, name + ": recorded epochs");
        List<String> bad = new ArrayList<>();
        for (int e = from; e <= to; e++) {
            double actual = schedule.lr(BASE_LR, e);
            if (!(Math.abs(actual - expected[e]) <= RTOL * Math.abs(expected[e]))) {
                bad.add(String.format("epoch %d: torch %.17g, residuum %.17g (diff %.3e)", e, expected[e], actual,
                        actual - expected[e]));
            }
        }
        if (!bad.isEmpty()) {
            throw new AssertionError(name + " differs from PyTorch at " + bad.size() + " epoch(s):\n  "
                    + String.join("\n  ", bad));
        }
    }

    @Test
    void stepLr() {
        assertEquals(3, fixture().meta("cases", "step", "spec", "step_size").asInt());
        assertEquals(0.5, fixture().meta("cases", "step", "spec", "gamma").asDouble(), 0);
        assertSchedule("step", new LrSchedule.Step(3, 0.5), 0, 12);
    }

    @Test
    void multiStepLr() {
        assertEquals("[2,5]", fixture().meta("cases", "multistep", "spec", "milestones").toString());
        assertEquals(0.1, fixture().meta("cases", "multistep", "spec", "gamma").asDouble(), 0);
        assertSchedule("multistep", new LrSchedule.MultiStep(new int[] {2, 5}, 0.1), 0, 12);
    }

    @Test
    void cosineAnnealingLr() {
        assertSchedule("cosine", new LrSchedule.Cosine(10, 1e-3), 0, 12);
    }

    @Test
    void cosineLrUpToTMax() {
        // The part of cosineAnnealingLr on which both agree (epochs 0..T_max), kept so a
        // regression there is not hidden by the disabled test above.
        assertEquals(10, fixture().meta("cases", "cosine", "spec", "T_max").asInt());
        assertEquals(1e-3, fixture().meta("cases", "cosine", "spec", "eta_min").asDouble(), 0);
        assertSchedule("cosine", new LrSchedule.Cosine(10, 1e-3), 0, 10);
    }

    @Test
    void linearWarmupThenCosineAsSequentialLr() {
        assertEquals("[3]", fixture().meta("cases", "warmup_cosine", "spec", "milestones").toString());
        assertSchedule("warmup_cosine", new LrSchedule.Warmup(3, 0.1, new LrSchedule.Cosine(10, 1e-3)), 0, 12);
    }
}
