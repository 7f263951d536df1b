package dev.residuum.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV file with a header line, read as text cells; columns are looked up by name and parsed to
 * numbers on demand, so that every error names the file, the row and the column. Cells may be
 * quoted with {@code "} (no embedded newlines). Rows are numbered from 1 after the header; row r
 * is line r + 1 of the file.
 */
final class CsvTable {
    private final Path file;
    private final List<String> header;
    private final List<String[]> rows;
    private final Map<String, Integer> index = new LinkedHashMap<>();

    private CsvTable(Path file, List<String> header, List<String[]> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i), i);
        }
    }

    /**
     * Reads {@code file}.
     *
     * @throws BadInputException for a missing or empty file, a header without data rows, or a row
     *     whose cell count differs from the header's
     */
    static CsvTable read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file (expected a CSV file with a header line)");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            throw new BadInputException(file + ": the file is empty (expected a header line and data rows)");
        }
        List<String> header = List.of(split(lines.get(first)));
        List<String[]> rows = new ArrayList<>();
        for (int i = first + 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = split(lines.get(i));
            if (cells.length != header.size()) {
                throw new BadInputException(file + ": row " + (rows.size() + 1) + " (line " + (i + 1) + ") has " + cells.length
                        + " cells, the header has " + header.size());
            }
            rows.add(cells);
        }
        if (rows.isEmpty()) {
            throw new BadInputException(file + ": no data rows after the header");
        }
        return new CsvTable(file, header, rows);
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
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return cells.toArray(new String[0]);
    }

    /** The file read. */
    Path file() {
        return file;
    }

    /** Number of data rows. */
    int rows() {
        return rows.size();
    }

    /** Whether the header has {@code column}. */
    boolean has(String column) {
        return index.containsKey(column);
    }

    private int column(String name) {
        Integer c = index.get(name);
        if (c == null) {
            throw new BadInputException(file + ": no column '" + name + "' (columns: " + String.join(", ", header) + ")");
        }
        return c;
    }

    /** The raw cells of a column. */
    String[] text(String name) {
        int c = column(name);
        String[] out = new String[rows.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = rows.get(r)[c];
        }
        return out;
    }

    /**
     * A column as finite numbers.
     *
     * @param role what the column is for, in messages ("feature", "target", ...)
     * @throws BadInputException naming the file, row and column of an empty, non-numeric or
     *     non-finite cell
     */
    double[] numbers(String name, String role) {
        int c = column(name);
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) {
            String cell = rows.get(r)[c];
            String where = file + ": row " + (r + 1) + " (line " + (r + 2) + "), " + role + " column '" + name + "'";
            if (cell.isEmpty()) {
                throw new BadInputException(where + ": empty cell (expected a number)");
            }
            double v;
            try {
                v = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw new BadInputException(where + ": '" + cell + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                throw new BadInputException(where + ": " + cell + " is not a finite number");
            }
            out[r] = v;
        }
        return out;
    }

    /** Fails unless the values vary ({@code values} read from column {@code name}). */
    void requireVarying(String name, double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return;
            }
        }
        throw new BadInputException(file + ": rows 1-" + values.length + ", feature column '" + name + "': constant ("
                + String.format(Locale.ROOT, "%s", values[0]) + " in every row); a feature must vary");
    }

    @Override
    public String toString() {
        return file + " (" + rows.size() + " rows, columns " + Arrays.toString(header.toArray()) + ")";
    }
}
