package dev.residuum.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A self-contained HTML page assembled from headings, paragraphs, key–value tables and inline SVG charts;
 * no script and no external resource. Build with the appending methods, then {@link #write}.
 */
public final class HtmlReport {
    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlReport(String title) {
        this.title = title;
        body.append("<h1>").append(SvgChart.escape(title)).append("</h1>\n");
    }

    /** Appends a section heading. */
    public HtmlReport heading(String text) {
        body.append("<h2>").append(SvgChart.escape(text)).append("</h2>\n");
        return this;
    }

    /** Appends a paragraph of plain text (escaped). */
    public HtmlReport paragraph(String text) {
        body.append("<p>").append(SvgChart.escape(text)).append("</p>\n");
        return this;
    }

    /** Appends a two-column table, rows in the map's iteration order. */
    public HtmlReport table(Map<String, String> rows) {
        body.append("<table>\n");
        rows.forEach((k, v) -> body.append("<tr><th>").append(SvgChart.escape(k)).append("</th><td>")
                .append(SvgChart.escape(v)).append("</td></tr>\n"));
        body.append("</table>\n");
        return this;
    }

    /** Appends a chart rendered at the given size. */
    public HtmlReport chart(SvgChart chart, int width, int height) {
        body.append("<figure>").append(chart.render(width, height)).append("</figure>\n");
        return this;
    }

    /** Appends two charts side by side (each at the given size), as the two panels of one figure. */
    public HtmlReport panels(SvgChart left, SvgChart right, int width, int height) {
        body.append("<figure style=\"display:flex;gap:8px\">").append(left.render(width, height))
                .append(right.render(width, height)).append("</figure>\n");
        return this;
    }

    /** The page as HTML text. */
    public String html() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + SvgChart.escape(title)
                + "</title>\n<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}"
                + "th{background:#f4f4f4;font-weight:normal}figure{margin:1em 0}</style></head>\n<body>\n"
                + body + "</body></html>\n";
    }

    /** Writes the page to {@code file}, creating parent folders. */
    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, html(), StandardCharsets.UTF_8);
    }
}
