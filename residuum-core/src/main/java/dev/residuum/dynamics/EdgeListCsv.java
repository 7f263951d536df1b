package dev.residuum.dynamics;

import dev.residuum.data.CsvTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a graph from an edge-list CSV (through {@link CsvTable}): one edge per line, {@code u,v} or
 * {@code u,v,w}; node ids are any strings (trimmed; quoted with {@code "} when they hold a comma); {@code w} is a positive number (default 1). Blank lines
 * and lines starting with {@code #} are skipped. The first line is a header, and skipped, when its first
 * two cells are a known header pair ({@code u,v}, {@code source,target}, {@code from,to}, {@code node1,node2},
 * {@code src,dst}, case-insensitive) or when it has a third cell that is not a number. Nodes are numbered in
 * order of first appearance.
 */
public final class EdgeListCsv {
    private static final Set<String> HEADER_NAMES = Set.of("u", "v", "source", "target", "from", "to",
            "node1", "node2", "src", "dst", "i", "j");
    private static final CsvTable.Format FORMAT = new CsvTable.Format(EdgeListCsv::isHeader, true, false, false);
    private static final String RESOURCE_DIR = "/dev/residuum/dynamics/graphs/";
    /** Names of the graphs shipped as resources (see graphs/SOURCES.md). */
    public static final Set<String> BUILTIN = Set.of("karate", "lesmis");

    private EdgeListCsv() {
    }

    /**
     * Reads a graph file.
     *
     * @throws IllegalArgumentException if the file is missing or malformed (message names file and line)
     */
    public static WeightedGraph read(Path file, boolean directed) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString(), directed);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("graph file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read graph file " + file + ": " + e.getMessage());
        }
    }

    /** Reads one of the {@link #BUILTIN} graphs (Zachary's karate club, Les Misérables). */
    public static WeightedGraph builtin(String name, boolean directed) {
        if (!BUILTIN.contains(name)) {
            throw new IllegalArgumentException("unknown built-in graph '" + name + "', expected one of " + BUILTIN);
        }
        InputStream in = EdgeListCsv.class.getResourceAsStream(RESOURCE_DIR + name + ".csv");
        if (in == null) {
            throw new IllegalStateException("resource " + RESOURCE_DIR + name + ".csv missing from the jar");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(r, name + ".csv", directed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads an edge list from a reader (not closed).
     *
     * @param source name used in error messages
     */
    public static WeightedGraph read(Reader reader, String source, boolean directed) throws IOException {
        CsvTable table = CsvTable.read(reader, source, FORMAT);
        int m = table.rows();
        if (m == 0) {
            throw new IllegalArgumentException(source + ": no edges (expected lines 'u,v' or 'u,v,w')");
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[] us = new int[m];
        int[] vs = new int[m];
        double[] ws = new double[m];
        boolean anyWeight = false;
        for (int e = 0; e < m; e++) {
            String[] cells = table.cells(e);
            int lineNo = table.line(e);
            String text = String.join(",", cells);
            if (cells.length < 2 || cells.length > 3) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": expected 'u,v' or 'u,v,w', got "
                        + cells.length + " cell(s): '" + CsvTable.abbreviate(text) + "'");
            }
            String a = cells[0];
            String b = cells[1];
            if (a.isEmpty() || b.isEmpty()) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": empty node id in '"
                        + CsvTable.abbreviate(text) + "'");
            }
            ws[e] = 1.0;
            if (cells.length == 3) {
                ws[e] = weight(table, e);
                anyWeight = true;
            }
            if (a.equals(b)) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": self-loop '" + a + "," + b
                        + "' (a Laplacian ignores self-loops); remove that line");
            }
            us[e] = ids.computeIfAbsent(a, k -> ids.size());
            vs[e] = ids.computeIfAbsent(b, k -> ids.size());
        }
        String[] nodeLabels = ids.keySet().toArray(new String[0]);
        try {
            return WeightedGraph.fromEdges(nodeLabels, us, vs, anyWeight ? ws : null, directed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static boolean isHeader(String[] cells) {
        if (cells.length >= 2 && HEADER_NAMES.contains(cells[0].strip().toLowerCase(Locale.ROOT))
                && HEADER_NAMES.contains(cells[1].strip().toLowerCase(Locale.ROOT))) {
            return true;
        }
        return cells.length == 3 && !CsvTable.isNumber(cells[2]);
    }

    private static double weight(CsvTable table, int row) {
        String cell = table.cells(row)[2];
        if (!CsvTable.isNumber(cell)) {
            throw new IllegalArgumentException(table.source() + " line " + table.line(row)
                    + ", column 3: expected a weight (number), got '" + CsvTable.abbreviate(cell) + "'");
        }
        double w = Double.parseDouble(cell);
        if (!(w > 0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException(table.source() + " line " + table.line(row) + ", column 3: weight " + cell
                    + " is not a finite positive number (negative or zero weights make no sense in a consensus Laplacian)");
        }
        return w;
    }
}
