package dev.residuum.report;

import java.util.List;
import java.util.Locale;

/**
 * Draws one {@link Chart} as an inline {@code <svg>} element: frame, grid, labelled ticks on both
 * axes ({@link Ticks}), axis labels, the series and a legend. Well-formed XML, no script, no
 * external reference. Part of {@link HtmlRenderer}.
 */
final class SvgPlot {
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int TOP = 34;
    private static final int BOTTOM = 46;
    private static final int CHAR_WIDTH = 7;
    private static final int LEGEND_ROW = 16;

    private SvgPlot() {
    }

    /**
     * The colour of the {@code k}-th series of a chart: ten well-separated colours, then hues
     * spread by the golden angle, so that no two series of a chart share a colour.
     */
    static String colour(int k) {
        if (k < PALETTE.length) {
            return PALETTE[k];
        }
        double hue = ((k - PALETTE.length) * 137.50776 + 15) % 360;
        double lightness = (k % 2 == 0) ? 0.38 : 0.55;
        return hex(hue, 0.65, lightness);
    }

    private static String hex(double h, double s, double l) {
        double c = (1 - Math.abs(2 * l - 1)) * s;
        double x = c * (1 - Math.abs((h / 60) % 2 - 1));
        double m = l - c / 2;
        double[] rgb = h < 60 ? new double[] {c, x, 0} : h < 120 ? new double[] {x, c, 0} : h < 180
                ? new double[] {0, c, x} : h < 240 ? new double[] {0, x, c} : h < 300 ? new double[] {x, 0, c}
                : new double[] {c, 0, x};
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(255 * (rgb[0] + m)),
                Math.round(255 * (rgb[1] + m)), Math.round(255 * (rgb[2] + m)));
    }

    /** {@code chart} as an SVG element of {@code width} × (at least) {@code height} pixels. */
    /**
     * The start of an SVG picture of {@code width × height} pixels, titled {@code title} (as its
     * accessible title and as bold text at {@code titleX}), the look every chart of a report shares.
     *
     * @param attributes extra attributes of the {@code svg} element, each after a space ({@code ""} for none)
     */
    static StringBuilder open(String attributes, int width, int height, String title, int titleX) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg%s width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", attributes, width, height, width, height));
        sb.append("<title>").append(HtmlRenderer.escape(title)).append("</title>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                titleX, HtmlRenderer.escape(title)));
        return sb;
    }

    static String render(Chart chart, int width, int height) {
        Axis ax = chart.x();
        Axis ay = chart.y();
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        int longestName = 0;
        for (Series s : chart.series()) {
            longestName = Math.max(longestName, s.name().length());
            for (int i = 0; i < s.size(); i++) {
                if (ax.accepts(s.xAt(i)) && ay.accepts(s.yAt(i))) {
                    xMin = Math.min(xMin, ax.position(s.xAt(i)));
                    xMax = Math.max(xMax, ax.position(s.xAt(i)));
                    yMin = Math.min(yMin, ay.position(s.yAt(i)));
                    yMax = Math.max(yMax, ay.position(s.yAt(i)));
                }
            }
        }
        boolean empty = xMin > xMax;
        Ticks tx = empty ? Ticks.linear(0, 1) : ax.scale() == Axis.Scale.LOG ? Ticks.log(xMin, xMax)
                : Ticks.linear(xMin, xMax);
        Ticks ty = empty ? Ticks.linear(0, 1) : ay.scale() == Axis.Scale.LOG ? Ticks.log(yMin, yMax)
                : Ticks.linear(yMin, yMax);
        int widestTick = ty.labels().stream().mapToInt(String::length).max().orElse(1);
        int left = 34 + CHAR_WIDTH * widestTick;
        int right = chart.series().isEmpty() ? 20 : Math.min(240, 44 + CHAR_WIDTH * longestName);
        height = Math.max(height, TOP + BOTTOM + LEGEND_ROW * (chart.series().size() + 1));
        int pw = width - left - right;
        int ph = height - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator px = v -> left + (v - tx.lo()) / (tx.hi() - tx.lo()) * pw;
        java.util.function.DoubleUnaryOperator py = v -> TOP + ph - (v - ty.lo()) / (ty.hi() - ty.lo()) * ph;

        StringBuilder sb = open("", width, height, chart.title(), left);
        sb.append(String.format(Locale.ROOT, "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#444\"/>%n", left, TOP, pw, ph));
        sb.append("<g class=\"x-ticks\">");
        for (int i = 0; i < tx.positions().size(); i++) {
            double x = px.applyAsDouble(tx.positions().get(i));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, TOP, x, TOP + ph, x, TOP + ph + 16,
                    tx.labels().get(i)));
        }
        sb.append("</g>\n<g class=\"y-ticks\">");
        for (int i = 0; i < ty.positions().size(); i++) {
            double y = py.applyAsDouble(ty.positions().get(i));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left, y, left + pw, y, left - 6, y + 4,
                    ty.labels().get(i)));
        }
        sb.append("</g>\n");
        sb.append(String.format(Locale.ROOT, "<text class=\"x-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%s"
                + "</text>%n", left + pw / 2.0, height - 8, HtmlRenderer.escape(ax.label()),
                ax.scale() == Axis.Scale.LOG ? " (log scale)" : ""));
        sb.append(String.format(Locale.ROOT, "<text class=\"y-label\" transform=\"translate(16 %.1f) rotate(-90)\" "
                + "text-anchor=\"middle\">%s%s</text>%n", TOP + ph / 2.0, HtmlRenderer.escape(ay.label()),
                ay.scale() == Axis.Scale.LOG ? " (log scale)" : ""));
        if (empty) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">no finite data</text>%n", left + 10, TOP + 20));
        }
        List<Series> series = chart.series();
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String colour = colour(k);
            if (s.mark() == Series.Mark.POINTS) {
                sb.append("<g class=\"points\" fill=\"").append(colour).append("\" fill-opacity=\"0.75\">");
                for (int i = 0; i < s.size(); i++) {
                    if (ax.accepts(s.xAt(i)) && ay.accepts(s.yAt(i))) {
                        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\"/>",
                                px.applyAsDouble(ax.position(s.xAt(i))), py.applyAsDouble(ay.position(s.yAt(i)))));
                    }
                }
                sb.append("</g>\n");
            } else {
                StringBuilder d = new StringBuilder();
                boolean pen = false;
                for (int i = 0; i < s.size(); i++) {
                    if (!ax.accepts(s.xAt(i)) || !ay.accepts(s.yAt(i))) {
                        pen = false;
                        continue;
                    }
                    d.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.2f %.2f",
                            px.applyAsDouble(ax.position(s.xAt(i))), py.applyAsDouble(ay.position(s.yAt(i)))));
                    pen = true;
                }
                if (d.length() > 0) {
                    sb.append("<path class=\"line\" fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colour).append("\" d=\"")
                            .append(d.toString().trim()).append("\"/>\n");
                }
            }
            int ly = TOP + 14 + LEGEND_ROW * k;
            int lx = left + pw + 10;
            if (s.mark() == Series.Mark.POINTS) {
                sb.append(String.format(Locale.ROOT, "<circle class=\"legend-mark\" cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/>", lx + 9, ly - 4,
                        colour));
            } else {
                sb.append(String.format(Locale.ROOT, "<line class=\"legend-mark\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                        + "stroke-width=\"2\"/>", lx, ly - 4, lx + 18, ly - 4, colour));
            }
            sb.append(String.format(Locale.ROOT, "<text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>%n", lx + 22, ly,
                    HtmlRenderer.escape(s.name())));
        }
        return sb.append("</svg>\n").toString();
    }
}
