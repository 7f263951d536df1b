package dev.residuum.run;

import dev.residuum.io.AtomicFile;
import dev.residuum.io.Json;
import dev.residuum.io.JsonObject;
import dev.residuum.io.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

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

    /** One line of the file (no newline): the record's fields through {@link Json} (NaN as null). */
    public static String line(MetricsRecord record) {
        return Json.write(record.fields());
    }

    /**
     * The records of a {@code metrics.jsonl} written by this class.
     *
     * @throws IllegalArgumentException naming the file and line of a line it did not write
     */
    public static List<MetricsRecord> read(Path file) throws IOException {
        List<MetricsRecord> out = new ArrayList<>();
        List<String> lines = TextFiles.lines(file, "a metrics log, one JSON record per line");
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(parse(Json.parseObject(lines.get(i))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ", line " + (i + 1) + ": not a Residuum metrics record ("
                        + e.getMessage() + ")");
            }
        }
        return out;
    }

    private static MetricsRecord parse(JsonObject f) {
        String model = f.get("model") == null ? null : f.string("model");
        if (f.has("iteration")) {
            return new MetricsRecord.Step(model, f.integer("iteration"), Math.toIntExact(f.integer("epoch")),
                    num(f, "loss"), num(f, "train_accuracy"), num(f, "lr"));
        }
        return new MetricsRecord.Epoch(model, Math.toIntExact(f.integer("epoch")), f.integer("step"), num(f, "lr"),
                num(f, "train_loss"), num(f, "train_accuracy"), num(f, "test_loss"), num(f, "test_accuracy"),
                num(f, "images_per_s"), num(f, "seconds"), num(f, "heap_after_gc_mb"));
    }

    /** A number field; absent or null (a value that did not apply) reads as NaN. */
    private static double num(JsonObject f, String key) {
        return f.get(key) == null ? Double.NaN : f.number(key);
    }
}
