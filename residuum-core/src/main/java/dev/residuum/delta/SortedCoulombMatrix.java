package dev.residuum.delta;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/**
 * A global, whole-molecule descriptor: the Coulomb matrix {@code M_ii = Z_i^2.4 / 2},
 * {@code M_ij = Z_i Z_j / |R_i - R_j|} (bohr) with its rows and columns ordered by decreasing row
 * norm (M. Rupp et al., Phys. Rev. Lett. 108, 058301 (2012); G. Montavon et al., NIPS 2012), zero-padded
 * to {@link #atoms} atoms and flattened to its upper triangle. It is invariant to rotation,
 * translation and (away from exact ties of row norms) renumbering, but it describes the molecule as
 * one object of a fixed size: what a direct model on it learns for small molecules has no reason to
 * carry over to larger ones.
 *
 * @param atoms the padded size (at least the largest molecule's atom count)
 */
public record SortedCoulombMatrix(int atoms) {
    /** Bohr per Ångström. */
    public static final double BOHR_PER_ANGSTROM = 1 / 0.52917721067;
    private static final Map<String, Integer> CHARGE = Map.of("H", 1, "C", 6, "N", 7, "O", 8, "F", 9);

    public SortedCoulombMatrix {
        if (atoms < 1) {
            throw new IllegalArgumentException("SortedCoulombMatrix: the padded size must be at least 1, got " + atoms);
        }
    }

    /** Descriptor length {@code atoms (atoms + 1) / 2}. */
    public int size() {
        return atoms * (atoms + 1) / 2;
    }

    /** The nuclear charge of {@code symbol}. @throws IllegalArgumentException for elements other than H, C, N, O, F */
    public static int charge(String symbol) {
        Integer z = CHARGE.get(symbol);
        if (z == null) {
            throw new IllegalArgumentException("SortedCoulombMatrix: unknown element '" + symbol + "' (known: H, C, N, O, F)");
        }
        return z;
    }

    /**
     * The descriptor of {@code m} (not modified).
     *
     * @return {@code [size()]}
     * @throws IllegalArgumentException if {@code m} has more than {@link #atoms} atoms
     */
    public double[] describe(Molecule m) {
        int n = m.atoms();
        if (n > atoms) {
            throw new IllegalArgumentException("SortedCoulombMatrix: " + m + " has " + n + " atoms, more than the padded size "
                    + atoms);
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            int zi = charge(m.symbols()[i]);
            c[i][i] = 0.5 * Math.pow(zi, 2.4);
            for (int j = i + 1; j < n; j++) {
                c[i][j] = c[j][i] = zi * charge(m.symbols()[j]) / (m.distance(i, j) * BOHR_PER_ANGSTROM);
            }
        }
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (double v : c[i]) {
                s += v * v;
            }
            norm[i] = Math.sqrt(s);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -norm[i]));
        double[] out = new double[size()];
        int k = 0;
        for (int a = 0; a < atoms; a++) {
            for (int b = a; b < atoms; b++) {
                out[k++] = a < n && b < n ? c[order[a]][order[b]] : 0;
            }
        }
        return out;
    }
}
