package dev.residuum.delta;

import java.util.Arrays;
import java.util.List;

/**
 * A size-extensive linear baseline: an optional precomputed column plus one energy per element
 * times the number of atoms of that element, {@code b(s) = base(s) + sum_e n_e(s) eps_e}. The
 * per-element energies {@code eps} are fitted by least squares to {@code target - base} on the
 * training samples ({@link #fit}): with no base column they are the usual atomic reference
 * energies of a direct model of total energies; on top of a DFT energy they are the average
 * per-element part of {@code E_CC - E_DFT}. An element absent from the training samples gets 0.
 *
 * @param baseColumn the column of precomputed values, or -1 for none
 * @param countColumns the columns holding the number of atoms of each element
 * @param energies {@code eps}, one per count column
 */
public record AtomicReferenceEnergies(int baseColumn, List<Integer> countColumns, List<Double> energies)
        implements Baseline {
    public AtomicReferenceEnergies {
        countColumns = List.copyOf(countColumns);
        energies = List.copyOf(energies);
        if (countColumns.isEmpty() || energies.size() != countColumns.size() || baseColumn < -1) {
            throw new IllegalArgumentException("AtomicReferenceEnergies: needs one energy per count column (at least one) and a"
                    + " base column >= -1, got " + countColumns.size() + " columns, " + energies.size() + " energies, base "
                    + baseColumn);
        }
    }

    /** Fits {@link #energies} on {@code train} (not modified). */
    public static AtomicReferenceEnergies fit(DeltaData train, int baseColumn, int[] countColumns) {
        int e = countColumns.length;
        double[][] rows = train.sampleRows();
        double[] y = train.target();
        double[][] ata = new double[e][e];
        double[] aty = new double[e];
        for (int s = 0; s < rows.length; s++) {
            double r = y[s] - (baseColumn < 0 ? 0 : rows[s][baseColumn]);
            for (int a = 0; a < e; a++) {
                double na = rows[s][countColumns[a]];
                aty[a] += na * r;
                for (int b = 0; b < e; b++) {
                    ata[a][b] += na * rows[s][countColumns[b]];
                }
            }
        }
        boolean[] present = new boolean[e];
        for (int a = 0; a < e; a++) {
            present[a] = ata[a][a] > 0;
            if (!present[a]) { // the element never occurs: eps = 0, and the system stays regular
                ata[a][a] = 1;
                aty[a] = 0;
            }
        }
        return new AtomicReferenceEnergies(baseColumn, Arrays.stream(countColumns).boxed().toList(),
                Arrays.stream(solve(ata, aty)).boxed().toList());
    }

    /** The fit as a {@link BaselineFit}. */
    public static BaselineFit fitter(int baseColumn, int[] countColumns) {
        int[] counts = countColumns.clone();
        return train -> fit(train, baseColumn, counts);
    }

    /** Gaussian elimination with partial pivoting of the symmetric system {@code a x = b} (both modified). */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double scale = 0;
        for (double[] row : a) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            if (Math.abs(a[p][c]) <= 1e-12 * scale) {
                throw new IllegalArgumentException("AtomicReferenceEnergies: the element counts of the training samples are"
                        + " linearly dependent (column " + c + "), so per-element energies are not determined; add molecules"
                        + " with other compositions");
            }
            double[] tr = a[c];
            a[c] = a[p];
            a[p] = tr;
            double tb = b[c];
            b[c] = b[p];
            b[p] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) {
                s -= a[r][k] * x[k];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }

    @Override
    public double[] predict(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = baseColumn < 0 ? 0 : x[i][baseColumn];
            for (int a = 0; a < countColumns.size(); a++) {
                s += x[i][countColumns.get(a)] * energies.get(a);
            }
            out[i] = s;
        }
        return out;
    }

    @Override
    public String toString() {
        return "AtomicReferenceEnergies[base=" + baseColumn + ", energies=" + energies + "]";
    }
}
