package dev.residuum.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The extent and the labelled ticks of one chart axis, in the axis's own coordinate (log10 of
 * the value on a log axis). The extent is the data's range widened by {@value #MARGIN} of itself
 * on both sides, so that no point or marker sits on the frame; it holds at least
 * {@value #MIN_TICKS} labelled ticks (round values: 1, 2, 2.5 or 5 times a power of ten; on a log
 * axis whole decades when the range spans enough of them, else 1-2-5 or 1…9 steps inside the
 * decades, else round values).
 *
 * @param lo lower end of the axis
 * @param hi upper end of the axis
 * @param positions tick positions, ascending, inside [lo, hi]
 * @param labels one text per tick, all distinct
 */
record Ticks(double lo, double hi, List<Double> positions, List<String> labels) {
    /** Fraction of the data range added on each side. */
    static final double MARGIN = 0.05;
    /** Fewest labelled ticks on an axis. */
    static final int MIN_TICKS = 4;
    private static final double[] NICE = {1, 2, 2.5, 5};

    /** A linear axis over data from {@code min} to {@code max} (finite, min <= max). */
    static Ticks linear(double min, double max) {
        double[] range = padded(min, max, Math.max(Math.abs(min) * 0.1, 0.5));
        List<Double> t = round(range[0], range[1]);
        return new Ticks(range[0], range[1], t, labels(t));
    }

    /** A log axis over data whose log10 runs from {@code minExp} to {@code maxExp}. */
    static Ticks log(double minExp, double maxExp) {
        double[] range = padded(minExp, maxExp, 0.5);
        double lo = range[0];
        double hi = range[1];
        List<Double> decades = new ArrayList<>();
        for (long e = (long) Math.ceil(lo); e <= hi; e++) {
            decades.add((double) e);
        }
        if (decades.size() >= MIN_TICKS) {
            long every = 1; // 1, 2, 5, 10, 20, 50, ... decades between labels, at most about 8 labels
            for (int i = 0; decades.size() / every > 8; i++) {
                every = new long[] {2, 5, 10}[i % 3] * (long) Math.pow(10, i / 3);
            }
            List<Double> kept = new ArrayList<>();
            List<String> text = new ArrayList<>();
            for (double e : decades) {
                if (((long) e) % every == 0) {
                    kept.add(e);
                    text.add(decadeLabel((long) e));
                }
            }
            return new Ticks(lo, hi, kept, text);
        }
        for (double[] multiples : new double[][] {{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}}) {
            List<Double> values = new ArrayList<>();
            for (long e = (long) Math.floor(lo); e <= Math.ceil(hi); e++) {
                for (double m : multiples) {
                    double v = m * Math.pow(10, e);
                    if (Math.log10(v) >= lo && Math.log10(v) <= hi) {
                        values.add(v);
                    }
                }
            }
            if (values.size() >= MIN_TICKS) {
                return inLog(lo, hi, values);
            }
        }
        return inLog(lo, hi, round(Math.pow(10, lo), Math.pow(10, hi)));
    }

    private static Ticks inLog(double lo, double hi, List<Double> values) {
        List<Double> positions = new ArrayList<>();
        for (double v : values) {
            positions.add(Math.log10(v));
        }
        return new Ticks(lo, hi, positions, labels(values));
    }

    /** [min, max] widened by the margin; a single value gets {@code halfWidth} on each side. */
    private static double[] padded(double min, double max, double halfWidth) {
        if (min == max) {
            return new double[] {min - halfWidth, max + halfWidth};
        }
        double pad = MARGIN * (max - min);
        return new double[] {min - pad, max + pad};
    }

    /** Round values k·step in [lo, hi], at least {@value #MIN_TICKS} of them. */
    private static List<Double> round(double lo, double hi) {
        double raw = (hi - lo) / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        int i = 0;
        double step = magnitude;
        while (step < raw) {
            i++;
            step = NICE[i % NICE.length] * magnitude * Math.pow(10, i / NICE.length);
        }
        List<Double> t = within(lo, hi, step);
        while (t.size() < MIN_TICKS) {
            i--;
            step = NICE[Math.floorMod(i, NICE.length)] * magnitude * Math.pow(10, Math.floorDiv(i, NICE.length));
            t = within(lo, hi, step);
        }
        return t;
    }

    private static List<Double> within(double lo, double hi, double step) {
        List<Double> t = new ArrayList<>();
        for (long k = (long) Math.ceil(lo / step); k * step <= hi; k++) {
            t.add(k == 0 ? 0.0 : k * step);
        }
        return t;
    }

    /** Labels with as many decimals as the finest tick needs, distinct. */
    private static List<String> labels(List<Double> values) {
        for (int decimals = 0; decimals <= 12; decimals++) {
            List<String> out = new ArrayList<>();
            boolean exact = true;
            for (double v : values) {
                BigDecimal b = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN);
                exact &= Math.abs(b.doubleValue() - v) <= 1e-9 * Math.max(Math.abs(v), 1e-300);
                out.add(plain(b, v));
            }
            if (exact && new HashSet<>(out).size() == out.size()) {
                return out;
            }
        }
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(NumberText.of(v, 10));
        }
        return out;
    }

    private static String plain(BigDecimal b, double v) {
        double a = Math.abs(v);
        if (v != 0 && (a >= 1e6 || a < 1e-4)) {
            String e = String.format(java.util.Locale.ROOT, "%.4e", v);
            int at = e.indexOf('e');
            return e.substring(0, at).replaceAll("\\.?0+$", "") + e.substring(at);
        }
        return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
    }

    private static String decadeLabel(long e) {
        return e >= -4 && e <= 5 ? BigDecimal.ONE.scaleByPowerOfTen((int) e).toPlainString()
                : "1e" + e;
    }
}
