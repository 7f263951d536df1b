package dev.residuum.report;

import dev.residuum.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one renderer of {@link Report}s: a self-contained HTML page with inline SVG charts
 * ({@link SvgPlot}, {@link SvgHeatmap}) — no script, no external file or URL, so a report opens in any browser,
 * offline, and can be mailed as one file. The markup is well-formed XML (every element closed,
 * every text escaped), so tools can check it. Same look for every command.
 */
public final class HtmlRenderer {
    /** Width of a chart in pixels. */
    static final int CHART_WIDTH = 900;
    /** Height of a chart in pixels. */
    static final int CHART_HEIGHT = 400;
    /** Height of a chart drawn as a panel beside others. */
    static final int PANEL_HEIGHT = 360;
    private static final int PANEL_GAP = 8;

    private static final String STYLE = "body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
            + "h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em}"
            + "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;"
            + "vertical-align:top}th{background:#f4f4f4;font-weight:normal}figure{margin:1em 0}"
            + ".headlines{display:flex;flex-wrap:wrap;gap:10px;margin:1em 0}"
            + ".headline{border:1px solid #ccc;border-radius:4px;padding:6px 12px;min-width:120px}"
            + ".headline .value{display:block;font-size:1.5em;font-weight:bold}"
            + ".headline .label{display:block;color:#555;font-size:0.9em}"
            + ".panels{display:flex;gap:" + PANEL_GAP + "px}";

    private HtmlRenderer() {
    }

    /** The report as an HTML page. */
    public static String html(Report report) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>")
                .append(escape(report.title())).append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n")
                .append("<h1>").append(escape(report.title())).append("</h1>\n");
        if (!report.headlines().isEmpty()) {
            sb.append("<div class=\"headlines\">\n");
            for (Headline h : report.headlines()) {
                sb.append("<div class=\"headline\"><span class=\"value\">").append(escape(h.text()))
                        .append("</span><span class=\"label\">").append(escape(h.label())).append("</span></div>\n");
            }
            sb.append("</div>\n");
        }
        if (!report.settings().isEmpty()) {
            table(sb, "settings", report.settings());
        }
        for (Report.Block block : report.body()) {
            if (block instanceof Report.Section s) {
                sb.append("<h2>").append(escape(s.heading())).append("</h2>\n");
            } else if (block instanceof Report.Note n) {
                sb.append("<p>").append(escape(n.text())).append("</p>\n");
            } else if (block instanceof Report.Table t) {
                table(sb, "table", t.rows());
            } else if (block instanceof Chart c) {
                sb.append("<figure>").append(SvgPlot.render(c, CHART_WIDTH, CHART_HEIGHT)).append("</figure>\n");
            } else if (block instanceof Heatmap m) {
                sb.append("<figure>").append(SvgHeatmap.render(m, CHART_WIDTH, CHART_HEIGHT)).append("</figure>\n");
            } else if (block instanceof Report.Panels p) {
                int n = p.charts().size();
                int w = (CHART_WIDTH - PANEL_GAP * (n - 1)) / n;
                sb.append("<figure class=\"panels\">");
                for (Chart c : p.charts()) {
                    sb.append(SvgPlot.render(c, w, PANEL_HEIGHT));
                }
                sb.append("</figure>\n");
            }
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void table(StringBuilder sb, String cssClass, Map<String, String> rows) {
        sb.append("<table class=\"").append(cssClass).append("\">\n");
        rows.forEach((k, v) -> sb.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v))
                .append("</td></tr>\n"));
        sb.append("</table>\n");
    }

    /**
     * Writes the page to {@code file} atomically (a reader never sees half a report), creating
     * parent folders.
     */
    public static void write(Report report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] bytes = html(report).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /**
     * {@code s} as text for HTML and SVG: markup characters escaped, control characters (which
     * XML forbids) shown as spaces.
     */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
