package dev.residuum.delta;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Behler–Parrinello atom-centred symmetry functions (J. Behler, J. Chem. Phys. 134, 074106
 * (2011)): a description of each atom's environment within a cutoff that does not change when
 * the molecule is rotated or translated or its atoms are renumbered, and that depends only on
 * atoms within {@link #cutoff} (so a molecule far from another is described as if alone). With
 * the smooth cutoff {@code fc(r) = (cos(pi r / Rc) + 1) / 2} for {@code r < Rc} (0 beyond), atom
 * {@code i} gets, for each neighbour element {@code a} and each centre {@code rs}, the radial term
 * <pre>
 *   G2[a](rs) = sum over atoms j != i of element a of exp(-radialEta (r_ij - rs)^2) fc(r_ij)
 * </pre>
 * and, for each unordered pair of elements {@code (a, b)}, each {@code eta}, {@code zeta} and
 * {@code lambda} in {@code {+1, -1}}, the angular term
 * <pre>
 *   G4[a,b](eta, zeta, lambda) = 2^(1 - zeta) sum over pairs {j, k} (j, k != i, elements a and b) of
 *       (1 + lambda cos theta_ijk)^zeta exp(-eta (r_ij^2 + r_ik^2 + r_jk^2)) fc(r_ij) fc(r_ik) fc(r_jk)
 * </pre>
 * computed in double precision. Distances in Ångström.
 *
 * @param elements the element symbols an atom and its neighbours may have (at least one)
 * @param cutoff {@code Rc}, Ångström (positive)
 * @param radialCentres {@code rs} values, Ångström (at least one)
 * @param radialEta width parameter of the radial terms, Å⁻² (positive)
 * @param angularEta {@code eta} values of the angular terms, Å⁻² (non-negative; may be empty: no angular terms)
 * @param zeta {@code zeta} values of the angular terms (at least 1 each)
 */
public record SymmetryFunctions(List<String> elements, double cutoff, List<Double> radialCentres, double radialEta,
                                List<Double> angularEta, List<Double> zeta) {
    /** The elements of the transfer set: H, C, N, O, F. */
    public static final List<String> ORGANIC = List.of("H", "C", "N", "O", "F");
    /** Default cutoff, Ångström. */
    public static final double DEFAULT_CUTOFF = 3.0;

    public SymmetryFunctions {
        elements = List.copyOf(elements);
        radialCentres = List.copyOf(radialCentres);
        angularEta = List.copyOf(angularEta);
        zeta = List.copyOf(zeta);
        if (elements.isEmpty() || elements.size() != elements.stream().distinct().count()) {
            throw new IllegalArgumentException("SymmetryFunctions: needs distinct element symbols, got " + elements);
        }
        if (!(cutoff > 0) || Double.isInfinite(cutoff)) {
            throw new IllegalArgumentException("SymmetryFunctions: the cutoff must be a positive number of Ångström, got " + cutoff);
        }
        if (radialCentres.isEmpty() || !(radialEta > 0)) {
            throw new IllegalArgumentException("SymmetryFunctions: needs at least one radial centre and a positive radial eta, got "
                    + radialCentres + " and " + radialEta);
        }
        for (double e : angularEta) {
            if (!(e >= 0)) {
                throw new IllegalArgumentException("SymmetryFunctions: angular eta must be >= 0, got " + angularEta);
            }
        }
        for (double z : zeta) {
            if (!(z >= 1)) {
                throw new IllegalArgumentException("SymmetryFunctions: zeta must be >= 1, got " + zeta);
            }
        }
    }

    /**
     * A standard set for {@code cutoff}: 8 radial centres evenly from 0.8 Å to {@code cutoff - 0.4}
     * Å with Gaussians as wide as their spacing ({@code eta = 1 / (2 h^2)}); angular terms with
     * {@code eta = 0.1} Å⁻² and {@code zeta} 1, 2, 4; elements {@link #ORGANIC}.
     */
    public static SymmetryFunctions standard(double cutoff) {
        if (!(cutoff > 1.6)) {
            throw new IllegalArgumentException("SymmetryFunctions.standard: the cutoff must exceed 1.6 Å, got " + cutoff);
        }
        int n = 8;
        double first = 0.8;
        double last = cutoff - 0.4;
        double h = (last - first) / (n - 1);
        List<Double> centres = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            centres.add(first + k * h);
        }
        return new SymmetryFunctions(ORGANIC, cutoff, centres, 1 / (2 * h * h), List.of(0.1), List.of(1.0, 2.0, 4.0));
    }

    private int pairs() {
        int e = elements.size();
        return e * (e + 1) / 2;
    }

    private int angularPerPair() {
        return angularEta.size() * zeta.size() * 2;
    }

    /** Descriptors per atom. */
    public int size() {
        return elements.size() * radialCentres.size() + pairs() * angularPerPair();
    }

    /** The name of each descriptor, in order ({@code G2[C](rs=1.20)}, {@code G4[C,H](eta=0.1,zeta=2,lambda=-1)}). */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (String a : elements) {
            for (double rs : radialCentres) {
                out.add(String.format(Locale.ROOT, "G2[%s](rs=%.2f)", a, rs));
            }
        }
        for (int a = 0; a < elements.size(); a++) {
            for (int b = a; b < elements.size(); b++) {
                for (double eta : angularEta) {
                    for (double z : zeta) {
                        for (int lambda : new int[] {1, -1}) {
                            out.add(String.format(Locale.ROOT, "G4[%s,%s](eta=%g,zeta=%g,lambda=%d)", elements.get(a),
                                    elements.get(b), eta, z, lambda));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The index of {@code symbol} in {@link #elements}. @throws IllegalArgumentException if absent */
    public int element(String symbol) {
        int e = elements.indexOf(symbol);
        if (e < 0) {
            throw new IllegalArgumentException("SymmetryFunctions: element '" + symbol + "' is not among " + elements
                    + "; add it to the descriptor's elements");
        }
        return e;
    }

    private static double fc(double r, double rc) {
        return r < rc ? 0.5 * (Math.cos(Math.PI * r / rc) + 1) : 0;
    }

    /** Index of the unordered element pair (a, b) among the {@code E (E + 1) / 2} pairs. */
    private int pairIndex(int a, int b) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        int e = elements.size();
        return lo * e - lo * (lo - 1) / 2 + (hi - lo);
    }

    /**
     * The descriptors of every atom of {@code m}.
     *
     * @param m not modified
     * @return {@code [N][size()]}
     * @throws IllegalArgumentException if an atom's element is not in {@link #elements}
     */
    public double[][] describe(Molecule m) {
        Objects.requireNonNull(m, "molecule");
        int n = m.atoms();
        int[] el = new int[n];
        for (int i = 0; i < n; i++) {
            el[i] = element(m.symbols()[i]);
        }
        double[][] r = new double[n][n];
        double[][] f = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                r[i][j] = r[j][i] = m.distance(i, j);
                f[i][j] = f[j][i] = fc(r[i][j], cutoff);
            }
        }
        int radial = elements.size() * radialCentres.size();
        int perPair = angularPerPair();
        double[][] out = new double[n][size()];
        double[][] p = m.positions();
        for (int i = 0; i < n; i++) {
            double[] g = out[i];
            for (int j = 0; j < n; j++) {
                if (j == i || f[i][j] == 0) {
                    continue;
                }
                int base = el[j] * radialCentres.size();
                for (int k = 0; k < radialCentres.size(); k++) {
                    double d = r[i][j] - radialCentres.get(k);
                    g[base + k] += Math.exp(-radialEta * d * d) * f[i][j];
                }
            }
            if (perPair == 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if (j == i || f[i][j] == 0) {
                    continue;
                }
                for (int k = j + 1; k < n; k++) {
                    if (k == i || f[i][k] == 0 || f[j][k] == 0) {
                        continue;
                    }
                    double dot = 0;
                    for (int c = 0; c < 3; c++) {
                        dot += (p[j][c] - p[i][c]) * (p[k][c] - p[i][c]);
                    }
                    double cos = dot / (r[i][j] * r[i][k]);
                    double cut = f[i][j] * f[i][k] * f[j][k];
                    double sq = r[i][j] * r[i][j] + r[i][k] * r[i][k] + r[j][k] * r[j][k];
                    int base = radial + pairIndex(el[j], el[k]) * perPair;
                    int t = 0;
                    for (double eta : angularEta) {
                        double radialPart = Math.exp(-eta * sq) * cut;
                        for (double z : zeta) {
                            double norm = Math.pow(2, 1 - z);
                            g[base + t++] += norm * Math.pow(Math.max(0, 1 + cos), z) * radialPart;
                            g[base + t++] += norm * Math.pow(Math.max(0, 1 - cos), z) * radialPart;
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SymmetryFunctions[elements=%s, cutoff=%g Å, %d radial, %d angular per atom]",
                elements, cutoff, elements.size() * radialCentres.size(), pairs() * angularPerPair());
    }
}
