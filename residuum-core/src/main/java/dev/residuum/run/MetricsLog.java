package dev.residuum.run;

import dev.residuum.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's {@code metrics.jsonl}: one JSON object per {@link MetricsRecord}, appended as the run
 * goes and read back as typed records. A resumed run first drops the epochs its checkpoint does
 * not cover (a kill between writing an epoch's line and its checkpoint would otherwise leave a
 * duplicate).
 */
public final class MetricsLog {
    private final Path file;
    private final List<MetricsRecord> records = new ArrayList<>();

    private MetricsLog(Path file) {
        this.file = file;
    }

    /** A new, empty log (an existing file is replaced, atomically). */
    public static MetricsLog create(Path file) throws IOException {
        MetricsLog log = new MetricsLog(file);
        AtomicFile.write(file, out -> { });
        return log;
    }

    /**
     * The log of a resumed run, keeping the epoch records of epochs 1 .. {@code epochsDone} and
     * the step records of those epochs (rewritten atomically).
     */
    public static MetricsLog resume(Path file, int epochsDone) throws IOException {
        MetricsLog log = new MetricsLog(file);
        if (Files.isRegularFile(file)) {
            for (MetricsRecord r : read(file)) {
                int epoch = r instanceof MetricsRecord.Epoch e ? e.epoch() : ((MetricsRecord.Step) r).epoch();
                if (epoch <= epochsDone) {
                    log.records.add(r);
                }
            }
        }
        StringBuilder kept = new StringBuilder();
        log.records.forEach(r -> kept.append(line(r)).append('\n'));
        byte[] bytes = kept.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> out.write(bytes));
        return log;
    }

    /** Appends a record and writes its line to the file. */
    public void append(MetricsRecord record) throws IOException {
        records.add(record);
        Files.writeString(file, line(record) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Every record so far, the resumed ones first. */
    public List<MetricsRecord> records() {
        return List.copyOf(records);
    }

    /** The epoch records so far, in order. */
    public List<MetricsRecord.Epoch> epochs() {
        return records.stream().filter(r -> r instanceof MetricsRecord.Epoch).map(r -> (MetricsRecord.Epoch) r).toList();
    }

    /** One line of the file (no newline). */
    public static String line(MetricsRecord record) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : record.fields().entrySet()) {
            b.append(b.length() > 1 ? ", " : "").append('"').append(e.getKey()).append("\": ");
            Object v = e.getValue();
            if (v instanceof String s) {
                b.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else if (v instanceof Double d) {
                b.append(Double.isFinite(d) ? Double.toString(d) : "null");
            } else {
                b.append(v);
            }
        }
        return b.append('}').toString();
    }

    /**
     * The records of a {@code metrics.jsonl} written by this class.
     *
     * @throws IllegalArgumentException naming the file and line of a line it did not write
     */
    public static List<MetricsRecord> read(Path file) throws IOException {
        List<MetricsRecord> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(parse(fields(lines.get(i))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ", line " + (i + 1) + ": not a Residuum metrics record ("
                        + e.getMessage() + ")");
            }
        }
        return out;
    }

    private static MetricsRecord parse(Map<String, String> f) {
        String model = f.get("model");
        if (f.containsKey("iteration")) {
            return new MetricsRecord.Step(model, Long.parseLong(need(f, "iteration")), Integer.parseInt(need(f, "epoch")),
                    num(f, "loss"), num(f, "train_accuracy"), num(f, "lr"));
        }
        return new MetricsRecord.Epoch(model, Integer.parseInt(need(f, "epoch")), Long.parseLong(need(f, "step")),
                num(f, "lr"), num(f, "train_loss"), num(f, "train_accuracy"), num(f, "test_loss"),
                num(f, "test_accuracy"), num(f, "images_per_s"), num(f, "seconds"), num(f, "heap_after_gc_mb"));
    }

    private static String need(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no \"" + key + "\"");
        }
        return v;
    }

    private static double num(Map<String, String> f, String key) {
        String v = f.get(key);
        return v == null || v.equals("null") ? Double.NaN : Double.parseDouble(v);
    }

    /** The flat object of one line as raw values (strings unquoted); only what {@link #line} writes. */
    private static Map<String, String> fields(String line) {
        String s = line.strip();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            throw new IllegalArgumentException("expected one JSON object");
        }
        Map<String, String> f = new LinkedHashMap<>();
        int i = 1, end = s.length() - 1;
        while (i < end) {
            int k0 = s.indexOf('"', i), k1 = s.indexOf('"', k0 + 1), colon = s.indexOf(':', k1);
            if (k0 < 0 || k1 < 0 || colon < 0) {
                break;
            }
            String key = s.substring(k0 + 1, k1);
            int v = colon + 1;
            while (v < end && s.charAt(v) == ' ') {
                v++;
            }
            int stop;
            String value;
            if (s.charAt(v) == '"') {
                StringBuilder b = new StringBuilder();
                int j = v + 1;
                for (; s.charAt(j) != '"'; j++) {
                    b.append(s.charAt(j) == '\\' ? s.charAt(++j) : s.charAt(j));
                }
                value = b.toString();
                stop = s.indexOf(',', j);
            } else {
                stop = s.indexOf(',', v);
                value = s.substring(v, stop < 0 ? end : stop).strip().toLowerCase(Locale.ROOT);
            }
            f.put(key, value);
            i = stop < 0 ? end : stop + 1;
        }
        return f;
    }
}
