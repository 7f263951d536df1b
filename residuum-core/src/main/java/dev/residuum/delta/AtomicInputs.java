package dev.residuum.delta;

import java.util.List;
import java.util.Objects;

/**
 * Molecules as size-extensive Δ-learning samples: one row per atom, laid out as
 * <pre>
 *   [ one-hot element (E) | symmetry functions (D) | baseline energy | atoms of each element (E) | element index ]
 * </pre>
 * so that a {@link DeltaModel} on the {@link #features} columns (one network shared by all
 * elements, told the element by its one-hot code), or one network per element
 * ({@link DeltaModel#perType} on the {@link #descriptorColumns} and the {@link #typeColumn}), sums one
 * correction per atom, and an
 * {@link AtomicReferenceEnergies} baseline reads the molecule-level columns (repeated on every
 * atom's row) from the first row.
 *
 * @param descriptors the symmetry functions, whose elements are the one-hot code's
 */
public record AtomicInputs(SymmetryFunctions descriptors) {
    public AtomicInputs {
        Objects.requireNonNull(descriptors, "descriptors");
    }

    private int elements() {
        return descriptors.elements().size();
    }

    /** The network's input columns: one-hot element, then symmetry functions. */
    public int[] features() {
        int[] f = new int[elements() + descriptors.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = i;
        }
        return f;
    }

    /** The symmetry-function columns. */
    public int[] descriptorColumns() {
        int[] f = new int[descriptors.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = elements() + i;
        }
        return f;
    }

    /** The column holding the atom's element as its index in the descriptors' elements. */
    public int typeColumn() {
        return baselineColumn() + 1 + elements();
    }

    /** Names of the {@link #features} columns. */
    public List<String> featureNames() {
        List<String> names = new java.util.ArrayList<>();
        for (String e : descriptors.elements()) {
            names.add("is_" + e);
        }
        names.addAll(descriptors.names());
        return names;
    }

    /** The column of the molecule's baseline energy. */
    public int baselineColumn() {
        return elements() + descriptors.size();
    }

    /** The columns counting the molecule's atoms of each element. */
    public int[] countColumns() {
        int[] c = new int[elements()];
        for (int e = 0; e < c.length; e++) {
            c[e] = baselineColumn() + 1 + e;
        }
        return c;
    }

    /**
     * Samples of the {@code molecules}.
     *
     * @param baseline {@code [S]} each molecule's baseline energy (0 where there is none)
     * @param target {@code [S]} each molecule's target energy (NaN where unknown)
     */
    public DeltaData of(List<Molecule> molecules, double[] baseline, double[] target) {
        int s = molecules.size();
        if (baseline.length != s || target.length != s) {
            throw new IllegalArgumentException("AtomicInputs: " + s + " molecules but " + baseline.length + " baselines and "
                    + target.length + " targets");
        }
        int e = elements();
        int d = descriptors.size();
        int total = 0;
        for (Molecule m : molecules) {
            total += m.atoms();
        }
        double[][] rows = new double[total][];
        int[] sizes = new int[s];
        int k = 0;
        for (int i = 0; i < s; i++) {
            Molecule m = molecules.get(i);
            double[][] g = descriptors.describe(m);
            double[] counts = new double[e];
            for (String sym : m.symbols()) {
                counts[descriptors.element(sym)]++;
            }
            for (int a = 0; a < m.atoms(); a++) {
                double[] row = new double[e + d + 1 + e + 1];
                int element = descriptors.element(m.symbols()[a]);
                row[element] = 1;
                row[e + d + 1 + e] = element;
                System.arraycopy(g[a], 0, row, e, d);
                row[e + d] = baseline[i];
                System.arraycopy(counts, 0, row, e + d + 1, e);
                rows[k++] = row;
            }
            sizes[i] = m.atoms();
        }
        return DeltaData.grouped(rows, sizes, target);
    }
}
