package dev.residuum.dynamics;

import java.util.Locale;

/** Which Laplacian of a graph with adjacency W and out-degrees D = diag(W1). */
public enum LaplacianKind {
    /** L = D − W. Consensus limit: the plain average (undirected) or the left-Perron-weighted one (directed). */
    COMBINATORIAL("combinatorial"),
    /** L = I − D^{-1/2} W D^{-1/2} (undirected only); rows of isolated nodes are zero. */
    SYMMETRIC("sym"),
    /** L = I − D^{-1} W; same spectrum as {@link #SYMMETRIC}; consensus limit is the degree-weighted average. */
    RANDOM_WALK("rw");

    private final String cliName;

    LaplacianKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line: {@code combinatorial}, {@code sym} or {@code rw}. */
    public String cliName() {
        return cliName;
    }

    /** Parses {@code combinatorial}, {@code sym} or {@code rw} (case-insensitive). */
    public static LaplacianKind parse(String s) {
        for (LaplacianKind k : values()) {
            if (k.cliName.equalsIgnoreCase(s) || k.name().equalsIgnoreCase(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown Laplacian '" + s + "', expected combinatorial, sym or rw");
    }

    @Override
    public String toString() {
        return cliName.toLowerCase(Locale.ROOT);
    }
}
