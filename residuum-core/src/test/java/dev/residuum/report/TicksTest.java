package dev.residuum.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TicksTest {
    private static void wellFormed(Ticks t, double min, double max) {
        assertTrue(t.positions().size() >= Ticks.MIN_TICKS, t.toString());
        assertEquals(t.positions().size(), new HashSet<>(t.labels()).size(), "distinct labels: " + t);
        assertTrue(t.lo() < min && t.hi() > max, "the data sits strictly inside the frame: " + t);
        for (double p : t.positions()) {
            assertTrue(p >= t.lo() && p <= t.hi(), t.toString());
        }
    }

    @Test
    void aNarrowErrorRangeGetsMoreThanTwoTicks() {
        // the train report's error chart once had two tick labels for errors between 8.3 % and 18.9 %
        Ticks t = Ticks.linear(8.3, 18.9);
        wellFormed(t, 8.3, 18.9);
        assertEquals(List.of("8", "10", "12", "14", "16", "18"), t.labels());
    }

    @Test
    void roundValuesWithJustEnoughDecimals() {
        Ticks t = Ticks.linear(0, 1);
        wellFormed(t, 0, 1);
        assertEquals(List.of("0", "0.2", "0.4", "0.6", "0.8", "1"), t.labels());
        Ticks small = Ticks.linear(0.0012, 0.0019);
        wellFormed(small, 0.0012, 0.0019);
        assertTrue(small.labels().stream().allMatch(s -> s.startsWith("0.001") || s.startsWith("0.002")), small.toString());
        Ticks negative = Ticks.linear(-250, 30);
        wellFormed(negative, -250, 30);
        assertTrue(negative.labels().contains("0") && negative.labels().contains("-200"), negative.toString());
        Ticks huge = Ticks.linear(2e7, 9e7);
        wellFormed(huge, 2e7, 9e7);
        assertEquals(List.of("2e+07", "4e+07", "6e+07", "8e+07"), huge.labels());
    }

    @Test
    void aSingleValueStillGetsAnAxis() {
        wellFormed(Ticks.linear(763, 763), 763, 763);
        wellFormed(Ticks.linear(0, 0), 0, 0);
        wellFormed(Ticks.log(2, 2), 2, 2);
    }

    @Test
    void logAxesUseDecadesWhenTheySpanEnough() {
        Ticks t = Ticks.log(-3, 1);
        assertEquals(List.of("0.001", "0.01", "0.1", "1", "10"), t.labels());
        Ticks wide = Ticks.log(-30, 30);
        assertEquals(List.of("1e-30", "1e-20", "1e-10", "1", "1e10", "1e20", "1e30"), wide.labels());
    }

    @Test
    void logAxesWithinADecadeGetSteps() {
        Ticks t = Ticks.log(Math.log10(12), Math.log10(80));
        wellFormed(t, Math.log10(12), Math.log10(80));
        assertEquals(List.of("20", "30", "40", "50", "60", "70", "80"), t.labels());
        Ticks narrow = Ticks.log(Math.log10(0.97), Math.log10(0.99));
        wellFormed(narrow, Math.log10(0.97), Math.log10(0.99));
    }
}
