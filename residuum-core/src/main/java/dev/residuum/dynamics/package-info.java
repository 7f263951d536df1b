/**
 * Linear residual dynamics: systems that update themselves as state plus a small correction,
 * {@code x_{k+1} = x_k + εMx_k}. Graphs read from edge-list CSV and stored sparse ({@link
 * dev.residuum.dynamics.WeightedGraph}), their Laplacians ({@link dev.residuum.dynamics.Laplacian}) and
 * spectra (dense EJML or {@link dev.residuum.dynamics.Lanczos} for large graphs), consensus
 * {@code x ← x − εLx} with its stable step range, optimal step, contraction rate and limit, checked
 * against simulation ({@link dev.residuum.dynamics.ConsensusSimulation}); stubborn agents
 * (Friedkin–Johnsen); the stable gain range of a feedback loop {@code x ← (A − gBK₀)x}; and the
 * interaction term of composed residual maps. Everything here is double precision and needs nothing
 * from the float32 tensor engine.
 *
 * <p>Depends on the JDK, EJML and {@code data} ({@code CsvTable}) only. The graph type is {@code WeightedGraph}, so that it never clashes with
 * the autodiff tape ({@code dev.residuum.autodiff.Graph}) on auto-import.
 */
package dev.residuum.dynamics;
