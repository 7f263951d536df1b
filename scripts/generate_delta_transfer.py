#!/usr/bin/env python3
"""Generate the Delta-learning transfer set data/delta/transfer/ with psi4 (issue 19).

Closed-shell organic molecules of H, C, N, O, F with 1 to 5 heavy atoms, each at its
B3LYP/cc-pVDZ equilibrium geometry (geometry 0) and at seeded, randomly distorted geometries
(geometry 1, 2, ...). Split by size: molecules with <= 2 heavy atoms are 'train', molecules with
3 to 5 heavy atoms are 'test' (no molecule is in both).

Every geometry is computed with the same basis, cc-pVDZ (spherical), in Hartree:
  - e_b3lyp : B3LYP (libxc HYB_GGA_XC_B3LYP, i.e. VWN-RPA correlation as in Gaussian), psi4's
              default grid (75 radial Treutler points x 302 Lebedev points per atom), exact
              integrals (scf_type pk);                                              the baseline
  - e_hf, e_mp2, e_ccsd, e_ccsdt : RHF, MP2, CCSD and CCSD(T) from one conventional
              CCSD(T) run (psi4 fnocc, cc_type conv, scf_type pk), frozen core (1s of C, N, O, F);
                                                                           e_ccsdt is the target
  - delta   = e_ccsdt - e_b3lyp.
SCF e_convergence 1e-10, d_convergence 1e-8; CC e_convergence 1e-10, r_convergence 1e-7.

Equilibrium geometries: the starting Cartesian coordinates of delta_transfer_start.xyz (standard bond
lengths and angles) are optimised once with DF-B3LYP/cc-pVDZ (psi4 optking, C1) and cached in
equilibria.xyz; a molecule whose optimisation does not converge keeps its last geometry and says
so in its comment line. Distortions: geometry g > 0 of a molecule draws, from
numpy.random.default_rng([seed, crc32(name), g]), sigma ~ U(sigma_min, sigma_max) and adds
N(0, sigma^2) to every Cartesian coordinate of the equilibrium (so the RMS displacement of an
atom is sqrt(3) sigma), redrawn if two atoms come closer than 0.6 A. Each geometry is therefore
reproducible on its own, whatever order or subset is computed.

Outputs (in --out, default data/delta/transfer), written incrementally and safely:
  energies.csv  one row per geometry: molecule_id, molecule, geometry, heavy_atoms, atoms, split,
                sigma, e_hf, e_b3lyp, e_mp2, e_ccsd, e_ccsdt, delta, seconds, cpu_seconds
                (seconds: wall time of both psi4 runs; cpu_seconds: their process CPU time);
  atoms.csv     one row per atom (layout of ../qm_small_molecules_atoms.csv): molecule_id,
                molecule, geometry, split, atom, z, c_1..c_4 (the four largest Z_i Z_j / r_ij
                couplings of that atom, bohr, zero-padded), then the molecule's energies;
  geometries.xyz one frame per geometry, Angstrom; comment line
                'molecule_id=<id> <molecule> geometry=<g> split=<s> sigma=<A> e_...=<Eh> ...';
  equilibria.xyz the optimised equilibrium of every molecule started so far.
molecule_id = 1000 * (index of the molecule in MOLECULES) + geometry (append new molecules at the
end of MOLECULES so that ids stay stable).

Safety and restart: a geometry's xyz frame, then its atom rows, then its energies row are each
appended with one write() followed by fsync; energies.csv is the commit record. On start the
files are repaired (truncated lines and frames/rows of geometries without an energies row are
dropped; temp file + rename) and every geometry already in energies.csv is skipped, so the run
can be killed at any moment and restarted with the same command. An exclusive lock
(<out>/.lock) stops two runs from writing the same directory.
Work is done round-robin (geometry 0 of every molecule, then geometry 1 of every molecule, ...),
so a partial run covers every molecule.

Run (one thread, lowest priority):
  nohup setsid nice -n 19 ionice -c3 /usr/bin/python3 scripts/generate_delta_transfer.py \\
      > data/delta/transfer/generate.log 2>&1 &
Quick test:  /usr/bin/python3 scripts/generate_delta_transfer.py --only water,methane --limit 1 --out /tmp/x
Debian's psi4 package installs the Python module under /usr/lib/x86_64-linux-gnu, which is
added to sys.path if needed. psi4 1.3.2 (Debian bookworm). Units: Hartree, Angstrom.
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import atexit
import fcntl
import math
import shutil
import signal
import sys
import tempfile
import time
import zlib

import numpy as np

ANGSTROM_TO_BOHR = 1.0 / 0.52917721067
Z = {"H": 1, "C": 6, "N": 7, "O": 8, "F": 9}
NEIGHBOURS = 4       # couplings kept per atom (as in qm_small_molecules_atoms.csv)
MIN_DISTANCE = 0.6   # Angstrom: a distortion that brings two atoms closer is redrawn
ENERGY_COLS = ["e_hf", "e_b3lyp", "e_mp2", "e_ccsd", "e_ccsdt", "delta"]
MOL_COLS = (["molecule_id", "molecule", "geometry", "heavy_atoms", "atoms", "split", "sigma"]
            + ENERGY_COLS + ["seconds", "cpu_seconds"])
ATOM_COLS = (["molecule_id", "molecule", "geometry", "split", "atom", "z"]
             + [f"c_{k + 1}" for k in range(NEIGHBOURS)] + ENERGY_COLS)

# Starting geometries (Angstrom): standard bond lengths and angles (from Z-matrices), one XYZ frame
# per molecule (its name on the comment line) in delta_transfer_start.xyz beside this script;
# optimised at DF-B3LYP/cc-pVDZ before use. Order fixes molecule_id: append new molecules at the end.
START_GEOMETRIES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "delta_transfer_start.xyz")


def read_start_geometries(path):
    """The molecules of an XYZ file, in file order: name -> [(symbol, x, y, z), ...]."""
    with open(path) as f:
        lines = [l.rstrip("\n") for l in f]
    molecules, i = {}, 0
    while i < len(lines) and lines[i].strip():
        count, name = int(lines[i]), lines[i + 1].strip()
        atoms = []
        for row in lines[i + 2:i + 2 + count]:
            symbol, x, y, z = row.split()
            atoms.append((symbol, float(x), float(y), float(z)))
        molecules[name] = atoms
        i += 2 + count
    return molecules


MOLECULES = read_start_geometries(START_GEOMETRIES)


def heavy_atoms(atoms):
    return sum(1 for a in atoms if a[0] != "H")


def split_of(atoms):
    return "train" if heavy_atoms(atoms) <= 2 else "test"


def molecule_index(name):
    return list(MOLECULES).index(name)


def min_distance(xyz):
    d = np.linalg.norm(xyz[:, None, :] - xyz[None, :, :], axis=-1)
    return np.min(d[np.triu_indices(len(xyz), 1)]) if len(xyz) > 1 else math.inf


def distort(name, eq_xyz, g, seed, sigma_min, sigma_max):
    """Geometry g of a molecule: g = 0 is the equilibrium; g > 0 a seeded Gaussian distortion."""
    if g == 0:
        return eq_xyz.copy(), 0.0
    rng = np.random.default_rng([seed, zlib.crc32(name.encode()), g])
    sigma = float(rng.uniform(sigma_min, sigma_max))
    while True:
        xyz = eq_xyz + rng.normal(0.0, sigma, size=eq_xyz.shape)
        if min_distance(xyz) > MIN_DISTANCE:
            return xyz, sigma


def atom_couplings(symbols, xyz):
    """Per atom: the NEIGHBOURS largest Z_i Z_j / r_ij (bohr), zero-padded (as generate_qm_delta.py)."""
    z = np.array([Z[s] for s in symbols], dtype=float)
    r = np.linalg.norm(xyz[:, None, :] - xyz[None, :, :], axis=-1) * ANGSTROM_TO_BOHR
    rows = []
    for i in range(len(z)):
        c = sorted((z[i] * z[j] / r[i, j] for j in range(len(z)) if j != i), reverse=True)[:NEIGHBOURS]
        rows.append(c + [0.0] * (NEIGHBOURS - len(c)))
    return rows


def geometry_spec(symbols, xyz):
    return ("0 1\n" + "\n".join(f"{s} {x:.10f} {y:.10f} {z:.10f}" for s, (x, y, z) in zip(symbols, xyz))
            + "\nunits angstrom\nsymmetry c1\nno_reorient\nno_com\n")


# ---------------------------------------------------------------- safe files

def fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def append_durably(path, text):
    """Append complete line(s) with a single write, then fsync."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        data = text.encode()
        n = os.write(fd, data)
        while n < len(data):  # regular files do not write short, but be safe
            n += os.write(fd, data[n:])
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(os.path.dirname(path))


def complete_lines(path):
    """Lines of a file that end in a newline (a torn last line is dropped)."""
    if not os.path.exists(path):
        return []
    with open(path) as f:
        text = f.read()
    lines = text.split("\n")
    return lines[:-1]  # the part after the last newline is empty or torn


def read_xyz_frames(path):
    """[(comment, [atom lines])], stopping at the first incomplete frame."""
    lines = complete_lines(path)
    frames, i = [], 0
    while i < len(lines):
        try:
            n = int(lines[i].strip())
        except ValueError:
            break
        if i + 2 + n > len(lines):
            break
        frames.append((lines[i + 1], lines[i + 2:i + 2 + n]))
        i += 2 + n
    return frames


def frame_id(comment):
    tok = comment.split()[0] if comment.split() else ""
    return int(tok.split("=", 1)[1]) if tok.startswith("molecule_id=") else None


def repair(out_dir):
    """Keep only complete, committed records; return {molecule_id: energies row dict}."""
    e_path = os.path.join(out_dir, "energies.csv")
    a_path = os.path.join(out_dir, "atoms.csv")
    x_path = os.path.join(out_dir, "geometries.xyz")
    header = ",".join(MOL_COLS)
    done, rows = {}, []
    for line in complete_lines(e_path)[1:]:
        f = line.split(",")
        if len(f) != len(MOL_COLS):
            continue
        try:
            [float(v) for v in f[7:]]
            mid = int(f[0])
        except ValueError:
            continue
        if mid not in done:
            done[mid] = dict(zip(MOL_COLS, f))
            rows.append(line)
    replace_durably(e_path, "\n".join([header] + rows) + "\n")
    seen, kept = set(), []
    for comment, atoms in read_xyz_frames(x_path):
        mid = frame_id(comment)
        if mid in done and mid not in seen:
            seen.add(mid)
            kept.append(f"{len(atoms)}\n{comment}\n" + "".join(a + "\n" for a in atoms))
    replace_durably(x_path, "".join(kept))
    n_atoms = {mid: int(r["atoms"]) for mid, r in done.items()}
    by_id = {}
    for line in complete_lines(a_path)[1:]:
        f = line.split(",")
        if len(f) != len(ATOM_COLS):
            continue
        try:
            mid = int(f[0])
        except ValueError:
            continue
        if mid in done:
            by_id.setdefault(mid, []).append(line)
    atom_rows = []
    for mid in done:  # keep only complete groups, in commit order
        group = by_id.get(mid, [])
        if len(group) >= n_atoms[mid]:
            atom_rows += group[:n_atoms[mid]]
    replace_durably(a_path, "\n".join([",".join(ATOM_COLS)] + atom_rows) + "\n")
    missing = [m for m in done if m not in seen or len(by_id.get(m, [])) < n_atoms[m]]
    if missing:
        print(f"warning: {len(missing)} committed geometries lack an xyz frame or atom rows: {missing[:10]}",
              file=sys.stderr, flush=True)
    return done


# ---------------------------------------------------------------- psi4

class Psi4Runner:
    def __init__(self, memory, threads, scratch):
        try:
            import psi4
        except ImportError:
            sys.path.insert(0, "/usr/lib/x86_64-linux-gnu")
            import psi4
        self.psi4 = psi4
        self.scratch = scratch
        self.out = os.path.join(scratch, "psi4.out")
        psi4.set_num_threads(threads)
        psi4.set_memory(memory)
        psi4.core.IOManager.shared_object().set_default_path(scratch)
        psi4.core.set_output_file(self.out, False)

    def _reset(self, name, spec, options):
        psi4 = self.psi4
        psi4.core.clean()
        psi4.core.clean_options()
        psi4.core.clean_variables()
        psi4.core.set_output_file(self.out, False)
        base = {"basis": "cc-pvdz", "puream": True, "e_convergence": 1e-10, "d_convergence": 1e-8}
        base.update(options)
        psi4.set_options(base)
        return psi4.geometry(spec, name=name)

    def optimise(self, name, symbols, xyz):
        """DF-B3LYP/cc-pVDZ minimum; returns (xyz, energy, converged)."""
        psi4 = self.psi4
        mol = self._reset(name, geometry_spec(symbols, xyz),
                          {"scf_type": "df", "e_convergence": 1e-8, "d_convergence": 1e-8, "geom_maxiter": 100})
        converged = True
        try:
            e = psi4.optimize("b3lyp", molecule=mol)
        except psi4.OptimizationConvergenceError as err:
            converged, e = False, err.wfn.energy() if getattr(err, "wfn", None) is not None else float("nan")
            mol = err.molecule if getattr(err, "molecule", None) is not None else mol
        geom = np.array(mol.geometry()) / ANGSTROM_TO_BOHR
        psi4.core.clean()
        return geom, e, converged

    def energies(self, name, symbols, xyz):
        psi4 = self.psi4
        spec = geometry_spec(symbols, xyz)
        self._reset(name, spec, {"scf_type": "pk"})
        e_b3lyp = psi4.energy("b3lyp")
        self._reset(name, spec, {"scf_type": "pk", "cc_type": "conv", "qc_module": "fnocc",
                                 "freeze_core": True, "r_convergence": 1e-7})
        e_ccsdt = psi4.energy("ccsd(t)")
        e = {"e_hf": psi4.variable("SCF TOTAL ENERGY"), "e_b3lyp": e_b3lyp,
             "e_mp2": psi4.variable("MP2 TOTAL ENERGY"), "e_ccsd": psi4.variable("CCSD TOTAL ENERGY"),
             "e_ccsdt": e_ccsdt}
        e["delta"] = e["e_ccsdt"] - e["e_b3lyp"]
        psi4.core.clean()
        return e


# ---------------------------------------------------------------- equilibria cache

def read_equilibria(path):
    eq = {}
    for comment, atoms in read_xyz_frames(path):
        name = comment.split()[0].split("=", 1)[1] if comment.startswith("molecule=") else None
        if name in MOLECULES:
            eq[name] = (comment, np.array([[float(v) for v in a.split()[1:4]] for a in atoms]))
    return eq


def write_equilibria(path, eq):
    text = ""
    for name in MOLECULES:
        if name in eq:
            comment, xyz = eq[name]
            symbols = [a[0] for a in MOLECULES[name]]
            text += f"{len(symbols)}\n{comment}\n" + "".join(
                f"{s} {x:.10f} {y:.10f} {z:.10f}\n" for s, (x, y, z) in zip(symbols, xyz))
    replace_durably(path, text)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train-geometries", type=int, default=60,
                    help="geometries per train molecule (<= 2 heavy atoms), equilibrium included (default 60)")
    ap.add_argument("--test-geometries", type=int, default=6,
                    help="geometries per test molecule (3-5 heavy atoms), equilibrium included (default 6)")
    ap.add_argument("--max-heavy", type=int, default=5, help="leave out molecules with more heavy atoms")
    ap.add_argument("--only", default=None, help="comma-separated molecule names (see --list)")
    ap.add_argument("--limit", type=int, default=None, help="at most this many geometries per molecule")
    ap.add_argument("--list", action="store_true", help="print the molecules and exit")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                  "data", "delta", "transfer"))
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--sigma-min", type=float, default=0.02, help="Angstrom (default 0.02)")
    ap.add_argument("--sigma-max", type=float, default=0.05, help="Angstrom (default 0.05)")
    ap.add_argument("--memory", default="2 GB")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--no-optimise", action="store_true", help="use the starting geometries as equilibria")
    args = ap.parse_args()

    names = [n for n in MOLECULES if heavy_atoms(MOLECULES[n]) <= args.max_heavy]
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        unknown = [w for w in wanted if w not in MOLECULES]
        if unknown:
            ap.error(f"unknown molecule(s) {unknown}; known: {', '.join(MOLECULES)}")
        names = [n for n in names if n in wanted]
    if args.list:
        for n in names:
            atoms = MOLECULES[n]
            print(f"{molecule_index(n):3d} {n:20s} heavy={heavy_atoms(atoms)} atoms={len(atoms)} {split_of(atoms)}")
        return

    out_dir = os.path.abspath(args.out)
    os.makedirs(out_dir, exist_ok=True)
    lock = open(os.path.join(out_dir, ".lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        sys.exit(f"another run holds {out_dir}/.lock")

    done = repair(out_dir)
    e_path = os.path.join(out_dir, "energies.csv")
    a_path = os.path.join(out_dir, "atoms.csv")
    x_path = os.path.join(out_dir, "geometries.xyz")
    q_path = os.path.join(out_dir, "equilibria.xyz")
    equilibria = read_equilibria(q_path)

    def count(n):
        c = args.train_geometries if split_of(MOLECULES[n]) == "train" else args.test_geometries
        return min(c, args.limit) if args.limit is not None else c

    todo = [(g, n) for g in range(max(count(n) for n in names)) for n in names
            if g < count(n) and 1000 * molecule_index(n) + g not in done]
    print(f"psi4 Delta transfer set -> {out_dir}: {len(names)} molecules, {len(done)} geometries already done,"
          f" {len(todo)} to do (seed {args.seed}, sigma U({args.sigma_min}, {args.sigma_max}) A)", flush=True)
    if not todo:
        return

    scratch = tempfile.mkdtemp(prefix="psi4-delta-transfer-")
    os.chdir(scratch)  # psi4 leaves timer.dat and scratch files in the cwd
    # registered before psi4 is imported, so it runs after psi4's own exit handlers
    atexit.register(shutil.rmtree, scratch, True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that SIGTERM runs the exit handlers
    runner = Psi4Runner(args.memory, args.threads, scratch)
    t_start = time.time()
    for k, (g, name) in enumerate(todo):
        atoms = MOLECULES[name]
        symbols = [a[0] for a in atoms]
        if name not in equilibria:
            start = np.array([a[1:] for a in atoms], dtype=float)
            t0 = time.time()
            if args.no_optimise:
                xyz, e, conv, how = start, float("nan"), True, "none"
            else:
                xyz, e, conv = runner.optimise(name, symbols, start)
                how = "DF-B3LYP/cc-pVDZ"
            xyz = xyz - xyz.mean(axis=0)
            comment = (f"molecule={name} optimised={how} converged={'yes' if conv else 'no'}"
                       f" energy={e:.10f} seconds={time.time() - t0:.1f}")
            equilibria[name] = (comment, xyz)
            write_equilibria(q_path, equilibria)
            print(f"equilibrium {name}: {comment}", flush=True)
        mid = 1000 * molecule_index(name) + g
        xyz, sigma = distort(name, equilibria[name][1], g, args.seed, args.sigma_min, args.sigma_max)
        t0, c0 = time.time(), time.process_time()
        try:
            e = runner.energies(f"m{mid}", symbols, xyz)
        except Exception as err:  # SCF or CC not converged: log, leave it for a later run
            print(f"FAILED {name} geometry {g}: {type(err).__name__}: {err}", flush=True)
            shutil.copy(runner.out, os.path.join(out_dir, f"failed_{mid}.out"))
            continue
        seconds, cpu = time.time() - t0, time.process_time() - c0
        split = split_of(atoms)
        e_str = {c: f"{e[c]:.10f}" for c in ENERGY_COLS}
        append_durably(x_path, f"{len(symbols)}\nmolecule_id={mid} {name} geometry={g} split={split}"
                       f" sigma={sigma:.5f} seed={args.seed} "
                       + " ".join(f"{c}={e_str[c]}" for c in ENERGY_COLS) + "\n"
                       + "".join(f"{s} {x:.8f} {y:.8f} {z:.8f}\n" for s, (x, y, z) in zip(symbols, xyz)))
        append_durably(a_path, "".join(
            ",".join([str(mid), name, str(g), split, s, str(Z[s])] + [f"{v:.8f}" for v in c]
                     + [e_str[c2] for c2 in ENERGY_COLS]) + "\n"
            for s, c in zip(symbols, atom_couplings(symbols, xyz))))
        append_durably(e_path, ",".join([str(mid), name, str(g), str(heavy_atoms(atoms)), str(len(symbols)),
                                         split, f"{sigma:.5f}"] + [e_str[c] for c in ENERGY_COLS]
                                        + [f"{seconds:.1f}", f"{cpu:.1f}"]) + "\n")
        print(f"[{k + 1}/{len(todo)}] {name} geometry {g} ({split}): e_ccsdt {e['e_ccsdt']:.8f}"
              f" e_b3lyp {e['e_b3lyp']:.8f} delta {e['delta']:.8f} Eh; {seconds:.1f} s wall, {cpu:.1f} s cpu;"
              f" {time.time() - t_start:.0f} s elapsed", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
