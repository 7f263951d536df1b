#!/usr/bin/env python3
"""Write the Fashion-MNIST sample shipped in data/fashion-mnist-sample/.

The first 2 000 training and the first 1 000 test images and labels of the full set
(Debian's dataset-fashion-mnist, /usr/share/datasets/fashion-mnist), as gzipped IDX files with
the full set's file names, so `residuum train --data sample` runs with nothing but a JDK and
Maven. Deterministic: the gzip header carries mtime 0 and no file name, so re-running the
script gives byte-identical files.

Run: /usr/bin/python3 scripts/make_sample_data.py [--source DIR] [--out DIR]
"""
import argparse
import gzip
import os
import struct

SPLITS = {"train": 2000, "t10k": 1000}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return magic, shape, data[4 + 4 * dims:]


def write_idx(path, magic, shape, body):
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * len(shape), *shape)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header + body)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--out", default=os.path.join(here, "..", "data", "fashion-mnist-sample"))
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for split, keep in SPLITS.items():
        for kind in ("images-idx3-ubyte", "labels-idx1-ubyte"):
            name = f"{split}-{kind}.gz"
            magic, shape, body = read_idx(os.path.join(args.source, name))
            per_item = 1
            for d in shape[1:]:
                per_item *= d
            if shape[0] < keep:
                raise SystemExit(f"{name}: has {shape[0]} items, need {keep}")
            write_idx(os.path.join(args.out, name), magic, (keep,) + tuple(shape[1:]), body[:keep * per_item])
            print(f"{name}: {keep} of {shape[0]}")


if __name__ == "__main__":
    main()
