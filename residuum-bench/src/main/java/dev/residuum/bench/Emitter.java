package dev.residuum.bench;

import dev.residuum.io.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Prints one JSON line per measurement, with the reference script's field names. */
final class Emitter {
    private final PrintStream out;
    private final int threads;

    Emitter(PrintStream out, int threads) {
        this.out = out;
        this.threads = threads;
    }

    void emit(String workload, String metric, List<Double> values, String unit, List<Double> foreign) {
        JsonObject line = new JsonObject().put("workload", workload).put("threads", threads).put("metric", metric)
                .put("value", round(median(values), 4)).put("unit", unit).put("n", values.size())
                .put("min", round(Collections.min(values), 4)).put("max", round(Collections.max(values), 4));
        if (!foreign.isEmpty()) {
            line.put("foreign_load", round(median(foreign), 3));
        }
        out.println(line);
        out.flush();
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** {@code v} rounded to {@code digits} decimals, as the reference script's {@code round(v, digits)}. */
    static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return v;
        }
        return java.math.BigDecimal.valueOf(v).setScale(digits, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
