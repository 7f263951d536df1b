package dev.residuum.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a command leaves as {@code report.html}, as data: a title, the headline numbers, the
 * settings of the run, and a body of sections, charts, tables and notes in reading order. One
 * renderer draws every report ({@link HtmlRenderer}), so train, delta and dynamics reports look
 * alike. Immutable; build one with {@link #builder}.
 *
 * <pre>{@code
 * Report r = Report.builder("Delta-learning: y from data.csv")
 *         .headline("test MAE, delta", 0.021, "")
 *         .setting("epochs", "200")
 *         .section("Predicted against true")
 *         .chart(scatter)
 *         .note("The test split is fixed.")
 *         .build();
 * HtmlRenderer.write(r, dir.resolve("report.html"));
 * }</pre>
 *
 * @param title the page's heading
 * @param headlines the numbers the page leads with, in order; unmodifiable
 * @param settings name to value, in order; unmodifiable
 * @param body sections, charts, heat maps, panels, tables and notes in reading order; unmodifiable
 */
public record Report(String title, List<Headline> headlines, Map<String, String> settings, List<Block> body) {
    public Report {
        Objects.requireNonNull(title, "Report: title");
        headlines = List.copyOf(headlines);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        body = List.copyOf(body);
    }

    /** A part of a report's body. */
    public sealed interface Block permits Section, Note, Table, Panels, Chart, Heatmap {
    }

    /** A section heading; what follows belongs to it. */
    public record Section(String heading) implements Block {
        public Section {
            Objects.requireNonNull(heading, "Section: heading");
        }
    }

    /** A paragraph of plain text. */
    public record Note(String text) implements Block {
        public Note {
            Objects.requireNonNull(text, "Note: text");
        }
    }

    /** A two-column table of names and values, in order. */
    public record Table(Map<String, String> rows) implements Block {
        public Table {
            rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
        }
    }

    /** Charts drawn side by side as the panels of one figure. */
    public record Panels(List<Chart> charts) implements Block {
        public Panels {
            charts = List.copyOf(charts);
            if (charts.isEmpty()) {
                throw new IllegalArgumentException("Panels: no charts");
            }
        }
    }

    /** Every chart of the report, panels included, in reading order. */
    public List<Chart> charts() {
        List<Chart> out = new ArrayList<>();
        for (Block b : body) {
            if (b instanceof Chart c) {
                out.add(c);
            } else if (b instanceof Panels p) {
                out.addAll(p.charts());
            }
        }
        return out;
    }

    /** A builder for a report titled {@code title}. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** Collects a report's parts in order; {@link #build} makes the immutable {@link Report}. */
    public static final class Builder {
        private final String title;
        private final List<Headline> headlines = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<Block> body = new ArrayList<>();

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "Report: title");
        }

        /** Adds a headline number (returns this). */
        public Builder headline(String label, double value, String unit) {
            headlines.add(new Headline(label, value, unit));
            return this;
        }

        /** Adds a headline number without a unit (returns this). */
        public Builder headline(String label, double value) {
            return headline(label, value, "");
        }

        /** Adds (or replaces) a setting (returns this). */
        public Builder setting(String name, String value) {
            settings.put(Objects.requireNonNull(name, "setting name"), Objects.requireNonNull(value, () -> "setting "
                    + name));
            return this;
        }

        /** Adds settings in the map's iteration order (returns this). */
        public Builder settings(Map<String, String> more) {
            more.forEach(this::setting);
            return this;
        }

        /** Starts a section (returns this). */
        public Builder section(String heading) {
            body.add(new Section(heading));
            return this;
        }

        /** Adds a chart (returns this). */
        public Builder chart(Chart chart) {
            body.add(Objects.requireNonNull(chart, "chart"));
            return this;
        }

        /** Adds a heat map (returns this). */
        public Builder heatmap(Heatmap map) {
            body.add(Objects.requireNonNull(map, "heatmap"));
            return this;
        }

        /** Adds charts side by side (returns this). */
        public Builder panels(Chart... charts) {
            body.add(new Panels(List.of(charts)));
            return this;
        }

        /** Adds a table in the body (returns this). */
        public Builder table(Map<String, String> rows) {
            body.add(new Table(rows));
            return this;
        }

        /** Adds a paragraph (returns this). */
        public Builder note(String text) {
            body.add(new Note(text));
            return this;
        }

        /** The report as collected so far. */
        public Report build() {
            return new Report(title, headlines, settings, body);
        }
    }
}
