package dev.residuum.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks every rendered report must pass (shared with the CLI's tests through the test jar):
 * self-contained, well-formed, every chart with labelled axes and labelled ticks, markers inside
 * the frame, one colour per series; and, where Debian's {@code chromium} is installed, that a
 * headless browser renders it.
 */
public final class ReportAssertions {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern EXTERNAL = Pattern.compile(
            "https?://|\\b(src|href)\\s*=|<script|<link|<iframe|<object|<embed|@import|url\\((?!#)",
            Pattern.CASE_INSENSITIVE);

    private ReportAssertions() {
    }

    /**
     * Asserts everything a report must be.
     *
     * @return the number of charts
     */
    public static int check(String html) {
        Matcher external = EXTERNAL.matcher(html);
        assertFalse(external.find(), () -> "external reference '" + external.group() + "' in the report");
        Document doc = parse(html);
        NodeList svgs = doc.getElementsByTagName("svg");
        for (int i = 0; i < svgs.getLength(); i++) {
            checkChart((Element) svgs.item(i), i);
        }
        return svgs.getLength();
    }

    /** {@link #check} on a file. */
    public static int check(Path file) throws IOException {
        return check(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static Document parse(String html) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setValidating(false);
            f.setExpandEntityReferences(false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            var builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return fail("the report is not well-formed markup: " + e.getMessage());
        }
    }

    private static void checkChart(Element svg, int index) {
        String which = "chart " + index + " (" + text(svg, "title") + ")";
        if ("heatmap".equals(svg.getAttribute("class"))) {
            checkHeatmap(svg, which);
            return;
        }
        assertFalse(childrenWithClass(svg, "text", "x-label").get(0).getTextContent().isBlank(), which + ": x label");
        assertFalse(childrenWithClass(svg, "text", "y-label").get(0).getTextContent().isBlank(), which + ": y label");
        for (String axis : List.of("x-ticks", "y-ticks")) {
            Element g = childrenWithClass(svg, "g", axis).get(0);
            NodeList labels = g.getElementsByTagName("text");
            assertTrue(labels.getLength() >= 3, which + ": " + labels.getLength() + " labelled " + axis);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < labels.getLength(); i++) {
                String t = labels.item(i).getTextContent();
                assertTrue(!t.isBlank() && seen.add(t), which + ": tick label '" + t + "' blank or repeated");
                assertFalse(t.contains("NaN") || t.contains("Infinity"), which + ": tick label " + t);
            }
        }
        Element frame = childrenWithClass(svg, "rect", "frame").get(0);
        double fx = number(frame, "x");
        double fy = number(frame, "y");
        double fw = number(frame, "width");
        double fh = number(frame, "height");
        for (Element g : childrenWithClass(svg, "g", "points")) {
            NodeList circles = g.getElementsByTagName("circle");
            for (int i = 0; i < circles.getLength(); i++) {
                Element c = (Element) circles.item(i);
                double cx = number(c, "cx");
                double cy = number(c, "cy");
                double r = number(c, "r");
                assertTrue(cx - r >= fx && cx + r <= fx + fw && cy - r >= fy && cy + r <= fy + fh,
                        which + ": marker at (" + cx + ", " + cy + ") is cut by the frame");
            }
        }
        List<String> colours = new ArrayList<>();
        for (Element mark : childrenWithClass(svg, null, "legend-mark")) {
            colours.add(mark.hasAttribute("stroke") ? mark.getAttribute("stroke") : mark.getAttribute("fill"));
        }
        assertEquals(colours.size(), new HashSet<>(colours).size(), which + ": series share a colour: " + colours);
        assertFalse(svg.getTextContent().contains("NaN"), which + ": NaN in the chart");
    }

    /** A heat map: both axis labels, one label per row and column, one cell per pair. */
    private static void checkHeatmap(Element svg, String which) {
        assertFalse(childrenWithClass(svg, "text", "x-label").get(0).getTextContent().isBlank(), which + ": x label");
        assertFalse(childrenWithClass(svg, "text", "y-label").get(0).getTextContent().isBlank(), which + ": y label");
        int rows = childrenWithClass(svg, "g", "row-labels").get(0).getElementsByTagName("text").getLength();
        int columns = childrenWithClass(svg, "g", "column-labels").get(0).getElementsByTagName("text").getLength();
        int cells = childrenWithClass(svg, "g", "cells").get(0).getElementsByTagName("rect").getLength();
        assertTrue(rows >= 1 && columns >= 1, which + ": " + rows + " row and " + columns + " column labels");
        assertEquals(rows * columns, cells, which + ": cells");
    }

    private static List<Element> childrenWithClass(Element parent, String tag, String cssClass) {
        List<Element> out = new ArrayList<>();
        NodeList all = parent.getElementsByTagName(tag == null ? "*" : tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (cssClass.equals(e.getAttribute("class"))) {
                out.add(e);
            }
        }
        if (tag != null && !cssClass.equals("points")) {
            assertFalse(out.isEmpty(), "no <" + tag + " class=\"" + cssClass + "\"> in a chart");
        }
        return out;
    }

    private static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent();
    }

    private static double number(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    /**
     * Renders {@code file} in headless Chromium and returns the DOM it built; skips the test (a
     * JUnit assumption) where {@code /usr/bin/chromium} is absent. Asserts that the browser
     * finished, and that the DOM holds as many charts as the file.
     *
     * @param scratch an empty folder for the browser's profile
     */
    public static String renderInChromium(Path file, Path scratch) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        Path profile = Files.createDirectories(scratch.resolve("chromium-profile"));
        Path log = scratch.resolve("chromium.log");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--dump-dom", file.toAbsolutePath().toUri().toString())
                .redirectError(log.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish rendering " + file + " within 120 s");
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed on " + file + ": " + tail(log));
        String dom = new String(out, StandardCharsets.UTF_8);
        String source = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(dom.contains("</html>"), "chromium returned no page: " + tail(log));
        assertEquals(count(source, "<svg"), count(dom, "<svg"), "charts in the rendered DOM");
        assertTrue(count(dom, "<svg") == 0 || dom.toLowerCase(Locale.ROOT).contains("<text"), "chart text rendered");
        return dom;
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
