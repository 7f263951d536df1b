package dev.residuum.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A CSV table read as text cells, the project's one CSV reader: delta tables, edge lists and
 * matrices all come through it. Cells are separated by commas and trimmed; a cell may be quoted
 * with {@code "} ({@code ""} inside for a quote; no newlines inside). Blank lines are skipped, and
 * with {@link Format#comments} so are lines starting with {@code #}. Rows are numbered from 1,
 * and every row remembers its line in the file, so that every error names the file, the line and
 * the column. Columns are looked up by name (when there is a header) or position, and parsed to
 * numbers on demand.
 */
public final class CsvTable {
    /**
     * How a file is laid out.
     *
     * @param header which first line is a header: {@code line -> true} for "always" (the header
     *     is required), {@code line -> false} for "never", or a test of the first line's cells
     * @param comments whether lines starting with {@code #} are skipped
     * @param sameWidth whether every row must have as many cells as the first row (or header)
     * @param nonEmpty whether a file without a header and a data row is an error (otherwise the
     *     reader of the format says what it misses)
     */
    public record Format(Predicate<String[]> header, boolean comments, boolean sameWidth, boolean nonEmpty) {
        /** A header line, then at least one row of the header's width (a table). */
        public static final Format TABLE = new Format(cells -> true, false, true, true);

        public Format {
            Objects.requireNonNull(header, "Format: header");
        }
    }

    private final String source;
    private final List<String> header;
    private final List<String[]> rows;
    private final int[] lines;
    private final Map<String, Integer> index = new LinkedHashMap<>();

    private CsvTable(String source, List<String> header, List<String[]> rows, int[] lines) {
        this.source = source;
        this.header = header;
        this.rows = rows;
        this.lines = lines;
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i), i);
        }
    }

    /**
     * Reads a table with a header line ({@link Format#TABLE}).
     *
     * @throws CsvFormatException for a missing or empty file, a header without data rows, or a
     *     row whose cell count differs from the header's
     */
    public static CsvTable read(Path file) throws IOException {
        return read(file, Format.TABLE);
    }

    /**
     * Reads {@code file} laid out as {@code format}.
     *
     * @throws CsvFormatException for a missing file, ragged rows where {@code format} wants the
     *     same width, or (where {@code format} wants data) an empty file or a header without rows
     */
    public static CsvTable read(Path file, Format format) throws IOException {
        if (Files.isDirectory(file)) {
            throw new CsvFormatException(file + ": is a directory (expected a CSV file)");
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString(), format);
        } catch (NoSuchFileException e) {
            throw new CsvFormatException(file + ": no such file (expected a CSV file)");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CsvFormatException(file + ": not UTF-8 text (expected a CSV file)");
        }
    }

    /**
     * Reads a table from {@code reader} (not closed).
     *
     * @param source the file's name in messages
     */
    public static CsvTable read(Reader reader, String source, Format format) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        int[] lines = new int[16];
        boolean first = true;
        int lineNo = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || (format.comments() && t.startsWith("#"))) {
                continue;
            }
            String[] cells = split(line);
            if (first) {
                first = false;
                if (format.header().test(cells)) {
                    header = List.of(cells);
                    continue;
                }
            }
            int width = header != null ? header.size() : rows.isEmpty() ? cells.length : rows.get(0).length;
            if (format.sameWidth() && cells.length != width) {
                throw new CsvFormatException(source + ": row " + (rows.size() + 1) + " (line " + lineNo + ") has "
                        + cells.length + " cells, " + (header != null ? "the header has " : "the first row has ") + width);
            }
            if (rows.size() == lines.length) {
                lines = Arrays.copyOf(lines, 2 * lines.length);
            }
            lines[rows.size()] = lineNo;
            rows.add(cells);
        }
        if (format.nonEmpty() && first) {
            throw new CsvFormatException(source + ": the file is empty (expected a header line and data rows)");
        }
        if (format.nonEmpty() && rows.isEmpty()) {
            throw new CsvFormatException(source + ": no data rows after the header");
        }
        return new CsvTable(source, header == null ? List.of() : header, rows, Arrays.copyOf(lines, rows.size()));
    }

    private static String[] split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells.toArray(new String[0]);
    }

    /** The file's name, as given. */
    public String source() {
        return source;
    }

    /** The header's column names (empty when the file has no header). */
    public List<String> header() {
        return header;
    }

    /** Number of data rows. */
    public int rows() {
        return rows.size();
    }

    /** The line of the file that holds data row {@code row} (0-based row, 1-based line). */
    public int line(int row) {
        return lines[row];
    }

    /** The cells of data row {@code row} (0-based; a copy). */
    public String[] cells(int row) {
        return rows.get(row).clone();
    }

    /** Whether the header has {@code column}. */
    public boolean has(String column) {
        return index.containsKey(column);
    }

    /**
     * The position of a named column.
     *
     * @throws CsvFormatException naming the columns there are
     */
    public int column(String name) {
        Integer c = index.get(name);
        if (c == null) {
            throw new CsvFormatException(source + ": no column '" + name + "' (columns: " + String.join(", ", header)
                    + ")");
        }
        return c;
    }

    /** The raw cells of a named column. */
    public String[] text(String name) {
        int c = column(name);
        String[] out = new String[rows.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = rows.get(r)[c];
        }
        return out;
    }

    /**
     * A named column as finite numbers.
     *
     * @param role what the column is for, in messages ("feature", "target", ...)
     * @throws CsvFormatException naming the file, row, line and column of an empty, non-numeric
     *     or non-finite cell
     */
    public double[] numbers(String name, String role) {
        int c = column(name);
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) {
            String cell = rows.get(r)[c];
            String where = source + ": row " + (r + 1) + " (line " + lines[r] + "), " + role + " column '" + name + "'";
            if (cell.isEmpty()) {
                throw new CsvFormatException(where + ": empty cell (expected a number)");
            }
            double v = parse(cell);
            if (Double.isNaN(v) && !isNaNText(cell)) {
                throw new CsvFormatException(where + ": '" + abbreviate(cell) + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                throw new CsvFormatException(where + ": " + abbreviate(cell) + " is not a finite number");
            }
            out[r] = v;
        }
        return out;
    }

    /**
     * The cell at ({@code row}, {@code column}) (both 0-based) as a finite number.
     *
     * @throws CsvFormatException {@code "<file> line L, column C: expected a number, got 'x'"}
     */
    public double number(int row, int column) {
        String cell = rows.get(row)[column];
        double v = parse(cell);
        if (Double.isNaN(v) && !isNaNText(cell)) {
            throw new CsvFormatException(source + " line " + lines[row] + ", column " + (column + 1)
                    + ": expected a number, got '" + abbreviate(cell) + "'");
        }
        if (!Double.isFinite(v)) {
            throw new CsvFormatException(source + " line " + lines[row] + ", column " + (column + 1)
                    + ": expected a finite number, got '" + abbreviate(cell) + "'");
        }
        return v;
    }

    /** Whether {@code cell} reads as a number (finite or not). */
    public static boolean isNumber(String cell) {
        return !Double.isNaN(parse(cell)) || isNaNText(cell);
    }

    /** The number in {@code cell}, or NaN when it is not one. */
    private static double parse(String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static boolean isNaNText(String cell) {
        String s = cell.strip();
        return s.equals("NaN") || s.equals("+NaN") || s.equals("-NaN");
    }

    /** Fails unless the values of named column {@code name} vary. */
    public void requireVarying(String name, double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return;
            }
        }
        throw new CsvFormatException(source + ": rows 1-" + values.length + ", feature column '" + name + "': constant ("
                + String.format(Locale.ROOT, "%s", values[0]) + " in every row); a feature must vary");
    }

    /** {@code s} cut to 60 characters for a message. */
    public static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    @Override
    public String toString() {
        return source + " (" + rows.size() + " rows, columns " + header + ")";
    }
}
