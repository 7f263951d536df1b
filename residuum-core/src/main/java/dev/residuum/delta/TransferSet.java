package dev.residuum.delta;

import dev.residuum.data.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Molecules with their energies for a transfer study (issue 19): {@code energies.csv} (one row per
 * geometry, the commit record of the generating script) joined on {@code molecule_id} with the
 * frames of {@code geometries.xyz} in a directory such as {@code data/delta/transfer}. A frame
 * without an energies row (a geometry still being computed) is left out; an energies row without
 * its frame is an error.
 *
 * @param geometries every geometry, in the order of {@code energies.csv}
 * @param source the directory read
 * @param framesWithoutEnergies frames left out for want of an energies row
 */
public record TransferSet(List<Geometry> geometries, Path source, int framesWithoutEnergies) {
    /** Energies in Hartree of one geometry, and where it belongs. */
    public record Geometry(long id, String molecule, int index, String split, Molecule atoms, double hf, double b3lyp,
                           double mp2, double ccsdt) {
        /** Heavy (non-hydrogen) atoms. */
        public int heavyAtoms() {
            return atoms.heavyAtoms();
        }
    }

    public TransferSet {
        geometries = List.copyOf(geometries);
        Objects.requireNonNull(source, "source");
    }

    /**
     * Reads {@code dir/energies.csv} and {@code dir/geometries.xyz}.
     *
     * @throws IllegalArgumentException naming the file, row and column at fault
     */
    public static TransferSet read(Path dir) throws IOException {
        Path energies = dir.resolve("energies.csv");
        Path xyz = dir.resolve("geometries.xyz");
        for (Path p : List.of(energies, xyz)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(dir + ": missing " + p.getFileName() + " (a transfer set directory holds"
                        + " energies.csv and geometries.xyz)");
            }
        }
        Map<Long, Molecule> frames = new HashMap<>();
        for (Molecule m : Molecule.readXyz(xyz)) {
            String id = m.property("molecule_id");
            if (id == null) {
                throw new IllegalArgumentException(xyz + ": frame '" + m.comment() + "' has no molecule_id=");
            }
            frames.put(parseId(id, xyz.toString()), m);
        }
        CsvTable t = CsvTable.read(energies);
        double[] ids = t.numbers("molecule_id", "id");
        String[] names = t.text("molecule");
        double[] index = t.numbers("geometry", "geometry");
        double[] atoms = t.numbers("atoms", "atom count");
        String[] split = t.text("split");
        double[] hf = t.numbers("e_hf", "energy");
        double[] b3lyp = t.numbers("e_b3lyp", "energy");
        double[] mp2 = t.numbers("e_mp2", "energy");
        double[] cc = t.numbers("e_ccsdt", "energy");
        Map<Long, Geometry> out = new LinkedHashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            long id = (long) ids[r];
            Molecule m = frames.get(id);
            String where = energies + ": row " + (r + 1) + " (line " + t.line(r) + "), molecule_id " + id;
            if (m == null) {
                throw new IllegalArgumentException(where + " has no frame in " + xyz);
            }
            if (m.atoms() != (int) atoms[r]) {
                throw new IllegalArgumentException(where + ": " + (int) atoms[r] + " atoms, but its frame has " + m.atoms());
            }
            if (!split[r].equals("train") && !split[r].equals("test")) {
                throw new IllegalArgumentException(where + ": split must be train or test, got '" + split[r] + "'");
            }
            if (out.put(id, new Geometry(id, names[r], (int) index[r], split[r], m, hf[r], b3lyp[r], mp2[r], cc[r])) != null) {
                throw new IllegalArgumentException(where + " appears twice");
            }
        }
        return new TransferSet(new ArrayList<>(out.values()), dir, frames.size() - out.size());
    }

    private static long parseId(String id, String where) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": molecule_id '" + id + "' is not an integer");
        }
    }

    /** The geometries of split {@code name} ({@code train} or {@code test}), in order. */
    public List<Geometry> split(String name) {
        return geometries.stream().filter(g -> g.split().equals(name)).toList();
    }

    /** Geometries per molecule of split {@code name}, in order of first appearance. */
    public Map<String, Integer> countsByMolecule(String name) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Geometry g : split(name)) {
            out.merge(g.molecule(), 1, Integer::sum);
        }
        return out;
    }
}
