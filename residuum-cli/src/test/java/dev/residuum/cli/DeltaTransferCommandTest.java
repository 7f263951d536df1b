package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code residuum delta transfer} on the shipped transfer set (issue 19), complete or partly computed. */
class DeltaTransferCommandTest {
    private static final Path DATA = Path.of("..", "data", "delta", "transfer");

    @TempDir
    Path dir;

    private static CliRun.Result run(Path data, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("delta", "transfer", "--molecules", data.toString(), "--hidden", "8",
                "--epochs", "20", "--lr", "3e-3", "--out", out.toString(), "--json", "--quiet"));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray(new String[0]));
    }

    private static long rows(Path csv, String split) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).filter(l -> l.contains("," + split + ",")).count();
    }

    @Test
    void comparesTheFourMethodsByMoleculeSizeOnTheShippedSet() throws IOException {
        Path out = dir.resolve("run");
        CliRun.Result r = run(DATA, out);
        assertEquals(0, r.status(), r.err());
        assertEquals(rows(DATA.resolve("energies.csv"), "test"), r.number("test_geometries"));
        assertEquals(rows(DATA.resolve("energies.csv"), "train"), r.number("train_geometries"));
        for (String key : new String[] {"b3lyp", "delta", "direct-atomic", "direct-global"}) {
            for (int heavy = 3; heavy <= 5; heavy++) {
                double mae = r.number("methods." + key + ".test_mae_kcal_mol_by_heavy_atoms." + heavy);
                assertTrue(mae > 0 && Double.isFinite(mae), key + " " + heavy + ": " + mae);
            }
        }
        // B3LYP misses hundreds of kcal/mol of the CCSD(T) energy; a per-atom correction removes nearly all of it
        assertTrue(r.number("methods.delta.test_mae_kcal_mol") < 0.1 * r.number("methods.b3lyp.test_mae_kcal_mol"),
                r.lastLine());
        assertTrue(r.number("methods.delta.test_mae_kcal_mol") < r.number("methods.direct-global.test_mae_kcal_mol"),
                r.lastLine());
        assertTrue(r.out().contains("test geometries per molecule: {"), r.out());
        List<String> predictions = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals(1 + r.number("test_geometries") + r.number("train_geometries"), predictions.size());
        assertTrue(predictions.get(0).startsWith("molecule_id,molecule,geometry,heavy_atoms,split,e_ccsdt,b3lyp,"));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("heavy atoms") && !html.contains("<script"), "self-contained SVG");
        assertEquals(3 * 20, Files.readAllLines(out.resolve("metrics.jsonl")).size());

        String before = Files.readString(out.resolve("metrics.json"));
        CliRun.Result again = run(DATA, out);
        assertEquals(2, again.status());
        assertTrue(again.err().contains("--overwrite"), again.err());
        assertEquals(before, Files.readString(out.resolve("metrics.json")), "an existing run is left alone");
    }

    @Test
    void theCutoffCanBeChosenOnTheTrainingSplitAlone() {
        CliRun.Result r = run(DATA, dir.resolve("sel"), "--select-cutoff", "2.5,3.5");
        assertEquals(0, r.status(), r.err());
        double chosen = r.number("cutoff_selection.chosen_angstrom");
        assertTrue(chosen == 2.5 || chosen == 3.5, r.lastLine());
        assertEquals(chosen, r.number("cutoff_angstrom"), "the study runs with the chosen cutoff");
        dev.residuum.io.JsonObject mae = dev.residuum.io.Json.parseObject(r.lastLine()).object("cutoff_selection")
                .object("validation_mae_kcal_mol_by_cutoff");
        double a = mae.number("2.5");
        double b = mae.number("3.5");
        assertEquals(a <= b ? 2.5 : 3.5, chosen, r.lastLine());
        assertTrue(r.out().contains("cutoff chosen on the training split"), r.out());
    }

    @Test
    void aFixedAndAChosenCutoffTogetherOrABadCandidateAreOneLineOfBadInput() {
        CliRun.Result both = run(DATA, dir.resolve("both"), "--cutoff", "3", "--select-cutoff", "2.5,3.5");
        assertEquals(2, both.status(), both.err());
        assertTrue(both.err().contains("--cutoff and --select-cutoff"), both.err());
        assertEquals(1, both.err().strip().lines().count(), both.err());
        assertFalse(Files.exists(dir.resolve("both")), "no run folder left behind");
        CliRun.Result bad = run(DATA, dir.resolve("bad"), "--select-cutoff", "2.5,-1");
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().contains("--select-cutoff"), bad.err());
        CliRun.Result repeated = run(DATA, dir.resolve("rep"), "--select-cutoff", "2.5,2.5");
        assertEquals(2, repeated.status(), repeated.err());
        assertTrue(repeated.err().contains("repeated"), repeated.err());
    }

    @Test
    void aGeometryStillBeingComputedIsLeftOutAndCounted() throws IOException {
        Path partial = Files.createDirectories(dir.resolve("partial"));
        Files.copy(DATA.resolve("geometries.xyz"), partial.resolve("geometries.xyz"));
        List<String> energies = Files.readAllLines(DATA.resolve("energies.csv"));
        // the frame of the last geometry is written, its energies row (the commit record) not yet
        Files.write(partial.resolve("energies.csv"), energies.subList(0, energies.size() - 1));
        CliRun.Result r = run(partial, dir.resolve("p"));
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.number("frames_without_energies"));
        assertEquals(energies.size() - 2, r.number("test_geometries") + r.number("train_geometries"));
    }

    @Test
    void anEnergiesRowWithoutItsFrameIsOneLineOfBadInput() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.copy(DATA.resolve("energies.csv"), broken.resolve("energies.csv"));
        Files.writeString(broken.resolve("geometries.xyz"), "");
        CliRun.Result r = run(broken, dir.resolve("b"));
        assertEquals(2, r.status());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains("has no frame"), r.err());
        assertFalse(Files.exists(dir.resolve("b")), "nothing written");
    }
}
