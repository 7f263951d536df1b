#!/usr/bin/env python3
"""Generate the quantum-chemistry Delta-learning data set data/delta/qm_small_molecules*.csv with psi4.

Random distortions of small molecules (H2O, NH3, CH4, HF), each computed with
  - HF/STO-3G                     (cheap baseline),
  - MP2/cc-pVDZ, cc-pVTZ, cc-pVQZ (accurate target; DF-MP2, psi4's default, frozen core off),
so that the files support two Delta-learning tasks:
  1. target e_mp2_dz (MP2/cc-pVDZ total energy) on top of the baseline e_hf_sto3g;
  2. target e_corr_cbs_tq (correlation energy extrapolated from TZ/QZ) on top of the
     CBS(D,T) extrapolation of e_corr_dz / e_corr_tz (the 'cbs' baseline of residuum delta).

Features are rotation, translation and permutation invariant:
  - qm_small_molecules.csv: one row per geometry, the Coulomb matrix eigenvalues sorted by
    decreasing value, padded with zeros to 5 (cm_1 .. cm_5);
  - qm_small_molecules_atoms.csv: one row per atom (size-extensive mode, --group molecule_id):
    the nuclear charge z and the four largest Z_i Z_j / r_ij couplings of that atom (c_1 .. c_4,
    zero-padded), the molecule's energies repeated on each of its rows.
Geometries go to qm_small_molecules.xyz (one frame per molecule_id, Angstrom).

Run (one thread, low priority; about 10 minutes on one core):
  PYTHONPATH=/usr/lib/x86_64-linux-gnu nice -n 19 /usr/bin/python3 scripts/generate_qm_delta.py
(Debian's psi4 package installs the Python module under /usr/lib/x86_64-linux-gnu.)
Deterministic: numpy seed 20261126; psi4 1.3.2 (Debian bookworm). Units: Hartree, Angstrom.
"""
import argparse
import math
import os
import sys
import tempfile
import time

import numpy as np

ANGSTROM_TO_BOHR = 1.0 / 0.52917721067
Z = {"H": 1, "C": 6, "N": 7, "O": 8, "F": 9}

# Approximate equilibrium geometries (Angstrom).
MOLECULES = {
    "H2O": [("O", 0.0, 0.0, 0.1173), ("H", 0.0, 0.7572, -0.4692), ("H", 0.0, -0.7572, -0.4692)],
    "NH3": [("N", 0.0, 0.0, 0.1162), ("H", 0.0, 0.9377, -0.2711), ("H", 0.8121, -0.4689, -0.2711),
            ("H", -0.8121, -0.4689, -0.2711)],
    "CH4": [("C", 0.0, 0.0, 0.0), ("H", 0.6291, 0.6291, 0.6291), ("H", -0.6291, -0.6291, 0.6291),
            ("H", -0.6291, 0.6291, -0.6291), ("H", 0.6291, -0.6291, -0.6291)],
    "HF": [("F", 0.0, 0.0, 0.0), ("H", 0.0, 0.0, 0.9168)],
}
CM_SIZE = 5        # largest molecule: CH4
NEIGHBOURS = 4     # couplings kept per atom
SIGMA = 0.08       # Angstrom, Gaussian displacement of every Cartesian coordinate
MIN_DISTANCE = 0.6 # Angstrom: reject a distortion that brings two atoms closer


def distort(atoms, rng):
    while True:
        xyz = np.array([a[1:] for a in atoms]) + rng.normal(0.0, SIGMA, size=(len(atoms), 3))
        d = np.linalg.norm(xyz[:, None, :] - xyz[None, :, :], axis=-1)
        if np.min(d[np.triu_indices(len(atoms), 1)]) > MIN_DISTANCE:
            return xyz


def coulomb_matrix(symbols, xyz):
    """Coulomb matrix in atomic units: 0.5 Z^2.4 on the diagonal, Z_i Z_j / r_ij (bohr) off it."""
    z = np.array([Z[s] for s in symbols], dtype=float)
    r = np.linalg.norm(xyz[:, None, :] - xyz[None, :, :], axis=-1) * ANGSTROM_TO_BOHR
    n = len(z)
    m = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            m[i, j] = 0.5 * z[i] ** 2.4 if i == j else z[i] * z[j] / r[i, j]
    return m


def molecule_features(m):
    eig = np.sort(np.linalg.eigvalsh(m))[::-1]
    return list(eig) + [0.0] * (CM_SIZE - len(eig))


def atom_features(m, i):
    couplings = sorted((m[i, j] for j in range(len(m)) if j != i), reverse=True)[:NEIGHBOURS]
    return couplings + [0.0] * (NEIGHBOURS - len(couplings))


def cbs(e_x, e_y, x, y):
    return (x ** 3 * e_x - y ** 3 * e_y) / (x ** 3 - y ** 3)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-molecule", type=int, default=100, help="geometries per molecule (default 100)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data", "delta"))
    ap.add_argument("--seed", type=int, default=20261126)
    args = ap.parse_args()

    out_dir = os.path.abspath(args.out)
    os.makedirs(out_dir, exist_ok=True)
    os.chdir(tempfile.mkdtemp(prefix="psi4-delta-"))  # psi4 leaves timer.dat and scratch files in the cwd
    import psi4
    psi4.set_num_threads(1)
    psi4.set_memory("500 MB")
    psi4.core.set_output_file(os.devnull, False)
    psi4.set_options({"scf_type": "df", "mp2_type": "df", "freeze_core": False, "e_convergence": 1e-10,
                      "d_convergence": 1e-8})

    rng = np.random.default_rng(args.seed)
    mol_path = os.path.join(out_dir, "qm_small_molecules.csv")
    atom_path = os.path.join(out_dir, "qm_small_molecules_atoms.csv")
    xyz_path = os.path.join(out_dir, "qm_small_molecules.xyz")
    energy_cols = ["e_hf_sto3g", "e_mp2_dz", "e_corr_dz", "e_corr_tz", "e_corr_qz", "e_corr_cbs_tq"]
    with open(mol_path, "w") as fm, open(atom_path, "w") as fa, open(xyz_path, "w") as fx:
        fm.write(",".join(["molecule_id", "molecule", "atoms"] + [f"cm_{k + 1}" for k in range(CM_SIZE)]
                          + energy_cols) + "\n")
        fa.write(",".join(["molecule_id", "molecule", "atom", "z"] + [f"c_{k + 1}" for k in range(NEIGHBOURS)]
                          + energy_cols) + "\n")
        mid = 0
        t0 = time.time()
        for name, atoms in MOLECULES.items():
            symbols = [a[0] for a in atoms]
            for _ in range(args.per_molecule):
                xyz = distort(atoms, rng)
                spec = "0 1\n" + "\n".join(f"{s} {x:.8f} {y:.8f} {z:.8f}" for s, (x, y, z) in zip(symbols, xyz))
                spec += "\nunits angstrom\nsymmetry c1\nno_reorient\nno_com\n"
                energies = {}
                for method, key in [("scf/sto-3g", None), ("mp2/cc-pvdz", "dz"), ("mp2/cc-pvtz", "tz"),
                                    ("mp2/cc-pvqz", "qz")]:
                    psi4.geometry(spec, name=f"m{mid}")
                    e = psi4.energy(method)
                    if key is None:
                        energies["e_hf_sto3g"] = e
                    else:
                        if key == "dz":
                            energies["e_mp2_dz"] = e
                        energies["e_corr_" + key] = psi4.variable("MP2 CORRELATION ENERGY")
                    psi4.core.clean()
                    psi4.core.clean_options()
                    psi4.set_options({"scf_type": "df", "mp2_type": "df", "freeze_core": False,
                                      "e_convergence": 1e-10, "d_convergence": 1e-8})
                energies["e_corr_cbs_tq"] = cbs(energies["e_corr_tz"], energies["e_corr_qz"], 3, 4)
                m = coulomb_matrix(symbols, xyz)
                e_row = [f"{energies[c]:.10f}" for c in energy_cols]
                fm.write(",".join([str(mid), name, str(len(symbols))]
                                  + [f"{v:.8f}" for v in molecule_features(m)] + e_row) + "\n")
                for i, s in enumerate(symbols):
                    fa.write(",".join([str(mid), name, s, str(Z[s])] + [f"{v:.8f}" for v in atom_features(m, i)]
                                      + e_row) + "\n")
                fx.write(f"{len(symbols)}\nmolecule_id={mid} {name}\n")
                for s, (x, y, z) in zip(symbols, xyz):
                    fx.write(f"{s} {x:.8f} {y:.8f} {z:.8f}\n")
                fm.flush(); fa.flush(); fx.flush()
                mid += 1
                print(f"{mid} geometries, {time.time() - t0:.0f} s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
