package dev.residuum.cli;

import dev.residuum.delta.AtomicReferenceEnergies;
import dev.residuum.delta.CutoffSelection;
import dev.residuum.delta.SymmetryFunctions;
import dev.residuum.delta.TransferSet;
import dev.residuum.delta.TransferStudy;
import dev.residuum.io.JsonObject;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.NumberText;
import dev.residuum.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outputs of {@code residuum delta transfer}: predictions.csv (every geometry, every method,
 * Hartree), metrics.json (the summary with the settings), metrics.jsonl (one line per epoch of the
 * three learned models) and report.html (test MAE by heavy atoms, per-molecule errors, training
 * losses), and the {@code --json} summary.
 */
final class DeltaTransferReport {
    /** The methods the issue compares, in its order. */
    private static final List<String> ISSUE_METHODS = List.of("b3lyp", "delta", "direct-atomic", "direct-global");
    private static final List<String> LEARNED = List.of("delta", "direct-atomic", "direct-global");

    private final DeltaTransferCommand options;
    private final TransferSet set;
    private final TransferStudy.Result result;

    DeltaTransferReport(DeltaTransferCommand options, TransferSet set, TransferStudy.Result result) {
        this.options = options;
        this.set = set;
        this.result = result;
    }

    void writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        writePredictions(dir.resolve("predictions.csv"));
        writeEpochs(dir.resolve("metrics.jsonl"));
        JsonObject metrics = summary(Double.NaN).put("network", options.network.describe())
                .put("descriptors", SymmetryFunctions.standard(options.cutoffInEffect).names());
        Files.writeString(dir.resolve("metrics.json"), metrics + "\n", StandardCharsets.UTF_8);
        writeHtml(dir.resolve("report.html"));
    }

    private void writePredictions(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("molecule_id,molecule,geometry,heavy_atoms,split,e_ccsdt");
        for (TransferStudy.Method m : result.methods()) {
            sb.append(',').append(m.key());
        }
        sb.append('\n');
        for (String split : List.of("train", "test")) {
            List<TransferSet.Geometry> gs = split.equals("train") ? result.train() : result.test();
            for (int i = 0; i < gs.size(); i++) {
                TransferSet.Geometry g = gs.get(i);
                sb.append(g.id()).append(',').append(g.molecule()).append(',').append(g.index()).append(',')
                        .append(g.heavyAtoms()).append(',').append(split).append(',').append(g.ccsdt());
                for (TransferStudy.Method m : result.methods()) {
                    sb.append(',').append((split.equals("train") ? m.train() : m.test())[i]);
                }
                sb.append('\n');
            }
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private void writeEpochs(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String key : LEARNED) {
            for (var m : result.method(key).history().epochs()) {
                sb.append(new JsonObject().put("model", key).put("epoch", m.epoch() - 1).put("train_loss", m.trainLoss())
                        .put("lr", m.lr())).append('\n');
            }
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static JsonObject byHeavyAtoms(Map<Integer, Double> m) {
        JsonObject o = new JsonObject();
        m.forEach((h, v) -> o.put(Integer.toString(h), v));
        return o;
    }

    private static JsonObject counts(Map<String, Integer> m) {
        JsonObject o = new JsonObject();
        m.forEach(o::put);
        return o;
    }

    private static JsonObject energies(AtomicReferenceEnergies r) {
        JsonObject o = new JsonObject();
        List<Double> e = r.energies();
        for (int i = 0; i < e.size(); i++) {
            o.put(SymmetryFunctions.ORGANIC.get(i), e.get(i));
        }
        return o;
    }

    /** Test MAE of (b) over that of (c), by heavy atoms. */
    private Map<Integer, Double> ratio() {
        Map<Integer, Double> b = result.testMaeByHeavyAtoms("delta");
        Map<Integer, Double> c = result.testMaeByHeavyAtoms("direct-atomic");
        Map<Integer, Double> out = new LinkedHashMap<>();
        b.forEach((h, v) -> out.put(h, v / c.get(h)));
        return out;
    }

    /** The {@code --json} line: the issue's figures first (kcal/mol), then what they rest on. */
    JsonObject summary(double seconds) {
        JsonObject methods = new JsonObject();
        for (TransferStudy.Method m : result.methods()) {
            methods.put(m.key(), new JsonObject().put("label", m.label())
                    .put("test_mae_kcal_mol_by_heavy_atoms", byHeavyAtoms(result.testMaeByHeavyAtoms(m.key())))
                    .put("test_mae_kcal_mol", result.testMae(m.key()))
                    .put("train_mae_kcal_mol", result.trainMae(m.key())));
        }
        JsonObject out = new JsonObject()
                .put("command", "delta transfer")
                .put("methods", methods)
                .put("ratio_delta_to_direct_atomic_by_heavy_atoms", byHeavyAtoms(ratio()))
                .put("train_geometries", result.train().size())
                .put("test_geometries", result.test().size())
                .put("test_geometries_per_molecule", counts(set.countsByMolecule("test")))
                .put("train_geometries_per_molecule", counts(set.countsByMolecule("train")))
                .put("frames_without_energies", set.framesWithoutEnergies())
                .put("cutoff_angstrom", options.cutoffInEffect)
                .put("per_element_networks", options.perElement)
                .put("atom_features", result.atomFeatures())
                .put("atom_features_total", result.atomFeaturesTotal())
                .put("global_features", result.globalFeatures())
                .put("global_features_total", result.globalFeaturesTotal())
                .put("per_element_energies_delta", energies(result.deltaReference()))
                .put("per_element_energies_direct", energies(result.directReference()))
                .put("molecules", options.molecules.toString())
                .put("seed", options.runOptions.seed())
                .put("ensemble", options.ensemble)
                .put("seconds", seconds);
        CutoffSelection s = options.selection;
        if (s != null) {
            JsonObject mae = new JsonObject();
            for (int c = 0; c < s.candidates().size(); c++) {
                mae.put(NumberText.of(s.candidates().get(c)), s.validationMae()[c]);
            }
            out.put("cutoff_selection", new JsonObject().put("held_out_molecules", s.heldOut())
                    .put("validation_mae_kcal_mol_by_cutoff", mae).put("chosen_angstrom", s.chosen()));
        }
        return out;
    }

    private void writeHtml(Path file) throws IOException {
        int largest = result.testMaeByHeavyAtoms("delta").lastKey();
        Report.Builder page = Report.builder("Delta-learning transfer: CCSD(T) from B3LYP, small to larger molecules")
                .headline("test MAE, (b) Δ per atom", result.testMae("delta"), "kcal/mol")
                .headline("test MAE, (c) direct per atom", result.testMae("direct-atomic"), "kcal/mol")
                .headline("test MAE, (d) whole molecule", result.testMae("direct-global"), "kcal/mol")
                .headline("(b) / (c), " + largest + " heavy atoms", ratio().get(largest));
        page.setting("data", options.molecules + ": " + result.train().size() + " training geometries (molecules "
                + set.countsByMolecule("train") + "), " + result.test().size() + " test geometries (molecules "
                + set.countsByMolecule("test") + ")");
        if (options.selection != null) {
            CutoffSelection s = options.selection;
            StringBuilder v = new StringBuilder();
            for (int c = 0; c < s.candidates().size(); c++) {
                v.append(c == 0 ? "" : "; ").append(NumberText.of(s.candidates().get(c))).append(" Å: ")
                        .append(fmt(s.validationMae()[c]));
            }
            page.setting("cutoff", NumberText.of(s.chosen()) + " Å, chosen on the training split (leave one of "
                    + s.heldOut() + " out in turn, fit (b) on the rest; mean validation MAE, kcal/mol: " + v + ")");
        }
        page.setting("descriptors", SymmetryFunctions.standard(options.cutoffInEffect) + "; " + result.atomFeatures()
                + " of " + result.atomFeaturesTotal() + " per-atom inputs vary on the training atoms and are used");
        page.setting("whole-molecule inputs", "element counts and the sorted Coulomb matrix; " + result.globalFeatures()
                + " of " + result.globalFeaturesTotal() + " vary on the training molecules and are used");
        page.setting("network (each learned model)", options.network.describe() + (options.ensemble > 1
                ? ", the mean of " + options.ensemble + " networks from seeds " + options.runOptions.seed() + " to "
                + (options.runOptions.seed() + options.ensemble - 1) : ", seed " + options.runOptions.seed())
                + (options.perElement ? "; (b) and (c): one network per element" : "; (b) and (c): one network shared by all"
                + " elements, with a one-hot element code"));
        page.section("Test MAE by number of heavy atoms (kcal/mol)").chart(maeChart());
        Map<String, String> table = new LinkedHashMap<>();
        for (TransferStudy.Method m : result.methods()) {
            StringBuilder s = new StringBuilder();
            result.testMaeByHeavyAtoms(m.key()).forEach((h, v) -> s.append(h).append(" heavy: ").append(fmt(v)).append("; "));
            table.put(m.label(), s + "all test: " + fmt(result.testMae(m.key())) + "; train: " + fmt(result.trainMae(m.key())));
        }
        page.table(table);
        page.note("Every figure is a mean absolute error against CCSD(T)/cc-pVDZ in kcal/mol over the test geometries"
                + " present when the command ran (counts per molecule below); train on molecules with at most 2 heavy atoms,"
                + " test on molecules with 3 to 5, no molecule in both.");
        page.section("Test MAE per molecule (kcal/mol)");
        Map<String, String> perMolecule = new LinkedHashMap<>();
        List<TransferStudy.MoleculeError> first = result.testMaeByMolecule(ISSUE_METHODS.get(0));
        for (int i = 0; i < first.size(); i++) {
            StringBuilder s = new StringBuilder();
            for (String key : ISSUE_METHODS) {
                s.append(key).append(' ').append(fmt(result.testMaeByMolecule(key).get(i).maeKcal())).append("; ");
            }
            TransferStudy.MoleculeError e = first.get(i);
            perMolecule.put(String.format(Locale.ROOT, "%s (%d heavy, %d geometries)", e.molecule(), e.heavyAtoms(),
                    e.geometries()), s.substring(0, s.length() - 2));
        }
        page.table(perMolecule);
        page.section("Training").chart(lossChart());
        HtmlRenderer.write(page.build(), file);
    }

    private Chart maeChart() {
        Chart c = Chart.of("Test MAE against molecule size", Axis.linear("heavy atoms"), Axis.log("test MAE, kcal/mol"));
        for (String key : ISSUE_METHODS) {
            Map<Integer, Double> m = result.testMaeByHeavyAtoms(key);
            c = c.line(result.method(key).label(), m.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                    m.values().stream().mapToDouble(Double::doubleValue).toArray());
        }
        return c;
    }

    private Chart lossChart() {
        Chart c = Chart.of("Training loss (standardised units)", Axis.linear("epoch"), Axis.log("train loss"));
        for (String key : LEARNED) {
            double[] loss = result.method(key).history().trainLoss();
            double[] epoch = new double[loss.length];
            for (int i = 0; i < epoch.length; i++) {
                epoch[i] = i + 1;
            }
            c = c.line(result.method(key).label(), epoch, loss);
        }
        return c;
    }

    private static String fmt(double v) {
        return NumberText.of(v);
    }
}
