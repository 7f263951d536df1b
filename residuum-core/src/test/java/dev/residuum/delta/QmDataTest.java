package dev.residuum.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Activation;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The shipped psi4 data set (scripts/generate_qm_delta.py; psi4 itself never runs in tests). */
class QmDataTest {
    private static final Path FILE = Path.of("..", "data", "delta", "qm_small_molecules.csv");

    private static List<String[]> rows() throws IOException {
        return Files.readAllLines(FILE).stream().skip(1).map(l -> l.split(",")).toList();
    }

    @Test
    void fourMoleculesAHundredGeometriesEachAndConsistentExtrapolations() throws IOException {
        List<String> header = Arrays.asList(Files.readAllLines(FILE).get(0).split(","));
        int tz = header.indexOf("e_corr_tz"), qz = header.indexOf("e_corr_qz"), cbs = header.indexOf("e_corr_cbs_tq");
        Map<String, Integer> counts = new TreeMap<>();
        for (String[] r : rows()) {
            counts.merge(r[1], 1, Integer::sum);
            // the Python script's (T, Q) extrapolation agrees with CbsExtrapolation
            assertEquals(Double.parseDouble(r[cbs]), CbsExtrapolation.extrapolate(Double.parseDouble(r[tz]),
                    Double.parseDouble(r[qz]), 3, 4), 2e-10);
        }
        assertEquals(Map.of("CH4", 100, "H2O", 100, "HF", 100, "NH3", 100), counts);
    }

    @Test
    void withFortyTrainingGeometriesDeltaOnHartreeFockBeatsTheDirectNetwork() throws IOException {
        List<String[]> rows = rows();
        double[][] x = new double[rows.size()][];
        double[] y = new double[rows.size()];
        for (int i = 0; i < x.length; i++) {
            String[] r = rows.get(i);
            x[i] = new double[6];
            for (int k = 0; k < 5; k++) {
                x[i][k] = Double.parseDouble(r[3 + k]);        // cm_1 .. cm_5
            }
            x[i][5] = Double.parseDouble(r[8]);                // e_hf_sto3g
            y[i] = Double.parseDouble(r[9]);                   // e_mp2_dz
        }
        DeltaData data = DeltaData.perRow(x, y);
        Split split = Split.random(data.samples(), 40, 3);
        DeltaData train = data.subset(split.train()), test = data.subset(split.test());
        Comparison c = new Comparison(BaselineFit.fixed(Baseline.column(5)), new int[] {0, 1, 2, 3, 4},
                new DeltaModel.Config(new int[] {64, 64}, Activation.Kind.TANH, TrainerConfig.adam(3e-3, 300, 32, 3)));
        Comparison.Result r = c.run(train, test, 3, TrainingListener.NONE);
        assertTrue(r.baselineMetrics().mae() > 0.5, "HF/STO-3G misses ~1 hartree: " + r.baselineMetrics());
        assertTrue(r.deltaMetrics().mae() < 0.03, r.deltaMetrics().toString());
        assertTrue(r.deltaMetrics().mae() < 0.2 * r.directMetrics().mae(), r.deltaMetrics() + " vs " + r.directMetrics());
    }
}
