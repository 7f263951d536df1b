package dev.residuum.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.GradCheck;
import dev.residuum.data.Permutation;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-atom Δ model of issue 19 on the shipped transfer set ({@code data/delta/transfer}):
 * size extensivity (two copies far apart get twice one copy's correction), invariance of every
 * prediction to rotating, translating and renumbering a test molecule, and finite-difference
 * gradients of its training objective.
 */
class TransferModelTest extends SeededTest {
    private static final Path DATA = Path.of("..", "data", "delta", "transfer");
    private static final AtomicInputs INPUTS = new AtomicInputs(SymmetryFunctions.standard(3.0));
    private static TransferSet set;
    private static DeltaModel delta;
    private static DeltaModel direct;
    private static DeltaModel perElement;

    @BeforeAll
    static void fit() throws IOException {
        set = TransferSet.read(DATA);
        DeltaData train = TransferStudy.atoms(INPUTS, set.split("train"));
        int[] features = TransferStudy.varying(train.rows(), INPUTS.features());
        DeltaModel.Config config = new DeltaModel.Config(new int[] {16, 16}, Activation.Kind.TANH,
                TrainerConfig.adam(3e-3, 30, 16, 1));
        delta = DeltaModel.delta(AtomicReferenceEnergies.fit(train, INPUTS.baselineColumn(), INPUTS.countColumns()),
                features, config, new Rng(2));
        delta.fit(train);
        direct = DeltaModel.delta(AtomicReferenceEnergies.fit(train, -1, INPUTS.countColumns()), features, config, new Rng(3));
        direct.fit(train);
        int[] descriptors = TransferStudy.varying(train.rows(), INPUTS.descriptorColumns());
        perElement = DeltaModel.perType(AtomicReferenceEnergies.fit(train, INPUTS.baselineColumn(), INPUTS.countColumns()),
                descriptors, INPUTS.typeColumn(), SymmetryFunctions.ORGANIC.size(), config, new Rng(4));
        perElement.fit(train);
    }

    /** One geometry of every test molecule (the first in the file). */
    private static List<TransferSet.Geometry> testMolecules() {
        List<TransferSet.Geometry> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (TransferSet.Geometry g : set.split("test")) {
            if (!seen.contains(g.molecule())) {
                seen.add(g.molecule());
                out.add(g);
            }
        }
        assertTrue(out.size() >= 10, "the shipped set has at least 10 test molecules, got " + out.size());
        return out;
    }

    private static double[] correction(DeltaModel m, Molecule molecule, double b3lyp) {
        return m.correction(INPUTS.of(List.of(molecule), new double[] {b3lyp}, new double[] {Double.NaN}));
    }

    private static double[] prediction(DeltaModel m, Molecule molecule, double b3lyp) {
        return m.predict(INPUTS.of(List.of(molecule), new double[] {b3lyp}, new double[] {Double.NaN}));
    }

    /** A uniformly random rotation (a normalised Gaussian quaternion). */
    private double[][] rotation() {
        double w = rng.nextGaussian(), x = rng.nextGaussian(), y = rng.nextGaussian(), z = rng.nextGaussian();
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        return new double[][] {
            {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)},
            {2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)},
            {2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)}};
    }

    private static Molecule moved(Molecule m, double[][] rotation, double[] shift, int[] order) {
        int n = m.atoms();
        String[] s = new String[n];
        double[][] p = new double[n][3];
        for (int i = 0; i < n; i++) {
            int src = order[i];
            s[i] = m.symbols()[src];
            for (int a = 0; a < 3; a++) {
                double v = shift[a];
                for (int b = 0; b < 3; b++) {
                    v += rotation[a][b] * m.positions()[src][b];
                }
                p[i][a] = v;
            }
        }
        return new Molecule(s, p, m.comment());
    }

    private static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    private static final double[][] NO_ROTATION = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    @Test
    void twoCopiesFiftyAngstromApartGetTwiceOneCopysCorrection() {
        for (DeltaModel m : List.of(delta, direct, perElement)) {
            for (TransferSet.Geometry g : testMolecules()) {
                Molecule one = g.atoms();
                Molecule far = moved(one, NO_ROTATION, new double[] {50, 0, 0}, identity(one.atoms()));
                String[] s = new String[2 * one.atoms()];
                double[][] p = new double[2 * one.atoms()][];
                for (int i = 0; i < one.atoms(); i++) {
                    s[i] = s[i + one.atoms()] = one.symbols()[i];
                    p[i] = one.positions()[i];
                    p[i + one.atoms()] = far.positions()[i];
                }
                Molecule pair = new Molecule(s, p, "two copies");
                // the predicted correction to B3LYP: per-element energies plus the network's sum over atoms
                double single = prediction(m, one, g.b3lyp())[0] - g.b3lyp();
                double twice = prediction(m, pair, 2 * g.b3lyp())[0] - 2 * g.b3lyp();
                assertEquals(2 * single, twice, 1e-6 * Math.abs(2 * single), g.molecule() + ": correction of two copies");
                // the network's part alone can be a small sum of larger per-atom terms (cancelling): 1e-6 relative,
                // or 1e-7 Eh, the float rounding of those terms: the pair's products have twice the rows, so they may
                // run on another kernel or blocking (oneDNN's sgemm or BLAS), whose sums round differently
                // (diethyl ether measured 1.5e-8 Eh; 1e-7 Eh is 6e-5 kcal/mol, far below what a size-extensivity
                // fault, a term that sees the other copy or a mean over atoms, would show)
                double net = correction(m, one, g.b3lyp())[0];
                assertTrue(Math.abs(net) > 1e-7, g.molecule() + ": a trained correction is not zero, got " + net);
                assertEquals(2 * net, correction(m, pair, 2 * g.b3lyp())[0], 1e-6 * Math.abs(2 * net) + 1e-7,
                        g.molecule() + ": network correction of two copies");
            }
        }
    }

    @Test
    void rotatingTranslatingOrRenumberingATestMoleculeChangesNoPrediction() {
        for (DeltaModel m : List.of(delta, direct, perElement)) {
            for (TransferSet.Geometry g : testMolecules()) {
                Molecule mol = g.atoms();
                double c = correction(m, mol, g.b3lyp())[0];
                int n = mol.atoms();
                double[] shift = {20 * rng.nextDouble() - 10, 20 * rng.nextDouble() - 10, 20 * rng.nextDouble() - 10};
                List<Molecule> variants = List.of(
                        moved(mol, rotation(), new double[3], identity(n)),
                        moved(mol, NO_ROTATION, shift, identity(n)),
                        moved(mol, NO_ROTATION, new double[3], Permutation.random(n, rng)),
                        moved(mol, rotation(), shift, Permutation.random(n, rng)));
                for (Molecule v : variants) {
                    // float32 network: a few ulp of each atom's output, summed in another order (|c| ~ 1e-2 Eh
                    // here, per-atom terms up to ~1e-1 Eh): 1e-6 relative or 1e-8 Eh (6e-6 kcal/mol), as for
                    // the two copies above
                    assertEquals(c, correction(m, v, g.b3lyp())[0], 1e-6 * Math.abs(c) + 1e-8, g.molecule());
                }
            }
        }
    }

    @Test
    void symmetryFunctionsAreInvariantInDoublePrecision() {
        SymmetryFunctions sf = INPUTS.descriptors();
        for (TransferSet.Geometry g : testMolecules()) {
            Molecule mol = g.atoms();
            int[] order = Permutation.random(mol.atoms(), rng);
            double[][] before = sf.describe(mol);
            double[][] after = sf.describe(moved(mol, rotation(), new double[] {3, -7, 11}, order));
            for (int i = 0; i < order.length; i++) {
                for (int k = 0; k < sf.size(); k++) {
                    assertEquals(before[order[i]][k], after[i][k], 1e-12 * (1 + Math.abs(before[order[i]][k])),
                            g.molecule() + " atom " + i + " " + sf.names().get(k));
                }
            }
        }
    }

    /**
     * Distorted geometries only: at a symmetric equilibrium, equivalent atoms have equal row norms and
     * rounding decides their order (the known discontinuity of the sorted Coulomb matrix).
     */
    @Test
    void theGlobalDescriptorIsInvariantToRotationAndTranslation() {
        SortedCoulombMatrix cm = new SortedCoulombMatrix(20);
        List<TransferSet.Geometry> distorted = set.split("test").stream().filter(g -> g.index() > 0).toList();
        assertTrue(distorted.size() >= 5, "distorted test geometries: " + distorted.size());
        for (TransferSet.Geometry g : distorted) {
            double[] before = cm.describe(g.atoms());
            double[] after = cm.describe(moved(g.atoms(), rotation(), new double[] {1, 2, 3}, identity(g.atoms().atoms())));
            for (int k = 0; k < before.length; k++) {
                assertEquals(before[k], after[k], 1e-10 * (1 + Math.abs(before[k])), g.molecule() + " entry " + k);
            }
        }
    }

    @Test
    void theTrainingObjectiveHasTheGradientOfFiniteDifferences() {
        List<TransferSet.Geometry> some = set.split("train").subList(0, 6);
        DeltaData data = TransferStudy.atoms(INPUTS, some);
        int[] features = TransferStudy.varying(data.rows(), INPUTS.features());
        CorrectionNetwork net = new CorrectionNetwork(features.length, new int[] {6}, Activation.Kind.TANH, rng);
        for (Parameter p : net.parameters()) { // the last layer starts at zero: make every gradient non-trivial
            float[] v = p.value().data();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.5 * rng.nextGaussian());
            }
        }
        Tensor inputs = Tensor.of(Standardizer.fit(data.rows(), features).apply(data.rows()), data.rows().length,
                features.length);
        float[] t = new float[data.samples()];
        for (int s = 0; s < t.length; s++) {
            t[s] = (float) rng.nextGaussian();
        }
        DeltaObjective objective = new DeltaObjective(net, data, inputs, Tensor.of(t, t.length, 1), null, null, null);
        Tensor[] params = net.parameters().stream().map(Parameter::value).toArray(Tensor[]::new);
        int[] batch = {4, 0, 2};
        GradCheck.Report r = GradCheck.check(in -> objective.batchLoss(batch), params, 1e-2, 2e-3, 1e-2, 5);
        assertTrue(r.passed(), r.worst());
    }

    @Test
    void oneNetworkPerElementHasTheGradientOfFiniteDifferences() {
        List<TransferSet.Geometry> some = set.split("train").subList(0, 6);
        DeltaData data = TransferStudy.atoms(INPUTS, some);
        int[] features = TransferStudy.varying(data.rows(), INPUTS.descriptorColumns());
        ElementNetworks net = new ElementNetworks(SymmetryFunctions.ORGANIC.size(), features.length, new int[] {4},
                Activation.Kind.TANH, rng);
        for (Parameter p : net.parameters()) {
            float[] v = p.value().data();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.5 * rng.nextGaussian());
            }
        }
        int[] columns = java.util.Arrays.copyOf(features, features.length + 1);
        columns[features.length] = INPUTS.typeColumn();
        Standardizer s = Standardizer.fit(data.rows(), columns).passing(features.length);
        Tensor inputs = Tensor.of(s.apply(data.rows()), data.rows().length, columns.length);
        float[] t = new float[data.samples()];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) rng.nextGaussian();
        }
        DeltaObjective objective = new DeltaObjective(net, data, inputs, Tensor.of(t, t.length, 1), null, null, null);
        Tensor[] params = net.parameters().stream().map(Parameter::value).toArray(Tensor[]::new);
        GradCheck.Report r = GradCheck.check(in -> objective.batchLoss(new int[] {5, 1, 3}), params, 1e-2, 2e-3, 1e-2, 6);
        assertTrue(r.passed(), r.worst());
        // a row's output is its own element's network's, wherever the row sits in the batch
        Tensor all = net.forward(inputs, false);
        Tensor one = net.forward(inputs.indexSelect(0, 7), false);
        assertEquals(all.data()[7], one.data()[0], 1e-6 * Math.abs(all.data()[7]) + 1e-7);
    }

    @Test
    void perElementEnergiesAreRecoveredExactlyFromAdditiveData() {
        double[] eps = {-0.5, -37.8, -54.6, -75.0, -99.7};
        List<TransferSet.Geometry> train = set.split("train");
        DeltaData data = TransferStudy.atoms(INPUTS, train);
        double[][] rows = data.sampleRows();
        double[] y = new double[rows.length];
        for (int s = 0; s < y.length; s++) {
            y[s] = rows[s][INPUTS.baselineColumn()];
            for (int e = 0; e < eps.length; e++) {
                y[s] += eps[e] * rows[s][INPUTS.countColumns()[e]];
            }
        }
        DeltaData additive = new DeltaData(data.rows(), data.offsets(), y);
        List<Double> fitted = AtomicReferenceEnergies.fit(additive, INPUTS.baselineColumn(), INPUTS.countColumns()).energies();
        for (int e = 0; e < eps.length; e++) {
            assertEquals(eps[e], fitted.get(e), 1e-9, "element " + SymmetryFunctions.ORGANIC.get(e));
        }
    }
}
