package dev.residuum.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NumberTextTest {
    @Test
    void integersPrintAsIntegers() {
        assertEquals("763", NumberText.of(763.0));
        assertEquals("-2", NumberText.of(-2.0));
        assertEquals("0", NumberText.of(0.0));
        assertEquals("1000000", NumberText.of(1e6));
    }

    @Test
    void othersGetSixSignificantDigitsWithoutTrailingZeros() {
        assertEquals("0.0251", NumberText.of(0.0251));
        assertEquals("3.14159", NumberText.of(Math.PI));
        assertEquals("1.5e-07", NumberText.of(1.5e-7));
        assertEquals("0.3333", NumberText.of(1.0 / 3, 4));
        assertEquals("1e+20", NumberText.of(1.00000001e20, 3));
        assertEquals("NaN", NumberText.of(Double.NaN));
        assertEquals("-inf", NumberText.of(Double.NEGATIVE_INFINITY));
    }
}
