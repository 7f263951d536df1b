package dev.residuum.cli;

import dev.residuum.io.AtomicFile;
import dev.residuum.train.EpochMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's {@code metrics.jsonl}: one JSON object per finished epoch, appended as the run goes.
 * A resumed run first drops the lines of epochs its checkpoint does not cover (a kill between
 * writing an epoch's line and its checkpoint would otherwise leave a duplicate).
 */
final class RunMetrics {
    static final String FILE = "metrics.jsonl";
    private static final Pattern EPOCH = Pattern.compile("\"epoch\": (\\d+)");
    private final Path file;
    private final List<String> lines = new ArrayList<>();

    private RunMetrics(Path file) {
        this.file = file;
    }

    /** A new log (an existing file is replaced). */
    static RunMetrics create(Path dir) throws IOException {
        RunMetrics m = new RunMetrics(dir.resolve(FILE));
        AtomicFile.write(m.file, out -> { });
        return m;
    }

    /** The log of a resumed run, keeping the lines of epochs 1 .. {@code epochsDone}. */
    static RunMetrics resume(Path dir, int epochsDone) throws IOException {
        RunMetrics m = new RunMetrics(dir.resolve(FILE));
        if (Files.isRegularFile(m.file)) {
            for (String line : Files.readAllLines(m.file, StandardCharsets.UTF_8)) {
                Matcher e = EPOCH.matcher(line);
                if (e.find() && Integer.parseInt(e.group(1)) <= epochsDone) {
                    m.lines.add(line);
                }
            }
        }
        byte[] kept = String.join("", m.lines.stream().map(l -> l + "\n").toList()).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(m.file, out -> out.write(kept));
        return m;
    }

    /** Appends an epoch's line and flushes it to the file. */
    void append(EpochMetrics metrics) throws IOException {
        String line = toJson(metrics);
        lines.add(line);
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Every line so far, in order (the resumed ones first). */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** One line of {@code metrics.jsonl} (no newline). */
    static String toJson(EpochMetrics m) {
        return String.format(Locale.ROOT, "{\"epoch\": %d, \"step\": %d, \"lr\": %s, \"train_loss\": %s,"
                        + " \"train_error\": %s, \"test_loss\": %s, \"test_error\": %s, \"images_per_s\": %.1f,"
                        + " \"seconds\": %.3f, \"heap_after_gc_mb\": %s}", m.epoch(), m.globalStep(), num(m.lr()),
                num(m.trainLoss()), num(1 - m.trainAccuracy()), num(m.testLoss()), num(1 - m.testAccuracy()),
                m.samplesPerSecond(), m.seconds(), Double.isFinite(m.heapAfterGcMb())
                        ? String.format(Locale.ROOT, "%.1f", m.heapAfterGcMb()) : "null");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** The number after {@code "key": } in {@code line}, or NaN when absent or null. */
    static double number(String line, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": (-?[0-9.eE+-]+)").matcher(line);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
