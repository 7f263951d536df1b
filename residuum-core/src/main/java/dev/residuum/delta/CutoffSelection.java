package dev.residuum.delta;

import dev.residuum.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * Chooses the symmetry functions' cutoff radius without looking at the test molecules: leave one
 * molecule out over the training split's largest molecules (those with the most heavy atoms, the
 * nearest the test molecules get to being seen), fit model (b), Δ per atom, on every other training
 * molecule, and score it on the one left out. The candidate with the lowest mean validation MAE over
 * the held-out molecules wins; a tie goes to the smaller cutoff (the more local descriptor).
 *
 * <p>Only the training split is read, so a study run with the chosen cutoff gives a blind test
 * estimate (issue 19: the cutoff had been fixed after a look at the test errors).
 *
 * @param candidates the cutoffs tried, Å, in the order given
 * @param heldOut the training molecules held out in turn
 * @param validationMae mean validation MAE (kcal/mol) per candidate: over the held-out molecules of
 *     each one's MAE over its geometries
 * @param perMolecule {@code perMolecule[c][m]}: the MAE (kcal/mol) on held-out molecule {@code m}
 *     with candidate {@code c}
 * @param chosen the winning cutoff, Å
 */
public record CutoffSelection(List<Double> candidates, List<String> heldOut, double[] validationMae,
                              double[][] perMolecule, double chosen) {
    public CutoffSelection {
        candidates = List.copyOf(candidates);
        heldOut = List.copyOf(heldOut);
    }

    /** Progress of a selection: one call per fit. */
    public interface Listener {
        /** Before fitting with {@code cutoff} without {@code molecule} ({@code fit} of {@code fits}, from 1). */
        void onFit(double cutoff, String molecule, int fit, int fits);
    }

    /**
     * Runs the selection on {@code train}.
     *
     * @param candidates cutoffs to try, Å (at least one, no repeats)
     * @param study the study configuration for a cutoff (its {@link TransferStudy.Config#descriptors()}
     *     with that cutoff, everything else as the final study)
     * @param listener told of each fit
     * @throws IllegalArgumentException if there are no candidates, a repeat, or fewer than two
     *     training molecules
     */
    public static CutoffSelection select(List<TransferSet.Geometry> train, List<Double> candidates,
                                         DoubleFunction<TransferStudy.Config> study, Listener listener) {
        Objects.requireNonNull(study, "study");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("cutoff selection: no candidate cutoffs");
        }
        if (new LinkedHashSet<>(candidates).size() != candidates.size()) {
            throw new IllegalArgumentException("cutoff selection: a candidate cutoff is repeated in " + candidates);
        }
        List<String> molecules = train.stream().map(TransferSet.Geometry::molecule).distinct().toList();
        if (molecules.size() < 2) {
            throw new IllegalArgumentException("cutoff selection: needs at least two training molecules, got " + molecules);
        }
        int most = train.stream().mapToInt(TransferSet.Geometry::heavyAtoms).max().orElseThrow();
        List<String> heldOut = train.stream().filter(g -> g.heavyAtoms() == most).map(TransferSet.Geometry::molecule)
                .distinct().toList();
        double[][] perMolecule = new double[candidates.size()][heldOut.size()];
        double[] mean = new double[candidates.size()];
        int fits = candidates.size() * heldOut.size();
        int fit = 0;
        for (int c = 0; c < candidates.size(); c++) {
            TransferStudy fitter = new TransferStudy(study.apply(candidates.get(c)));
            for (int m = 0; m < heldOut.size(); m++) {
                String name = heldOut.get(m);
                listener.onFit(candidates.get(c), name, ++fit, fits);
                List<TransferSet.Geometry> rest = new ArrayList<>();
                List<TransferSet.Geometry> out = new ArrayList<>();
                for (TransferSet.Geometry g : train) {
                    (g.molecule().equals(name) ? out : rest).add(g);
                }
                double[] p = fitter.fitDelta(rest, out, TrainingListener.NONE);
                double sum = 0;
                for (int i = 0; i < p.length; i++) {
                    sum += Math.abs(p[i] - out.get(i).ccsdt());
                }
                perMolecule[c][m] = TransferStudy.KCAL_PER_HARTREE * sum / p.length;
                mean[c] += perMolecule[c][m] / heldOut.size();
            }
        }
        int best = 0;
        for (int c = 1; c < candidates.size(); c++) {
            if (mean[c] < mean[best] || (mean[c] == mean[best] && candidates.get(c) < candidates.get(best))) {
                best = c;
            }
        }
        return new CutoffSelection(candidates, heldOut, mean, perMolecule, candidates.get(best));
    }
}
