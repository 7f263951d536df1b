package dev.residuum.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class FeedbackLoopTest {
    private static DMatrixRMaj m(int rows, int cols, double... v) {
        return new DMatrixRMaj(rows, cols, true, v);
    }

    @Test
    void scalarLoopHasClosedFormRange() {
        // x' = (a − g b k) x: stable iff |a − g b k| < 1 ⇔ g ∈ ((a−1)/(bk), (a+1)/(bk)); best g = a/(bk), ρ = 0
        FeedbackLoop loop = new FeedbackLoop(m(1, 1, 0.9), m(1, 1, 2), m(1, 1, 0.5));
        GainRange r = loop.stableGains();
        assertEquals(1, r.stable().size());
        assertEquals(-0.1, r.stable().get(0).lo(), 1e-10);
        assertEquals(1.9, r.stable().get(0).hi(), 1e-10);
        assertEquals(0.9, r.bestGain(), 1e-9);
        assertEquals(0, r.bestRadius(), 1e-9);
        assertEquals(0.9, r.openLoopRadius(), 1e-15);
    }

    @Test
    void stableSetCanBeTwoIntervals() {
        // A − gM = [[g, 2+√2g], [2−√2g, −g]]: trace 0, det g² − 4, so ρ(g) = √|g² − 4| < 1 ⇔ 3 < g² < 5
        double s = Math.sqrt(2);
        FeedbackLoop loop = new FeedbackLoop(m(2, 2, 0, 2, 2, 0), m(2, 2, -1, -s, s, 1), m(2, 2, 1, 0, 0, 1));
        for (double g : new double[] {-2.5, -1, 0.3, 1.9, 2.1}) {
            assertEquals(Math.sqrt(Math.abs(g * g - 4)), loop.spectralRadius(g), 1e-7);
        }
        GainRange r = loop.stableGains(-4, 4, 2001);
        assertEquals(2, r.stable().size());
        assertEquals(-Math.sqrt(5), r.stable().get(0).lo(), 1e-9);
        assertEquals(-Math.sqrt(3), r.stable().get(0).hi(), 1e-9);
        assertEquals(Math.sqrt(3), r.stable().get(1).lo(), 1e-9);
        assertEquals(Math.sqrt(5), r.stable().get(1).hi(), 1e-9);
        assertFalse(r.stable().get(0).belowWindow());
        assertEquals(2, Math.abs(r.bestGain()), 1e-6); // ρ = √|g²−4| is nilpotent at ±2
        assertTrue(r.bestRadius() < 1e-3);
    }

    @Test
    void macroExampleIsStableBetweenTwoThirdsAndSix() throws URISyntaxException {
        Path dir = Path.of(FeedbackLoopTest.class.getResource("/dev/residuum/dynamics/examples/macro/a.csv").toURI()).getParent();
        FeedbackLoop loop = new FeedbackLoop(MatrixCsv.read(dir.resolve("a.csv")), MatrixCsv.read(dir.resolve("b.csv")),
                MatrixCsv.read(dir.resolve("k0.csv")));
        GainRange r = loop.stableGains();
        assertEquals(1.4, r.openLoopRadius(), 1e-12); // eigenvalues 1.4 and 0.5: unstable without policy
        assertEquals(1, r.stable().size());
        assertEquals(2.0 / 3, r.stable().get(0).lo(), 1e-10); // Schur–Cohn: 0.3g > 0.2
        assertEquals(6, r.stable().get(0).hi(), 1e-10); // det = 0.7 + 0.05g < 1
        for (double g = 0.7; g < 6; g += 0.05) {
            assertTrue(loop.spectralRadius(g) >= r.bestRadius() - 1e-12, "best gain beats the grid at " + g);
        }
    }

    @Test
    void rejectsShapesThatDoNotChain() {
        assertThrows(IllegalArgumentException.class, () -> new FeedbackLoop(m(2, 3, 1, 2, 3, 4, 5, 6), m(2, 1, 1, 1), m(1, 2, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new FeedbackLoop(m(2, 2, 1, 0, 0, 1), m(3, 1, 1, 1, 1), m(1, 2, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new FeedbackLoop(m(2, 2, 1, 0, 0, 1), m(2, 1, 1, 1), m(2, 2, 1, 1, 1, 1)));
    }
}
