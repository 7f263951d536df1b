#!/usr/bin/env python3
"""Exports the real graphs that Residuum ships, from Debian's python3-networkx.

Writes edge lists (u,v[,w] with a header) to
residuum-core/src/main/resources/dev/residuum/dynamics/graphs/ and, next to them,
reference_spectra.csv: lambda_2 and lambda_max of each graph's Laplacians computed by
numpy's dense symmetric solver (LAPACK), which the Java tests compare against.

Run from the repository root:  /usr/bin/python3 scripts/export_graphs.py
"""
import os

import networkx as nx
import numpy as np

OUT = os.path.join("residuum-core", "src", "main", "resources", "dev", "residuum", "dynamics", "graphs")


def write_edges(name, graph, weighted):
    path = os.path.join(OUT, name + ".csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("u,v,w\n" if weighted else "u,v\n")
        for u, v, data in graph.edges(data=True):
            if weighted:
                f.write(f"{u},{v},{data['weight']:g}\n")
            else:
                f.write(f"{u},{v}\n")
    return path


def spectra(name, graph, weighted):
    weight = "weight" if weighted else None
    a = nx.to_numpy_array(graph, weight=weight)
    d = a.sum(axis=1)
    comb = np.diag(d) - a
    s = 1.0 / np.sqrt(d)
    sym = np.eye(len(d)) - s[:, None] * a * s[None, :]
    rows = []
    for kind, lap in (("combinatorial", comb), ("sym", sym)):
        ev = np.sort(np.linalg.eigvalsh(lap))
        rows.append(f"{name},{kind},{ev[1]!r},{ev[-1]!r}")
    return rows


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = ["graph,laplacian,lambda_2,lambda_max"]
    karate = nx.karate_club_graph()  # Zachary (1977): 34 members, 78 friendships
    write_edges("karate", karate, weighted=False)
    rows += spectra("karate", karate, weighted=False)
    lesmis = nx.les_miserables_graph()  # Knuth (1993): 77 characters, 254 weighted co-occurrences
    write_edges("lesmis", lesmis, weighted=True)
    rows += spectra("lesmis", lesmis, weighted=True)
    with open(os.path.join(OUT, "reference_spectra.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print("networkx", nx.__version__, "->", OUT)


if __name__ == "__main__":
    main()
