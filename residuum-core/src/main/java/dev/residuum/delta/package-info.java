/**
 * Δ-learning: keep a baseline, learn only what it misses. A {@link dev.residuum.delta.Baseline}
 * (a Java function, a fitted physical model such as {@link dev.residuum.delta.SirBaseline}, a
 * precomputed column, the {@link dev.residuum.delta.CbsExtrapolation} of correlation energies, a
 * frozen model) does the heavy lifting; a {@link dev.residuum.delta.DeltaModel} adds a learned
 * correction whose last layer starts at zero, so that an untrained Δ-model is the baseline.
 * Samples may be made of components (atoms, sites): the correction is then a sum of
 * per-component terms (size-extensive). {@link dev.residuum.delta.Comparison} scores baseline, Δ
 * and the direct model (same network on the target alone) on one split;
 * {@link dev.residuum.delta.LearningCurve} repeats that over training sizes and seeds.
 * {@link dev.residuum.delta.DeltaInputs} turns a CSV table ({@code data.CsvTable}) into samples,
 * a split and a baseline (fitting the SIR model on the training samples).
 *
 * <p>Molecules ({@link dev.residuum.delta.Molecule}, read from XYZ frames) become size-extensive
 * samples through {@link dev.residuum.delta.AtomicInputs}: one row per atom holding its element and
 * its Behler–Parrinello {@link dev.residuum.delta.SymmetryFunctions} (invariant to rotation,
 * translation and renumbering, local within a cutoff), so that a Δ-model's correction is a sum of
 * per-atom terms, on top of {@link dev.residuum.delta.AtomicReferenceEnergies} (per-element energies
 * fitted by least squares). {@link dev.residuum.delta.TransferStudy} trains on small molecules of a
 * {@link dev.residuum.delta.TransferSet} and tests on larger ones: DFT alone, Δ per atom, direct per
 * atom, and a direct whole-molecule model on a {@link dev.residuum.delta.SortedCoulombMatrix}.
 *
 * <p>Depends on {@code data}, {@code train}, {@code optim}, {@code nn}, {@code autodiff} and
 * {@code tensor}; nothing above it.
 */
package dev.residuum.delta;
