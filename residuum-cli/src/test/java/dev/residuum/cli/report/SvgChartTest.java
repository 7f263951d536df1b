package dev.residuum.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTest {
    private static int count(String svg, String what) {
        return svg.split(Pattern.quote(what), -1).length - 1;
    }

    @Test
    void theLineChartConstructorStillGivesALinearXAxis() {
        String svg = new SvgChart("t", "x", "y", true).series("a", new double[] {1, 2, 3}, new double[] {1, 10, 100})
                .render(600, 300);
        assertTrue(svg.contains("x</text>") && !svg.contains("x (log scale)"), svg);
        assertTrue(svg.contains("y (log scale)"));
        assertEquals(1, count(svg, "<path"));
        assertEquals(0, count(svg, "<circle"));
    }

    @Test
    void logLogAxesHaveDecadeTicksAndPointsAreMarkers() {
        String svg = new SvgChart("curve", "N", "MAE", true, true)
                .series("delta", new double[] {10, 100, 1000}, new double[] {1e-1, 1e-2, 1e-3})
                .points("truth", new double[] {10, 100, -5}, new double[] {1e-1, 1e-2, 1e-3})
                .render(600, 300);
        for (String tick : new String[] {">1e1<", ">1e2<", ">1e3<", ">1e-3<", ">1e-1<"}) {
            assertTrue(svg.contains(tick), tick);
        }
        assertTrue(svg.contains("N (log scale)") && svg.contains("MAE (log scale)"));
        // two markers drawn (x = -5 has no place on a log axis) plus one legend marker
        assertEquals(3, count(svg, "<circle"));
        // a straight line on log-log axes: the three path points are equally spaced
        Matcher m = Pattern.compile("d=\"M([0-9.]+) ([0-9.]+) L([0-9.]+) ([0-9.]+) L([0-9.]+) ([0-9.]+)\"").matcher(svg);
        assertTrue(m.find(), svg);
        double x0 = Double.parseDouble(m.group(1)), x1 = Double.parseDouble(m.group(3)), x2 = Double.parseDouble(m.group(5));
        double y0 = Double.parseDouble(m.group(2)), y1 = Double.parseDouble(m.group(4)), y2 = Double.parseDouble(m.group(6));
        assertEquals(x1 - x0, x2 - x1, 0.02);
        assertEquals(y1 - y0, y2 - y1, 0.02);
        assertFalse(svg.contains("NaN"));
    }
}
