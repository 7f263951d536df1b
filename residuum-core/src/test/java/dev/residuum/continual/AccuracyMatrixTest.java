package dev.residuum.continual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The metrics on a matrix worked by hand. */
class AccuracyMatrixTest {
    private static final double EXACT = 1e-12;

    @Test
    void metricsOfAWorkedExample() {
        AccuracyMatrix m = AccuracyMatrix.of(new double[][] {
                {0.9, 0.3, 0.2},
                {0.6, 0.8, 0.4},
                {0.7, 0.5, 0.95}}, new double[] {0.1, 0.25, 0.3});
        assertEquals((0.7 + 0.5 + 0.95) / 3, m.averageAccuracy(), EXACT);
        // BWT: ((0.7 - 0.9) + (0.5 - 0.8)) / 2
        assertEquals(-0.25, m.backwardTransfer(), EXACT);
        // FWT: ((0.3 - 0.25) + (0.4 - 0.3)) / 2
        assertEquals(0.075, m.forwardTransfer(), EXACT);
        // forgetting: task 0 peaked at 0.9 (after task 0), task 1 at 0.8: ((0.9 - 0.7) + (0.8 - 0.5)) / 2
        assertEquals(0.25, m.forgetting(), EXACT);
    }

    @Test
    void forgettingCountsAnEarlierPeakThatBackwardTransferDoesNot() {
        // Task 0 improves after task 1, then drops: BWT sees 0.9 - 0.9 = 0, forgetting sees 0.95 - 0.9.
        AccuracyMatrix m = AccuracyMatrix.of(new double[][] {{0.9, 0.5, 0.5}, {0.95, 0.9, 0.5}, {0.9, 0.9, 0.9}},
                new double[] {0.5, 0.5, 0.5});
        assertEquals(0, m.backwardTransfer(), EXACT);
        assertEquals(0.025, m.forgetting(), EXACT);
    }

    @Test
    void oneTaskHasNoTransferAndShapesAreChecked() {
        AccuracyMatrix m = AccuracyMatrix.of(new double[][] {{0.8}}, new double[] {0.1});
        assertEquals(0.8, m.averageAccuracy(), EXACT);
        assertEquals(0, m.backwardTransfer());
        assertEquals(0, m.forwardTransfer());
        assertEquals(0, m.forgetting());
        assertThrows(IllegalArgumentException.class, () -> AccuracyMatrix.of(new double[][] {{1, 2}, {3}},
                new double[] {0, 0}));
    }
}
