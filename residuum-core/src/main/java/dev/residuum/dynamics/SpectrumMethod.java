package dev.residuum.dynamics;

/** How {@link LaplacianSpectrum#of} computes the spectrum. */
public enum SpectrumMethod {
    /** Dense up to {@link LaplacianSpectrum#DENSE_LIMIT} nodes or when directed, Lanczos above. */
    AUTO,
    /** Full dense eigen-decomposition with EJML (every eigenvalue; O(n³) time, n² memory). */
    DENSE,
    /** {@link Lanczos} on the sparse operator: only λ₂ (smallest non-zero) and λ_max; undirected only. */
    LANCZOS
}
