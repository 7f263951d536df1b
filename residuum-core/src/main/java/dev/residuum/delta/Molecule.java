package dev.residuum.delta;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Atoms in space: element symbols and Cartesian positions in Ångström, with the comment line of
 * the XYZ frame it was read from. {@link #readXyz} reads the multi-frame XYZ format (a count
 * line, a comment line, then one {@code symbol x y z} line per atom).
 *
 * <p>The arrays are kept by reference: treat them as read-only.
 *
 * @param symbols {@code [N]} element symbols ({@code H}, {@code C}, ...), N at least 1
 * @param positions {@code [N][3]} Ångström
 * @param comment the frame's comment line (empty if none)
 */
public record Molecule(String[] symbols, double[][] positions, String comment) {
    public Molecule {
        Objects.requireNonNull(symbols, "symbols");
        Objects.requireNonNull(positions, "positions");
        Objects.requireNonNull(comment, "comment");
        if (symbols.length == 0 || symbols.length != positions.length) {
            throw new IllegalArgumentException("Molecule: needs at least one atom and one position per symbol, got "
                    + symbols.length + " symbols and " + positions.length + " positions");
        }
        for (int i = 0; i < positions.length; i++) {
            if (positions[i].length != 3 || !Double.isFinite(positions[i][0]) || !Double.isFinite(positions[i][1])
                    || !Double.isFinite(positions[i][2])) {
                throw new IllegalArgumentException("Molecule: atom " + i + " (" + symbols[i] + ") needs 3 finite coordinates, got "
                        + Arrays.toString(positions[i]));
            }
        }
    }

    /** Number of atoms. */
    public int atoms() {
        return symbols.length;
    }

    /** Number of atoms other than hydrogen. */
    public int heavyAtoms() {
        int n = 0;
        for (String s : symbols) {
            n += s.equals("H") ? 0 : 1;
        }
        return n;
    }

    /** Distance between atoms {@code i} and {@code j}, Ångström. */
    public double distance(int i, int j) {
        double dx = positions[i][0] - positions[j][0];
        double dy = positions[i][1] - positions[j][1];
        double dz = positions[i][2] - positions[j][2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /**
     * The value of {@code key=value} in the comment line, or null.
     *
     * @param key a token before '='
     */
    public String property(String key) {
        for (String token : comment.trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0 && token.substring(0, eq).equals(key)) {
                return token.substring(eq + 1);
            }
        }
        return null;
    }

    /**
     * Every frame of a multi-frame XYZ file.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed or truncated frame
     */
    public static List<Molecule> readXyz(Path file) throws IOException {
        List<String> lines = dev.residuum.io.TextFiles.lines(file, "an XYZ file");
        List<Molecule> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String head = lines.get(i).strip();
            if (head.isEmpty()) {
                i++;
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(head);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": expected an atom count, got '" + head + "'");
            }
            if (n < 1 || i + 2 + n > lines.size()) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": frame of " + n + " atoms needs "
                        + (n + 2) + " lines, " + (lines.size() - i) + " left (a truncated file?)");
            }
            String[] symbols = new String[n];
            double[][] positions = new double[n][3];
            for (int a = 0; a < n; a++) {
                int line = i + 2 + a;
                String[] f = lines.get(line).strip().split("\\s+");
                if (f.length < 4) {
                    throw new IllegalArgumentException(file + ": line " + (line + 1) + ": expected 'symbol x y z', got '"
                            + lines.get(line) + "'");
                }
                symbols[a] = f[0].substring(0, 1).toUpperCase(Locale.ROOT) + f[0].substring(1).toLowerCase(Locale.ROOT);
                for (int k = 0; k < 3; k++) {
                    try {
                        positions[a][k] = Double.parseDouble(f[1 + k]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + ": line " + (line + 1) + ": coordinate '" + f[1 + k]
                                + "' is not a number");
                    }
                }
            }
            try {
                out.add(new Molecule(symbols, positions, lines.get(i + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": frame at line " + (i + 1) + ": " + e.getMessage(), e);
            }
            i += 2 + n;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Molecule m && Arrays.equals(symbols, m.symbols) && Arrays.deepEquals(positions, m.positions)
                && comment.equals(m.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(symbols), Arrays.deepHashCode(positions), comment);
    }

    @Override
    public String toString() {
        return "Molecule[" + String.join("", symbols) + ", " + symbols.length + " atoms]";
    }
}
