package dev.residuum.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Activation;
import dev.residuum.testing.SeededTest;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cutoff chosen by leave-one-molecule-out on the training split (issue 19): the held-out
 * molecules are the largest training molecules, each validation figure is what fitting (b) without
 * that molecule gives on it, the winner is the lowest mean, and no test geometry is read.
 */
class CutoffSelectionTest extends SeededTest {
    private static final Path DATA = Path.of("..", "data", "delta", "transfer");
    private static final DeltaModel.Config NETWORK = new DeltaModel.Config(new int[] {8}, Activation.Kind.TANH,
            TrainerConfig.adam(3e-3, 8, 16, 1));

    private static TransferStudy.Config config(double cutoff) {
        return new TransferStudy.Config(SymmetryFunctions.standard(cutoff), NETWORK, 1, false);
    }

    /** The first {@code perMolecule} geometries of every training molecule. */
    private static List<TransferSet.Geometry> someTraining(int perMolecule) throws IOException {
        List<TransferSet.Geometry> out = new ArrayList<>();
        java.util.Map<String, Integer> n = new java.util.HashMap<>();
        for (TransferSet.Geometry g : TransferSet.read(DATA).split("train")) {
            if (n.merge(g.molecule(), 1, Integer::sum) <= perMolecule) {
                out.add(g);
            }
        }
        return out;
    }

    @Test
    void holdsOutTheLargestTrainingMoleculesAndKeepsTheLowestValidationError() throws IOException {
        List<TransferSet.Geometry> train = someTraining(4);
        List<Double> candidates = List.of(2.5, 4.0);
        List<String> fits = new ArrayList<>();
        CutoffSelection s = CutoffSelection.select(train, candidates, CutoffSelectionTest::config,
                (c, molecule, fit, total) -> fits.add(c + " " + molecule + " " + fit + "/" + total));

        List<String> twoHeavy = train.stream().filter(g -> g.heavyAtoms() == 2).map(TransferSet.Geometry::molecule)
                .distinct().toList();
        assertEquals(8, twoHeavy.size(), "the shipped split has 8 training molecules with 2 heavy atoms");
        assertEquals(twoHeavy, s.heldOut());
        assertEquals(candidates.size() * twoHeavy.size(), fits.size(), fits.toString());
        assertEquals("4.0 " + twoHeavy.get(7) + " 16/16", fits.get(15));

        int best = s.validationMae()[0] <= s.validationMae()[1] ? 0 : 1;
        assertEquals(candidates.get(best), s.chosen());
        for (int c = 0; c < candidates.size(); c++) {
            double mean = 0;
            for (double v : s.perMolecule()[c]) {
                assertTrue(v > 0 && Double.isFinite(v), "validation MAE " + v);
                mean += v / twoHeavy.size();
            }
            assertEquals(mean, s.validationMae()[c], 1e-12);
        }

        // each figure is exactly what the study's own Δ fit gives on the molecule it did not see
        String first = twoHeavy.get(0);
        List<TransferSet.Geometry> rest = train.stream().filter(g -> !g.molecule().equals(first)).toList();
        List<TransferSet.Geometry> out = train.stream().filter(g -> g.molecule().equals(first)).toList();
        double[] p = new TransferStudy(config(2.5)).fitDelta(rest, out, dev.residuum.train.TrainingListener.NONE);
        double mae = 0;
        for (int i = 0; i < p.length; i++) {
            mae += TransferStudy.KCAL_PER_HARTREE * Math.abs(p[i] - out.get(i).ccsdt()) / p.length;
        }
        assertEquals(mae, s.perMolecule()[0][0], 1e-9 * mae);
    }

    @Test
    void badCandidatesAreRefusedWithTheReason() throws IOException {
        List<TransferSet.Geometry> train = someTraining(1);
        CutoffSelection.Listener none = (c, m, f, t) -> { };
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CutoffSelection.select(train, List.of(), CutoffSelectionTest::config, none)).getMessage()
                .contains("no candidate"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CutoffSelection.select(train, List.of(3.0, 3.0), CutoffSelectionTest::config, none)).getMessage()
                .contains("repeated"));
        List<TransferSet.Geometry> oneMolecule = train.stream().filter(g -> g.molecule().equals("water")).toList();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CutoffSelection.select(oneMolecule, List.of(3.0), CutoffSelectionTest::config, none)).getMessage()
                .contains("at least two training molecules"));
    }

    @Test
    void anEnsemblePredictsTheMeanOfItsNetworksFromConsecutiveSeeds() throws IOException {
        List<TransferSet.Geometry> train = someTraining(3);
        List<TransferSet.Geometry> test = TransferSet.read(DATA).split("test").subList(0, 12);
        TransferStudy.Config three = new TransferStudy.Config(SymmetryFunctions.standard(3.0), NETWORK, 5, false, 3);
        TransferStudy.Result r = new TransferStudy(three).run(train, test, 20, key -> dev.residuum.train.TrainingListener.NONE);
        assertEquals(3, r.delta().size());
        assertEquals(3, r.directGlobal().size());
        DeltaData atoms = TransferStudy.atoms(new AtomicInputs(three.descriptors()), test);
        double[] mean = new double[test.size()];
        for (DeltaModel m : r.delta()) {
            double[] p = m.predict(atoms);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += p[i] / 3;
            }
        }
        double[] ensemble = r.method("delta").test();
        for (int i = 0; i < mean.length; i++) {
            assertEquals(mean[i], ensemble[i], 1e-9, "geometry " + i);
        }
        // the first network is the one a single-network study with the same seed fits
        TransferStudy.Config one = new TransferStudy.Config(SymmetryFunctions.standard(3.0), NETWORK, 5, false);
        double[] single = new TransferStudy(one).run(train, test, 20, key -> dev.residuum.train.TrainingListener.NONE)
                .method("delta").test();
        org.junit.jupiter.api.Assertions.assertArrayEquals(single, r.delta().get(0).predict(atoms));
        assertThrows(IllegalArgumentException.class,
                () -> new TransferStudy.Config(SymmetryFunctions.standard(3.0), NETWORK, 5, false, 0));
    }
}
