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
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The must-show result on real data: the 1978 boarding-school influenza outbreak (763 pupils,
 * pupils in bed on days 1-14). SIR fitted on days 1-10; the last 4 days held out.
 */
class BoardingSchoolTest {
    static final double[] IN_BED = {3, 8, 26, 76, 225, 298, 258, 233, 189, 128, 68, 29, 14, 4};
    static final double POPULATION = 763;
    static final int HELD_OUT = 4;

    /** Rows (day, S/N, I/N of the SIR fitted on the training days); target in_bed. */
    static DeltaData withSirState(SirModel sir) {
        double[][] rows = new double[IN_BED.length][];
        for (int d = 0; d < IN_BED.length; d++) {
            double[] s = sir.states(new double[] {d + 1})[0];
            rows[d] = new double[] {d + 1, s[0] / POPULATION, s[1] / POPULATION};
        }
        return DeltaData.perRow(rows, IN_BED.clone());
    }

    static DeltaModel.Config config(long seed) {
        return new DeltaModel.Config(new int[] {16}, Activation.Kind.TANH,
                TrainerConfig.adamW(1e-2, 1e-2, 1000, 16, seed));
    }

    @Test
    void theShippedCsvHoldsThePublishedSeries() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "data", "delta", "boarding_school_1978.csv"));
        assertEquals("day,date,in_bed,convalescent", lines.get(0));
        double total = 0;
        for (int d = 0; d < IN_BED.length; d++) {
            String[] cells = lines.get(d + 1).split(",");
            assertEquals(d + 1, Integer.parseInt(cells[0]));
            assertEquals(IN_BED[d], Double.parseDouble(cells[2]));
            total += IN_BED[d];
        }
        assertEquals(IN_BED.length + 1, lines.size());
        assertEquals(1559, total); // pupil-days in bed
    }

    @Test
    void sirPlusDeltaBeatsSirAloneAndTheDirectNetworkOnTheHeldOutDays() {
        Split split = Split.last(IN_BED.length, HELD_OUT);
        double[] trainDays = new double[split.train().length];
        double[] trainObs = new double[trainDays.length];
        for (int i = 0; i < trainDays.length; i++) {
            trainDays[i] = i + 1;
            trainObs[i] = IN_BED[i];
        }
        SirModel sir = SirFit.fit(trainDays, trainObs, POPULATION, 0, 1);
        DeltaData all = withSirState(sir);
        Comparison c = new Comparison(BaselineFit.fixed(new SirBaseline(sir, 0)), new int[] {0, 1, 2}, config(0));
        double sirMae = 0, deltaMae = 0, directMae = 0, sirRmse = 0, deltaRmse = 0, directRmse = 0;
        int seeds = 5;
        for (long seed = 0; seed < seeds; seed++) {
            Comparison.Result r = c.run(all.subset(split.train()), all.subset(split.test()), seed, TrainingListener.NONE);
            System.out.printf(Locale.ROOT, "boarding school, seed %d: held-out MAE SIR %.2f, SIR+delta %.2f, direct %.2f;"
                    + " RMSE %.2f, %.2f, %.2f%n", seed, r.baselineMetrics().mae(), r.deltaMetrics().mae(),
                    r.directMetrics().mae(), r.baselineMetrics().rmse(), r.deltaMetrics().rmse(), r.directMetrics().rmse());
            assertTrue(r.deltaMetrics().mae() < r.baselineMetrics().mae(), "seed " + seed + ": delta must beat SIR alone");
            sirMae += r.baselineMetrics().mae() / seeds;
            deltaMae += r.deltaMetrics().mae() / seeds;
            directMae += r.directMetrics().mae() / seeds;
            sirRmse += r.baselineMetrics().rmse() / seeds;
            deltaRmse += r.deltaMetrics().rmse() / seeds;
            directRmse += r.directMetrics().rmse() / seeds;
        }
        assertTrue(deltaMae < sirMae && deltaMae < directMae, deltaMae + " vs " + sirMae + ", " + directMae);
        assertTrue(deltaRmse < sirRmse && deltaRmse < directRmse, deltaRmse + " vs " + sirRmse + ", " + directRmse);
    }
}
