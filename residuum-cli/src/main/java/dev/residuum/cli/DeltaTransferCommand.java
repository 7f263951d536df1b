package dev.residuum.cli;

import dev.residuum.cli.options.CorrectionNetworkOption;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunOptions;
import dev.residuum.delta.CutoffSelection;
import dev.residuum.delta.SymmetryFunctions;
import dev.residuum.delta.TransferSet;
import dev.residuum.delta.TransferStudy;
import dev.residuum.io.JsonObject;
import dev.residuum.run.RunFolder;
import dev.residuum.train.EpochMetrics;
import dev.residuum.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum delta transfer}: issue 19's transfer study on a transfer set directory (train on
 * the small molecules, test on the larger ones): (a) DFT alone, (b) Δ per atom, (c) direct per atom,
 * (d) direct on the whole molecule, test MAE in kcal/mol by number of heavy atoms; writes
 * predictions.csv, metrics.json, metrics.jsonl and report.html into the run folder.
 */
@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = {"Delta-learning transfer from small to larger molecules (issue 19): train on the 'train' geometries of"
                + " a transfer set --molecules DIR (energies.csv + geometries.xyz, e.g. data/delta/transfer), test on the 'test' ones, and"
                + " compare (a) B3LYP alone, (b) delta per atom: B3LYP + per-element energies + a sum of per-atom"
                + " corrections on Behler-Parrinello symmetry functions, (c) direct per atom: the same for CCSD(T) itself,"
                + " (d) direct on the whole molecule (sorted Coulomb matrix); test MAE in kcal/mol by heavy atoms.",
            "Writes DIR/predictions.csv, DIR/metrics.json, DIR/metrics.jsonl and DIR/report.html into the run folder"
                + " --out DIR. Works on a partly computed set: the geometries present are used and counted."})
final class DeltaTransferCommand implements Callable<Integer> {
    @Option(names = "--molecules", defaultValue = "data/delta/transfer", paramLabel = "DIR",
            description = "Transfer set directory with energies.csv and geometries.xyz (default ${DEFAULT-VALUE}).")
    Path molecules;

    @Option(names = "--cutoff", paramLabel = "ANGSTROM", description = "Cutoff radius of the symmetry functions, Å "
            + "(default " + SymmetryFunctions.DEFAULT_CUTOFF + ").")
    Double cutoff;

    @Option(names = "--select-cutoff", split = ",", paramLabel = "A,B,...", description = "Choose the cutoff among these"
            + " (Å) on the training split alone: leave each of the largest training molecules out in turn, fit (b) on the"
            + " rest, keep the cutoff with the lowest mean validation MAE; then run the study with it. Instead of --cutoff.")
    List<Double> selectCutoff;

    @Mixin
    RunOptions runOptions;

    @Option(names = "--per-element", description = "One network per element for the per-atom models (b) and (c) "
            + "(Behler-Parrinello); otherwise one network shared by all elements, told the element by a one-hot code.")
    boolean perElement;

    @Option(names = "--ensemble", paramLabel = "K", defaultValue = "1", description = "Networks per learned model, from"
            + " seeds S, S+1, ..., S+K-1; each model predicts their mean (default ${DEFAULT-VALUE}).")
    int ensemble;

    @Mixin
    CorrectionNetworkOption network;

    /** The cutoff in effect. */
    double cutoffInEffect;

    /** The validation that chose the cutoff, or null when it was given. */
    CutoffSelection selection;

    @Override
    public Integer call() throws IOException {
        Require.atLeast("--ensemble", ensemble, 1);
        if (cutoff != null && selectCutoff != null) {
            throw new BadInputException("--cutoff and --select-cutoff: give one (a fixed cutoff, or the candidates to"
                    + " choose it from)");
        }
        for (double c : selectCutoff != null ? selectCutoff : List.<Double>of()) {
            descriptors(c, "--select-cutoff");
        }
        cutoffInEffect = cutoff != null ? cutoff : SymmetryFunctions.DEFAULT_CUTOFF;
        descriptors(cutoffInEffect, "--cutoff");
        RunFolder folder = runOptions.open("delta transfer", false);
        runOptions.common().threads().apply();
        Progress progress = Progress.onStderr(runOptions.common().quiet());
        long t0 = System.nanoTime();
        TransferSet set = TransferSet.read(molecules);
        if (selectCutoff != null) {
            try {
                selection = CutoffSelection.select(set.split("train"), selectCutoff, this::config,
                        (c, molecule, fit, fits) -> progress.status(String.format(Locale.ROOT,
                                "choosing the cutoff: fit %d/%d (%.2f Å, without %s) | %.1f s", fit, fits, c, molecule,
                                progress.seconds()), false));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--select-cutoff: " + e.getMessage());
            }
            cutoffInEffect = selection.chosen();
            progress.clear();
            progress.line(String.format(Locale.ROOT, "residuum: cutoff %.2f Å chosen on the training split (validation MAE"
                    + " %s kcal/mol for %s Å)", cutoffInEffect, Arrays.toString(Arrays.stream(selection.validationMae())
                    .mapToObj(v -> String.format(Locale.ROOT, "%.3f", v)).toArray()), selection.candidates()));
        }
        TransferStudy.Config config = config(cutoffInEffect);
        progress.line(String.format(Locale.ROOT, "residuum: %d geometries from %s (%d train, %d test); fitting the delta,"
                + " direct per-atom and whole-molecule models (%d network(s) of %d epochs each)...", set.geometries().size(),
                molecules, set.split("train").size(), set.split("test").size(), ensemble, network.epochs()));
        TransferStudy.Result result = new TransferStudy(config).run(set, key -> new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                progress.status(String.format(Locale.ROOT, "%s: epoch %d/%d, train loss %.4g | %.1f s", key, m.epoch(),
                        network.epochs(), m.trainLoss(), progress.seconds()), false);
            }
        });
        progress.clear();
        DeltaTransferReport report = new DeltaTransferReport(this, set, result);
        StagedOutput staged = StagedOutput.begin(folder); // all files or none
        report.writeAll(staged.dir());
        staged.publish();
        JsonObject summary = report.summary((System.nanoTime() - t0) / 1e9);
        print(System.out, set, result, selection, folder.dir());
        runOptions.common().json().print(System.out, summary);
        System.out.flush();
        return 0;
    }

    private TransferStudy.Config config(double cutoffAngstrom) {
        return new TransferStudy.Config(SymmetryFunctions.standard(cutoffAngstrom), network.config(runOptions.seed()), runOptions.seed(),
                perElement, ensemble);
    }

    private static void descriptors(double cutoffAngstrom, String option) {
        try {
            SymmetryFunctions.standard(cutoffAngstrom);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + ": " + e.getMessage());
        }
    }

    private static void print(PrintStream out, TransferSet set, TransferStudy.Result r, CutoffSelection selection,
                              Path dir) {
        if (selection != null) {
            out.printf(Locale.ROOT, "cutoff chosen on the training split: %.2f Å (leave-one-molecule-out over %s)%n",
                    selection.chosen(), selection.heldOut());
            for (int c = 0; c < selection.candidates().size(); c++) {
                out.printf(Locale.ROOT, "  %.2f Å: validation MAE %.3f kcal/mol%n", selection.candidates().get(c),
                        selection.validationMae()[c]);
            }
        }
        List<Integer> heavy = List.copyOf(r.testMaeByHeavyAtoms("b3lyp").keySet());
        out.printf(Locale.ROOT, "test MAE, kcal/mol, by heavy atoms (%d train geometries, %d test geometries)%n",
                r.train().size(), r.test().size());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-32s", "method"));
        for (int h : heavy) {
            head.append(String.format(Locale.ROOT, " %10s", h + " heavy"));
        }
        out.println(head.append(String.format(Locale.ROOT, " %10s %10s", "all test", "train")));
        for (TransferStudy.Method m : r.methods()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-32s", m.label()));
            Map<Integer, Double> by = r.testMaeByHeavyAtoms(m.key());
            for (int h : heavy) {
                line.append(String.format(Locale.ROOT, " %10.3f", by.get(h)));
            }
            out.println(line.append(String.format(Locale.ROOT, " %10.3f %10.3f", r.testMae(m.key()), r.trainMae(m.key()))));
        }
        out.println("test geometries per molecule: " + set.countsByMolecule("test"));
        out.println("train geometries per molecule: " + set.countsByMolecule("train"));
        out.println("wrote " + dir.resolve("predictions.csv") + ", " + dir.resolve("metrics.json") + ", "
                + dir.resolve("metrics.jsonl") + ", " + dir.resolve("report.html"));
    }
}
