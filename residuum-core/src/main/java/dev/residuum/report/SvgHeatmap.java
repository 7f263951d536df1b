package dev.residuum.report;

import java.util.Locale;

/**
 * Draws one {@link Heatmap} as an inline {@code <svg>}: the grid of cells coloured on a
 * sequential scale (light yellow to dark blue), each with its value in a colour that stays
 * readable, row and column labels, axis labels and a colour bar. Well-formed XML, no script.
 * Part of {@link HtmlRenderer}.
 */
final class SvgHeatmap {
    /** Stops of the sequential scale, from low to high (a yellow-green-blue ramp). */
    private static final int[][] RAMP = {{255, 255, 217}, {199, 233, 180}, {65, 182, 196}, {34, 94, 168}, {8, 29, 88}};
    private static final String NAN_FILL = "#bbbbbb";
    private static final int TOP = 34;
    private static final int BOTTOM = 52;
    private static final int CHAR_WIDTH = 7;
    private static final int BAR = 16;
    private static final int MAX_CELL = 90;

    private SvgHeatmap() {
    }

    /** The fill of {@code v} on {@code [low, high]} (clamped), or grey for NaN. */
    static String fill(double v, double low, double high) {
        if (Double.isNaN(v)) {
            return NAN_FILL;
        }
        double t = Math.max(0, Math.min(1, (v - low) / (high - low))) * (RAMP.length - 1);
        int k = Math.min(RAMP.length - 2, (int) Math.floor(t));
        double f = t - k;
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = (int) Math.round(RAMP[k][c] + f * (RAMP[k + 1][c] - RAMP[k][c]));
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }

    /** Whether a cell of value {@code v} is dark enough to need white text. */
    private static boolean dark(double v, double low, double high) {
        return !Double.isNaN(v) && (v - low) / (high - low) > 0.6;
    }

    static String render(Heatmap map, int width, int height) {
        int nr = map.rows().size(), nc = map.columns().size();
        int widestRow = map.rows().stream().mapToInt(String::length).max().orElse(1);
        int left = 34 + CHAR_WIDTH * widestRow;
        int right = 70;
        int cell = Math.max(8, Math.min(MAX_CELL, Math.min((width - left - right) / nc, (height - TOP - BOTTOM) / nr)));
        int gw = cell * nc, gh = cell * nr;
        int h = TOP + gh + BOTTOM;
        StringBuilder sb = SvgPlot.open(" class=\"heatmap\"", width, h, map.title(), left);
        sb.append("<g class=\"cells\">");
        for (int i = 0; i < nr; i++) {
            for (int j = 0; j < nc; j++) {
                double v = map.at(i, j);
                int x = left + j * cell, y = TOP + i * cell;
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                        + "stroke=\"#fff\"/>", x, y, cell, cell, fill(v, map.low(), map.high())));
                if (cell >= 24) {
                    sb.append(String.format(Locale.ROOT, "<text class=\"cell\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                            + "fill=\"%s\">%s</text>", x + cell / 2.0, y + cell / 2.0 + 4,
                            dark(v, map.low(), map.high()) ? "#fff" : "#222", NumberText.of(v, map.digits())));
                }
            }
        }
        sb.append("</g>\n<g class=\"row-labels\">");
        for (int i = 0; i < nr; i++) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left - 6,
                    TOP + i * cell + cell / 2.0 + 4, HtmlRenderer.escape(map.rows().get(i))));
        }
        sb.append("</g>\n<g class=\"column-labels\">");
        for (int j = 0; j < nc; j++) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    left + j * cell + cell / 2.0, TOP + gh + 16, HtmlRenderer.escape(map.columns().get(j))));
        }
        sb.append("</g>\n");
        sb.append(String.format(Locale.ROOT, "<text class=\"x-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                left + gw / 2.0, h - 10, HtmlRenderer.escape(map.columnLabel())));
        sb.append(String.format(Locale.ROOT, "<text class=\"y-label\" transform=\"translate(16 %.1f) rotate(-90)\" "
                + "text-anchor=\"middle\">%s</text>%n", TOP + gh / 2.0, HtmlRenderer.escape(map.rowLabel())));
        int bx = left + gw + 16;
        sb.append("<g class=\"colour-bar\">");
        int steps = 20;
        for (int s = 0; s < steps; s++) {
            double v = map.high() - (map.high() - map.low()) * (s + 0.5) / steps;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"%s\"/>", bx,
                    TOP + s * gh / (double) steps, BAR, gh / (double) steps + 0.5, fill(v, map.low(), map.high())));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\">%s</text>", bx + BAR + 4,
                TOP + 10, NumberText.of(map.high()), bx + BAR + 4, TOP + gh, NumberText.of(map.low())));
        return sb.append("</g>\n</svg>\n").toString();
    }
}
