package dev.residuum.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chart rendered as inline SVG: several series of (x, y) points drawn as lines ({@link #series}) or as
 * markers ({@link #points}, a scatter plot), linear or logarithmic (base 10) axes, ticks, axis labels and a
 * legend. Points that are not finite (and, on a log axis, not positive) break the line or are skipped.
 * Build with {@link #series} / {@link #points}, then {@link #render}.
 */
public final class SvgChart {
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 34;
    private static final int BOTTOM = 46;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();

    private record Series(String name, double[] x, double[] y, boolean markers) {
    }

    /**
     * A chart with a linear x axis.
     *
     * @param logY whether the y axis is logarithmic
     */
    public SvgChart(String title, String xLabel, String yLabel, boolean logY) {
        this(title, xLabel, yLabel, false, logY);
    }

    /**
     * @param logX whether the x axis is logarithmic
     * @param logY whether the y axis is logarithmic
     */
    public SvgChart(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
        this.logY = logY;
    }

    /**
     * Adds a series (returns this).
     *
     * @param x abscissae (not modified; kept by reference)
     * @param y ordinates, same length (not modified; kept by reference)
     */
    public SvgChart series(String name, double[] x, double[] y) {
        return add(name, x, y, false);
    }

    /**
     * Adds a series drawn as unconnected markers (a scatter plot; returns this).
     *
     * @param x abscissae (not modified; kept by reference)
     * @param y ordinates, same length (not modified; kept by reference)
     */
    public SvgChart points(String name, double[] x, double[] y) {
        return add(name, x, y, true);
    }

    private SvgChart add(String name, double[] x, double[] y, boolean markers) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("SvgChart: series '" + name + "' has " + x.length + " x values and "
                    + y.length + " y values");
        }
        series.add(new Series(name, x, y, markers));
        return this;
    }

    private boolean usable(double y) {
        return Double.isFinite(y) && (!logY || y > 0);
    }

    private boolean usableX(double x) {
        return Double.isFinite(x) && (!logX || x > 0);
    }

    private double ty(double y) {
        return logY ? Math.log10(y) : y;
    }

    private double tx(double x) {
        return logX ? Math.log10(x) : x;
    }

    /** The chart as an {@code <svg>} element of the given size in pixels. */
    public String render(int width, int height) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (usableX(s.x[i]) && usable(s.y[i])) {
                    xMin = Math.min(xMin, tx(s.x[i]));
                    xMax = Math.max(xMax, tx(s.x[i]));
                    yMin = Math.min(yMin, ty(s.y[i]));
                    yMax = Math.max(yMax, ty(s.y[i]));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        if (xMin > xMax) {
            sb.append("<text x=\"").append(LEFT).append("\" y=\"60\">no finite data</text>\n</svg>\n");
            return sb.toString();
        }
        if (xMin == xMax) {
            xMin -= 0.5;
            xMax += 0.5;
        }
        if (yMin == yMax) {
            yMin -= 0.5;
            yMax += 0.5;
        }
        if (logY) {
            yMin = Math.floor(yMin);
            yMax = Math.ceil(yMax);
        }
        if (logX) {
            xMin = Math.floor(xMin);
            xMax = Math.ceil(xMax);
        }
        int pw = width - LEFT - RIGHT;
        int ph = height - TOP - BOTTOM;
        double x0 = xMin;
        double x1 = xMax;
        double y0 = yMin;
        double y1 = yMax;
        java.util.function.DoubleUnaryOperator px = v -> LEFT + (v - x0) / (x1 - x0) * pw;
        java.util.function.DoubleUnaryOperator py = v -> TOP + ph - (v - y0) / (y1 - y0) * ph;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#444\"/>%n", LEFT, TOP, pw, ph));
        for (double t : logX ? decades(x0, x1) : ticks(x0, x1)) {
            double x = px.applyAsDouble(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP, x, TOP + ph, x, TOP + ph + 16,
                    logX ? "1e" + (long) t : label(t)));
        }
        List<Double> yTicks = logY ? decades(y0, y1) : ticks(y0, y1);
        for (double t : yTicks) {
            double y = py.applyAsDouble(t);
            String text = logY ? "1e" + (long) t : label(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, LEFT + pw, y, LEFT - 6, y + 4, text));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%s</text>%n",
                LEFT + pw / 2.0, height - 8, escape(xLabel), logX ? " (log scale)" : ""));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\">"
                + "%s%s</text>%n", TOP + ph / 2.0, escape(yLabel), logY ? " (log scale)" : ""));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = PALETTE[k % PALETTE.length];
            if (s.markers) {
                sb.append("<g fill=\"").append(color).append("\" fill-opacity=\"0.7\">");
                for (int i = 0; i < s.x.length; i++) {
                    if (usableX(s.x[i]) && usable(s.y[i])) {
                        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\"/>",
                                px.applyAsDouble(tx(s.x[i])), py.applyAsDouble(ty(s.y[i]))));
                    }
                }
                sb.append("</g>\n");
            } else {
                StringBuilder d = new StringBuilder();
                boolean pen = false;
                for (int i = 0; i < s.x.length; i++) {
                    if (!usableX(s.x[i]) || !usable(s.y[i])) {
                        pen = false;
                        continue;
                    }
                    d.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.2f %.2f",
                            px.applyAsDouble(tx(s.x[i])), py.applyAsDouble(ty(s.y[i]))));
                    pen = true;
                }
                sb.append("<path fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color).append("\" d=\"")
                        .append(d.toString().trim()).append("\"/>\n");
            }
            int ly = TOP + 14 + 16 * k;
            if (s.markers) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + pw + 19, ly - 4, color, LEFT + pw + 32, ly,
                        escape(s.name)));
            } else {
                sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                        + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + pw + 10, ly - 4, LEFT + pw + 28,
                        ly - 4, color, LEFT + pw + 32, ly, escape(s.name)));
            }
        }
        return sb.append("</svg>\n").toString();
    }

    /** About five round tick values in [lo, hi]. */
    static List<Double> ticks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double f : new double[] {1, 2, 5, 10}) {
            if (f * mag >= raw) {
                step = f * mag;
                break;
            }
        }
        List<Double> t = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) {
            t.add(Math.abs(v) < 1e-12 * step ? 0 : v);
        }
        return t;
    }

    /** Whole powers of ten between lo and hi (exponents), at most about eight. */
    private static List<Double> decades(double lo, double hi) {
        long every = Math.max(1, Math.round(Math.ceil((hi - lo) / 8)));
        List<Double> t = new ArrayList<>();
        for (long e = (long) Math.ceil(lo); e <= hi; e++) {
            if (e % every == 0) {
                t.add((double) e);
            }
        }
        return t;
    }

    private static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
