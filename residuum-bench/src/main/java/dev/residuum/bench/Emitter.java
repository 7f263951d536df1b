package dev.residuum.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Prints one JSON line per measurement, with the reference script's field names. */
final class Emitter {
    private final PrintStream out;
    private final int threads;

    Emitter(PrintStream out, int threads) {
        this.out = out;
        this.threads = threads;
    }

    void emit(String workload, String metric, List<Double> values, String unit, List<Double> foreign) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"workload\": \"").append(workload).append("\", \"threads\": ").append(threads)
                .append(", \"metric\": \"").append(metric).append("\", \"value\": ").append(num(median(values)))
                .append(", \"unit\": \"").append(unit).append("\", \"n\": ").append(values.size())
                .append(", \"min\": ").append(num(Collections.min(values)))
                .append(", \"max\": ").append(num(Collections.max(values)));
        if (!foreign.isEmpty()) {
            sb.append(", \"foreign_load\": ").append(String.format(Locale.ROOT, "%.3f", median(foreign)));
        }
        out.println(sb.append('}'));
        out.flush();
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
