package dev.residuum.dynamics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a graph from an edge-list CSV: one edge per line, {@code u,v} or {@code u,v,w}; node ids are any
 * strings (trimmed, no quoting, no commas inside); {@code w} is a positive number (default 1). Blank lines
 * and lines starting with {@code #} are skipped. The first line is a header, and skipped, when its first
 * two cells are a known header pair ({@code u,v}, {@code source,target}, {@code from,to}, {@code node1,node2},
 * {@code src,dst}, case-insensitive) or when it has a third cell that is not a number. Nodes are numbered in
 * order of first appearance.
 */
public final class EdgeListCsv {
    private static final Set<String> HEADER_NAMES = Set.of("u", "v", "source", "target", "from", "to",
            "node1", "node2", "src", "dst", "i", "j");
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
    public static Graph read(Path file, boolean directed) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString(), directed);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("graph file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read graph file " + file + ": " + e.getMessage());
        }
    }

    /** Reads one of the {@link #BUILTIN} graphs (Zachary's karate club, Les Misérables). */
    public static Graph builtin(String name, boolean directed) {
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
    public static Graph read(Reader reader, String source, boolean directed) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        Map<String, Integer> ids = new HashMap<>();
        String[] labels = new String[16];
        int[] us = new int[16];
        int[] vs = new int[16];
        double[] ws = new double[16];
        boolean anyWeight = false;
        int m = 0;
        int lineNo = 0;
        boolean first = true;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] cells = t.split(",", -1);
            if (first) {
                first = false;
                if (isHeader(cells)) {
                    continue;
                }
            }
            if (cells.length < 2 || cells.length > 3) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": expected 'u,v' or 'u,v,w', got "
                        + cells.length + " cell(s): '" + abbreviate(t) + "'");
            }
            String a = cells[0].strip();
            String b = cells[1].strip();
            if (a.isEmpty() || b.isEmpty()) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": empty node id in '" + abbreviate(t) + "'");
            }
            double w = 1.0;
            if (cells.length == 3) {
                w = parseWeight(cells[2].strip(), source, lineNo);
                anyWeight = true;
            }
            if (a.equals(b)) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": self-loop '" + a + "," + b
                        + "' (a Laplacian ignores self-loops); remove that line");
            }
            if (m == us.length) {
                us = Arrays.copyOf(us, 2 * m);
                vs = Arrays.copyOf(vs, 2 * m);
                ws = Arrays.copyOf(ws, 2 * m);
            }
            us[m] = id(a, ids, labels);
            if (ids.size() > labels.length - 2) {
                labels = Arrays.copyOf(labels, 2 * labels.length);
            }
            labels[us[m]] = a;
            vs[m] = id(b, ids, labels);
            labels[vs[m]] = b;
            ws[m] = w;
            m++;
        }
        if (m == 0) {
            throw new IllegalArgumentException(source + ": no edges (expected lines 'u,v' or 'u,v,w')");
        }
        String[] nodeLabels = Arrays.copyOf(labels, ids.size());
        try {
            return Graph.fromEdges(nodeLabels, Arrays.copyOf(us, m), Arrays.copyOf(vs, m),
                    anyWeight ? Arrays.copyOf(ws, m) : null, directed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static int id(String label, Map<String, Integer> ids, String[] labels) {
        Integer id = ids.get(label);
        if (id == null) {
            id = ids.size();
            ids.put(label, id);
        }
        return id;
    }

    private static boolean isHeader(String[] cells) {
        if (cells.length >= 2 && HEADER_NAMES.contains(cells[0].strip().toLowerCase(Locale.ROOT))
                && HEADER_NAMES.contains(cells[1].strip().toLowerCase(Locale.ROOT))) {
            return true;
        }
        return cells.length == 3 && !isNumber(cells[2].strip());
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double parseWeight(String s, String source, int lineNo) {
        double w;
        try {
            w = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " line " + lineNo + ", column 3: expected a weight (number), got '"
                    + abbreviate(s) + "'");
        }
        if (!(w > 0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException(source + " line " + lineNo + ", column 3: weight " + s
                    + " is not a finite positive number (negative or zero weights make no sense in a consensus Laplacian)");
        }
        return w;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
