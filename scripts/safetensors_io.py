"""safetensors.torch's save_file and load_file, by hand (the `safetensors` package is not in Debian).

One copy for every script here: the fixture makers under scripts/fixtures/ and the reference
computations (diagnose_reference.py). The layout is the format's: an 8-byte little-endian header
length, the JSON header (tensor name -> dtype, shape, data_offsets; "__metadata__" -> strings),
padded with spaces to a multiple of 8, then the raw little-endian data. Tensors are written in
safetensors.torch's order (larger element size first, then by name).
"""
import json
import struct
import sys

import torch

DTYPES = {  # safetensors name -> torch dtype
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
    "U8": torch.uint8, "BOOL": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}


def tensor_bytes(t):
    """Raw little-endian bytes of a tensor (contiguous, on the CPU; this machine is little-endian)."""
    assert sys.byteorder == "little"
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: take the bits through int16
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def save(path, tensors, metadata=None):
    """Writes `tensors` (name -> tensor) and `metadata` (str -> str, optional) to `path`."""
    order = sorted(tensors, key=lambda n: (-tensors[n].element_size(), n))
    header = {} if metadata is None else {"__metadata__": metadata}
    offset, blobs = 0, []
    for name in order:
        t = tensors[name]
        data = tensor_bytes(t)
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def load(path):
    """(tensors, metadata) of the file at `path`; no validation beyond what torch does."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        dtype = DTYPES[info["dtype"]]
        buf = bytearray(data[b:e])
        t = torch.frombuffer(buf, dtype=dtype) if len(buf) else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(info["shape"])
    return out, metadata
