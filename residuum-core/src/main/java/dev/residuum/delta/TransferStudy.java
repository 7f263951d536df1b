package dev.residuum.delta;

import dev.residuum.kernel.Rng;
import dev.residuum.train.TrainingListener;
import dev.residuum.train.TrainingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Does a correction learned on small molecules carry over to larger ones (issue 19)? On the
 * split of a {@link TransferSet} (train: the small molecules, test: the larger ones, no molecule in
 * both), with one training budget for every network:
 * <ol type="a">
 *   <li>{@code b3lyp}: the DFT baseline alone;</li>
 *   <li>{@code delta}: Δ per atom, {@code E_DFT + sum_e n_e eps_e + sum over atoms of delta(G_i)}: the
 *       per-element energies {@code eps} ({@link AtomicReferenceEnergies}) and then the network
 *       ({@link DeltaModel} on {@link AtomicInputs}: one network shared by the elements, or one per
 *       element) fitted to {@code E_CC - E_DFT};</li>
 *   <li>{@code direct-atomic}: direct per atom, {@code sum_e n_e eps_e + sum over atoms of e(G_i)}
 *       fitted to {@code E_CC} itself (same descriptors, network and budget);</li>
 *   <li>{@code direct-global}: direct on the whole molecule, the same network on one row per molecule
 *       (element counts and the {@link SortedCoulombMatrix} padded to the largest molecule) fitted to
 *       {@code E_CC}.</li>
 * </ol>
 * and, for reference, {@code hf} and {@code mp2} alone and the two linear stages
 * ({@code delta-linear}, {@code direct-linear}: the per-element energies without the network).
 * Network inputs that are constant over the training rows are dropped (nothing can be learned
 * from them; a random first-layer weight on them would only add noise where they vary).
 */
public final class TransferStudy {
    /** Hartree to kcal/mol. */
    public static final double KCAL_PER_HARTREE = 627.509474;

    /**
     * @param descriptors the per-atom symmetry functions
     * @param model the network and its training (shared by the three learned models)
     * @param seed initialisation of every network
     * @param perElement one network per element for the per-atom models (b) and (c), instead of one
     *     network shared by all elements and told the element by a one-hot code
     * @param ensemble networks per learned model, initialised from seeds {@code seed}, {@code seed + 1},
     *     ...; the model predicts their mean (a mean of sums over atoms is a sum over atoms, so the
     *     ensemble is size-extensive too)
     */
    public record Config(SymmetryFunctions descriptors, DeltaModel.Config model, long seed, boolean perElement,
                         int ensemble) {
        public Config {
            Objects.requireNonNull(descriptors, "descriptors");
            Objects.requireNonNull(model, "model");
            if (ensemble < 1) {
                throw new IllegalArgumentException("TransferStudy: the ensemble needs at least one network, got " + ensemble);
            }
        }

        /** One network per learned model. */
        public Config(SymmetryFunctions descriptors, DeltaModel.Config model, long seed, boolean perElement) {
            this(descriptors, model, seed, perElement, 1);
        }
    }

    /**
     * One compared method's predictions (Hartree) for the training and the test geometries.
     *
     * @param history the training history (of the ensemble's first network), or null for a method
     *     without training
     */
    public record Method(String key, String label, double[] train, double[] test, TrainingResult history) {
    }

    /**
     * What the study measured.
     *
     * @param train the training geometries (in the order of the predictions)
     * @param test the test geometries
     * @param atomFeatures per-atom network inputs kept, of {@code atomFeaturesTotal}
     * @param globalFeatures whole-molecule network inputs kept, of {@code globalFeaturesTotal}
     * @param deltaReference the per-element energies of the Δ model
     * @param directReference the per-element energies of the direct per-atom model
     * @param delta the fitted Δ model's networks (one per ensemble member)
     * @param directAtomic the fitted direct per-atom model's networks
     * @param directGlobal the fitted whole-molecule model's networks
     */
    public record Result(List<TransferSet.Geometry> train, List<TransferSet.Geometry> test, List<Method> methods,
                         int atomFeatures, int atomFeaturesTotal, int globalFeatures, int globalFeaturesTotal,
                         AtomicReferenceEnergies deltaReference, AtomicReferenceEnergies directReference,
                         List<DeltaModel> delta, List<DeltaModel> directAtomic, List<DeltaModel> directGlobal) {
        /** The method {@code key}. @throws IllegalArgumentException if there is none */
        public Method method(String key) {
            return methods.stream().filter(m -> m.key().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("TransferStudy: no method '" + key + "'"));
        }

        /** Test MAE in kcal/mol of {@code key} by number of heavy atoms (ascending). */
        public TreeMap<Integer, Double> testMaeByHeavyAtoms(String key) {
            return maeByHeavyAtoms(test, method(key).test());
        }

        /** Training MAE in kcal/mol of {@code key} by number of heavy atoms. */
        public TreeMap<Integer, Double> trainMaeByHeavyAtoms(String key) {
            return maeByHeavyAtoms(train, method(key).train());
        }

        /** Test MAE in kcal/mol of {@code key} for each test molecule, in order of first appearance. */
        public List<MoleculeError> testMaeByMolecule(String key) {
            double[] p = method(key).test();
            java.util.Map<String, double[]> sums = new java.util.LinkedHashMap<>();
            java.util.Map<String, Integer> heavy = new java.util.HashMap<>();
            for (int i = 0; i < test.size(); i++) {
                TransferSet.Geometry g = test.get(i);
                double[] s = sums.computeIfAbsent(g.molecule(), k -> new double[2]);
                s[0] += Math.abs(p[i] - g.ccsdt());
                s[1]++;
                heavy.put(g.molecule(), g.heavyAtoms());
            }
            List<MoleculeError> out = new ArrayList<>();
            sums.forEach((name, s) -> out.add(new MoleculeError(name, heavy.get(name), (int) s[1], KCAL_PER_HARTREE * s[0] / s[1])));
            return out;
        }

        /** Test MAE in kcal/mol of {@code key} over every test geometry. */
        public double testMae(String key) {
            return KCAL_PER_HARTREE * Metrics.of(method(key).test(), truth(test)).mae();
        }

        /** Training MAE in kcal/mol of {@code key} over every training geometry. */
        public double trainMae(String key) {
            return KCAL_PER_HARTREE * Metrics.of(method(key).train(), truth(train)).mae();
        }
    }

    /** The error of one method on one molecule's geometries. @param maeKcal kcal/mol */
    public record MoleculeError(String molecule, int heavyAtoms, int geometries, double maeKcal) {
    }

    private final Config config;

    /** A study with {@code config} for every learned model. */
    public TransferStudy(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The reference energies {@code E_CCSD(T)} of {@code geometries}, Hartree. */
    public static double[] truth(List<TransferSet.Geometry> geometries) {
        return geometries.stream().mapToDouble(TransferSet.Geometry::ccsdt).toArray();
    }

    private static TreeMap<Integer, Double> maeByHeavyAtoms(List<TransferSet.Geometry> gs, double[] prediction) {
        TreeMap<Integer, double[]> sums = new TreeMap<>();
        for (int i = 0; i < gs.size(); i++) {
            double[] s = sums.computeIfAbsent(gs.get(i).heavyAtoms(), k -> new double[2]);
            s[0] += Math.abs(prediction[i] - gs.get(i).ccsdt());
            s[1]++;
        }
        TreeMap<Integer, Double> out = new TreeMap<>();
        sums.forEach((k, s) -> out.put(k, KCAL_PER_HARTREE * s[0] / s[1]));
        return out;
    }

    /**
     * Fits the learned models on {@code set}'s training split and predicts both splits.
     *
     * @param listeners the training listener of each learned model by key ({@code delta},
     *     {@code direct-atomic}, {@code direct-global})
     * @throws IllegalArgumentException if either split is empty
     */
    public Result run(TransferSet set, Function<String, TrainingListener> listeners) {
        List<TransferSet.Geometry> train = set.split("train");
        List<TransferSet.Geometry> test = set.split("test");
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException(set.source() + ": needs geometries in both splits, got " + train.size()
                    + " train and " + test.size() + " test");
        }
        int largest = set.geometries().stream().mapToInt(g -> g.atoms().atoms()).max().orElseThrow();
        return run(train, test, largest, listeners);
    }

    /**
     * Fits the learned models on {@code train} and predicts {@code train} and {@code test}.
     *
     * @param largestAtoms the whole-molecule model's padded size: at least the atom count of every
     *     molecule of both lists
     * @param listeners as {@link #run(TransferSet, Function)}
     */
    public Result run(List<TransferSet.Geometry> train, List<TransferSet.Geometry> test, int largestAtoms,
                      Function<String, TrainingListener> listeners) {
        List<Method> methods = new ArrayList<>();
        methods.add(fixed("b3lyp", "(a) B3LYP alone", train, test, TransferSet.Geometry::b3lyp));
        methods.add(fixed("hf", "HF alone", train, test, TransferSet.Geometry::hf));
        methods.add(fixed("mp2", "MP2 alone", train, test, TransferSet.Geometry::mp2));

        AtomicInputs inputs = new AtomicInputs(config.descriptors());
        DeltaData atomTrainDft = atoms(inputs, train);
        DeltaData atomTestDft = atoms(inputs, test);
        int[] atomFeatures = atomFeatures(inputs, atomTrainDft);
        AtomicReferenceEnergies deltaRef = AtomicReferenceEnergies.fit(atomTrainDft, inputs.baselineColumn(),
                inputs.countColumns());
        methods.add(new Method("delta-linear", "B3LYP + per-element energies", deltaRef.predict(atomTrainDft.sampleRows()),
                deltaRef.predict(atomTestDft.sampleRows()), null));
        Fitted delta = fit(seed -> perAtom(deltaRef, atomFeatures, inputs, seed), atomTrainDft, listeners.apply("delta"));
        methods.add(new Method("delta", "(b) Δ per atom", delta.predict(atomTrainDft), delta.predict(atomTestDft),
                delta.history()));

        AtomicReferenceEnergies directRef = AtomicReferenceEnergies.fit(atomTrainDft, -1, inputs.countColumns());
        methods.add(new Method("direct-linear", "per-element energies alone", directRef.predict(atomTrainDft.sampleRows()),
                directRef.predict(atomTestDft.sampleRows()), null));
        Fitted atomic = fit(seed -> perAtom(directRef, atomFeatures, inputs, seed), atomTrainDft,
                listeners.apply("direct-atomic"));
        methods.add(new Method("direct-atomic", "(c) direct per atom", atomic.predict(atomTrainDft), atomic.predict(atomTestDft),
                atomic.history()));

        SortedCoulombMatrix cm = new SortedCoulombMatrix(largestAtoms);
        DeltaData globalTrain = global(cm, train);
        DeltaData globalTest = global(cm, test);
        int[] all = new int[globalTrain.columns()];
        Arrays.setAll(all, i -> i);
        int[] globalFeatures = varying(globalTrain.rows(), all);
        Fitted whole = fit(seed -> DeltaModel.direct(globalFeatures, config.model(), new Rng(seed)), globalTrain,
                listeners.apply("direct-global"));
        methods.add(new Method("direct-global", "(d) direct, whole molecule", whole.predict(globalTrain),
                whole.predict(globalTest), whole.history()));
        return new Result(train, test, methods, atomFeatures.length,
                config.perElement() ? inputs.descriptorColumns().length : inputs.features().length, globalFeatures.length,
                all.length, deltaRef, directRef, delta.members(), atomic.members(), whole.members());
    }

    /**
     * Model (b) alone, Δ per atom, as {@link #run} fits it: fitted on {@code train}, its predictions
     * of E_CCSD(T) for {@code validation} (Hartree). What a validation split needs, at a third of
     * the cost of {@link #run}.
     *
     * @param listener the training listener
     */
    public double[] fitDelta(List<TransferSet.Geometry> train, List<TransferSet.Geometry> validation,
                             TrainingListener listener) {
        AtomicInputs inputs = new AtomicInputs(config.descriptors());
        DeltaData atomTrain = atoms(inputs, train);
        AtomicReferenceEnergies reference = AtomicReferenceEnergies.fit(atomTrain, inputs.baselineColumn(),
                inputs.countColumns());
        int[] features = atomFeatures(inputs, atomTrain);
        return fit(seed -> perAtom(reference, features, inputs, seed), atomTrain, listener)
                .predict(atoms(inputs, validation));
    }

    /** The networks of one learned model, fitted; it predicts their mean. */
    private record Fitted(List<DeltaModel> members, TrainingResult history) {
        double[] predict(DeltaData data) {
            double[] mean = new double[data.samples()];
            for (DeltaModel m : members) {
                double[] p = m.predict(data);
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += p[i];
                }
            }
            for (int i = 0; i < mean.length; i++) {
                mean[i] /= members.size();
            }
            return mean;
        }
    }

    /** {@link Config#ensemble()} networks made by {@code make} from seeds {@code seed, seed + 1, ...}, each fitted. */
    private Fitted fit(java.util.function.LongFunction<DeltaModel> make, DeltaData train, TrainingListener listener) {
        List<DeltaModel> members = new ArrayList<>();
        TrainingResult first = null;
        for (int k = 0; k < config.ensemble(); k++) {
            DeltaModel m = make.apply(config.seed() + k);
            TrainingResult h = m.fit(train, null, listener);
            first = first == null ? h : first;
            members.add(m);
        }
        return new Fitted(List.copyOf(members), first);
    }

    private int[] atomFeatures(AtomicInputs inputs, DeltaData atomTrain) {
        return varying(atomTrain.rows(), config.perElement() ? inputs.descriptorColumns() : inputs.features());
    }

    private DeltaModel perAtom(Baseline baseline, int[] features, AtomicInputs inputs, long seed) {
        Rng rng = new Rng(seed);
        return config.perElement()
                ? DeltaModel.perType(baseline, features, inputs.typeColumn(), config.descriptors().elements().size(),
                        config.model(), rng)
                : DeltaModel.delta(baseline, features, config.model(), rng);
    }

    private static Method fixed(String key, String label, List<TransferSet.Geometry> train, List<TransferSet.Geometry> test,
                                ToDoubleFunction<TransferSet.Geometry> energy) {
        return new Method(key, label, train.stream().mapToDouble(energy).toArray(), test.stream().mapToDouble(energy).toArray(),
                null);
    }

    /** Per-atom samples of {@code gs} with B3LYP as the baseline column and E_CCSD(T) as the target. */
    static DeltaData atoms(AtomicInputs inputs, List<TransferSet.Geometry> gs) {
        return inputs.of(gs.stream().map(TransferSet.Geometry::atoms).toList(),
                gs.stream().mapToDouble(TransferSet.Geometry::b3lyp).toArray(), truth(gs));
    }

    /** One row per molecule: the number of atoms of each element, then the sorted Coulomb matrix. */
    static DeltaData global(SortedCoulombMatrix cm, List<TransferSet.Geometry> gs) {
        List<String> elements = SymmetryFunctions.ORGANIC;
        double[][] rows = new double[gs.size()][];
        for (int i = 0; i < rows.length; i++) {
            Molecule m = gs.get(i).atoms();
            double[] row = new double[elements.size() + cm.size()];
            for (String s : m.symbols()) {
                int e = elements.indexOf(s);
                if (e < 0) {
                    throw new IllegalArgumentException("TransferStudy: element '" + s + "' of " + gs.get(i).molecule()
                            + " is not among " + elements);
                }
                row[e]++;
            }
            System.arraycopy(cm.describe(m), 0, row, elements.size(), cm.size());
            rows[i] = row;
        }
        return DeltaData.perRow(rows, truth(gs));
    }

    /** The {@code columns} whose value is not the same on every row. */
    static int[] varying(double[][] rows, int[] columns) {
        return Arrays.stream(columns).filter(c -> {
            for (double[] r : rows) {
                if (r[c] != rows[0][c]) {
                    return true;
                }
            }
            return false;
        }).toArray();
    }
}
