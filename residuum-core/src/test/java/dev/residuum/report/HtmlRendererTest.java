package dev.residuum.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlRendererTest {
    @TempDir
    Path dir;

    private static int count(String svg, String what) {
        return svg.split(Pattern.quote(what), -1).length - 1;
    }

    /** A report with every kind of block and chart, as the commands write them. */
    static Report everyKind() {
        double[] epoch = {1, 2, 3, 4, 5};
        Chart loss = Chart.of("Loss by epoch", Axis.linear("epoch"), Axis.log("loss"))
                .line("train", epoch, new double[] {2.3, 0.9, 0.5, 0.4, 0.35})
                .line("test", epoch, new double[] {2.2, 1.0, 0.7, 0.6, 0.58});
        Chart error = Chart.of("Error by epoch", Axis.linear("epoch"), Axis.linear("error (%)"))
                .line("train", epoch, new double[] {18.9, 12, 10.1, 9, 8.3})
                .line("test", epoch, new double[] {18, 13, 11, Double.NaN, 10});
        Chart scatter = Chart.of("Test predictions", Axis.linear("true y"), Axis.linear("predicted"))
                .points("baseline", new double[] {0, 300, 763}, new double[] {10, 280, 700})
                .points("delta", new double[] {0, 300, 763}, new double[] {2, 301, 760})
                .line("y = x", new double[] {0, 763}, new double[] {0, 763});
        Chart many = Chart.of("Opinions of 12 sampled nodes", Axis.linear("step k"), Axis.linear("x_k"));
        for (int n = 0; n < 12; n++) {
            many = many.line("node " + n, new double[] {0, 1, 2}, new double[] {n, n / 2.0, 5.5});
        }
        Map<String, String> table = new LinkedHashMap<>();
        table.put("plain-20", "final train error 8.30%");
        return Report.builder("Every kind <of> report & chart")
                .headline("test accuracy", 91.25, "%").headline("samples", 763)
                .setting("model", "resnet20").setting("population N", NumberText.of(763.0))
                .section("Loss").chart(loss).chart(error)
                .section("Predictions").chart(scatter).chart(many)
                .panels(error, loss).table(table)
                .note("Quote \" and control \u0001 characters are escaped.")
                .chart(Chart.of("Nothing finite", Axis.linear("x"), Axis.linear("y"))
                        .line("none", new double[] {Double.NaN}, new double[] {1}))
                .build();
    }

    @Test
    void everyReportIsSelfContainedAndEveryChartLabelled() {
        Report r = everyKind();
        String html = HtmlRenderer.html(r);
        assertEquals(r.charts().size(), ReportAssertions.check(html));
        assertTrue(html.contains("<span class=\"value\">763</span>"), "integers print as integers");
        assertTrue(html.contains("<td>763</td>"));
        assertTrue(html.contains("Every kind &lt;of&gt; report &amp; chart"));
        assertFalse(html.contains("\u0001"));
        assertFalse(html.contains("<script"));
    }

    @Test
    void aHeatmapDrawsEveryCellWithItsValueAndAColourByValue() {
        double[][] r = {{0.99, 0.5}, {0.6, Double.NaN}};
        Heatmap map = Heatmap.of("Accuracy R[i][j]", "after training task", "task scored", java.util.List.of("t0", "t1"),
                java.util.List.of("t0", "t1"), r, 0, 1);
        String html = HtmlRenderer.html(Report.builder("heat").heatmap(map).build());
        assertEquals(1, ReportAssertions.check(html));
        assertEquals(4, count(html, "<text class=\"cell\""));
        assertTrue(html.contains(">0.99<") && html.contains(">0.6<") && html.contains(">NaN<"), html);
        // light at the low end, dark at the high end, grey for NaN, clamped outside
        assertEquals("#ffffd9", SvgHeatmap.fill(0, 0, 1));
        assertEquals("#081d58", SvgHeatmap.fill(1, 0, 1));
        assertEquals("#081d58", SvgHeatmap.fill(7, 0, 1));
        assertEquals("#bbbbbb", SvgHeatmap.fill(Double.NaN, 0, 1));
        assertTrue(html.contains(SvgHeatmap.fill(0.99, 0, 1)) && html.contains(SvgHeatmap.fill(0.5, 0, 1)));
        r[0][0] = 0;
        assertEquals(0.99, map.values()[0][0], "the values were copied");
        assertThrows(IllegalArgumentException.class, () -> Heatmap.of("bad", "r", "c", java.util.List.of("a"),
                java.util.List.of("x", "y"), new double[][] {{1}}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Heatmap.of("bad", "r", "c", java.util.List.of("a"),
                java.util.List.of("x"), new double[][] {{1}}, 1, 1));
    }

    @Test
    void seriesOfOneChartNeverShareAColour() {
        Set<String> colours = new HashSet<>();
        for (int k = 0; k < 60; k++) {
            assertTrue(SvgPlot.colour(k).matches("#[0-9a-f]{6}"), SvgPlot.colour(k));
            colours.add(SvgPlot.colour(k));
        }
        assertEquals(60, colours.size());
    }

    @Test
    void aLineChartCanHaveALogYAxisOnly() {
        String svg = SvgPlot.render(Chart.of("t", Axis.linear("x"), Axis.log("y"))
                .line("a", new double[] {1, 2, 3}, new double[] {1, 10, 100}), 600, 300);
        assertTrue(svg.contains(">x</text>") && !svg.contains("x (log scale)"), svg);
        assertTrue(svg.contains("y (log scale)"));
        assertEquals(1, count(svg, "<path"));
        assertEquals(0, count(svg, "<circle"));
    }

    @Test
    void logLogAxesHaveDecadeTicksAndPointsAreMarkers() {
        String svg = SvgPlot.render(Chart.of("curve", Axis.log("N"), Axis.log("MAE"))
                .line("delta", new double[] {10, 100, 1000}, new double[] {1e-1, 1e-2, 1e-3})
                .points("truth", new double[] {10, 100, -5}, new double[] {1e-1, 1e-2, 1e-3}), 600, 300);
        for (String tick : new String[] {">10<", ">100<", ">1000<", ">0.001<", ">0.01<", ">0.1<"}) {
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

    @Test
    void axesMustSayWhatTheyMeasure() {
        assertThrows(IllegalArgumentException.class, () -> Axis.linear(" "));
        assertThrows(IllegalArgumentException.class, () -> Chart.of("t", Axis.linear("x"), Axis.linear("y"))
                .line("a", new double[] {1, 2}, new double[] {1}));
    }

    @Test
    void seriesAndReportsDoNotChangeAfterTheyAreMade() {
        double[] x = {1, 2};
        Chart c = Chart.of("t", Axis.linear("x"), Axis.linear("y")).line("a", x, x);
        x[0] = 99;
        assertEquals(1, c.series().get(0).x().get(0), 0);
        Chart more = c.points("b", x, x);
        assertEquals(1, c.series().size());
        assertEquals(2, more.series().size());
    }

    @Test
    void chromiumRendersTheReport() throws Exception {
        Path file = dir.resolve("run").resolve("report.html");
        HtmlRenderer.write(everyKind(), file);
        assertTrue(Files.isRegularFile(file));
        String dom = ReportAssertions.renderInChromium(file, dir);
        assertTrue(dom.contains("Loss by epoch"), "chart titles in the rendered page");
    }
}
