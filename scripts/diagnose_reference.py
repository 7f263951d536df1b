#!/usr/bin/python3
"""The numbers of `residuum diagnose`, computed independently in PyTorch (issue 14's must-show).

Reads a folder written by `residuum diagnose --out DIR`:
  DIR/diagnosis.json     the model name, shortcut, mode (and Residuum's numbers, not used here)
  DIR/model.safetensors  the weights measured (PyTorch state_dict names)
  DIR/batch.safetensors  the batch: `input` ([B,1,28,28] images, or [B,784] for the mlp-* models) and `labels`
and prints one JSON line with the same fields Residuum prints per block:
  grad_input_norm         ||dL/dx_l|| over the whole batch, L = mean cross-entropy, x_l the block's input
                          (autograd: retain_grad on each block's input, taken by a forward pre-hook)
  jacobian_spectral_norm  largest singular value of d block(x)/dx at the batch, by power iteration on J^T J
                          with torch.autograd.functional.jvp and vjp
  branch_spectral_norm    the same for the branch F (before alpha; the whole block for a plain one)
  alpha                   when the block has one
It does not compute min_singular_value. Arithmetic is float64 unless --float32.

The models are those of shared/bench/pytorch_reference.py (BasicBlock, CifarResNet: copied below so that
this script needs nothing but python3-torch and numpy) and the residual MLP of Residuum's ResidualMlp
(input Linear(784, W), blocks x + alpha * W2 tanh(W1 x), output Linear(W, 10)).

Usage: /usr/bin/python3 scripts/diagnose_reference.py DIR [--tol 1e-4] [--max-iterations 500] [--seed 0]
"""
import argparse
import json
import math
import os
import re
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.autograd.functional import jvp, vjp  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402


def read_safetensors(path):
    return safetensors_io.load(path)[0]


# ----------------------------------------------------------------- models (pytorch_reference.py)
class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride, shortcut):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = shortcut
        self.down = stride != 1 or cin != cout
        self.extra = cout - cin
        self.stride = stride
        if shortcut == "B" and self.down:
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def branch(self, x):
        return self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))

    def forward(self, x):
        out = self.branch(x)
        if self.shortcut is not None:
            if not self.down:
                sc = x
            elif self.shortcut == "A":
                sc = F.pad(x[:, :, ::self.stride, ::self.stride], (0, 0, 0, 0, 0, self.extra))
            else:
                sc = self.proj(x)
            out = out + sc
        return F.relu(out)


class CifarResNet(nn.Module):
    def __init__(self, n, shortcut, in_ch=1, num_classes=10):
        super().__init__()
        self.conv = nn.Conv2d(in_ch, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for stage, cout in enumerate((16, 32, 64)):
            for i in range(n):
                layers.append(BasicBlock(cin, cout, 2 if (stage > 0 and i == 0) else 1, shortcut))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, num_classes)

    def stem(self, x):
        return F.relu(self.bn(self.conv(x)))

    def blocks(self):
        return [("layers.%d" % i, b) for i, b in enumerate(self.layers)]

    def head(self, h):
        return self.fc(F.adaptive_avg_pool2d(h, 1).flatten(1))


class MlpBlock(nn.Module):
    """x + alpha * W2 tanh(W1 x); alpha None means fixed at 1."""

    def __init__(self, width, rezero):
        super().__init__()
        self.branch = nn.Sequential(nn.Linear(width, width), nn.Tanh(), nn.Linear(width, width))
        self.alpha = nn.Parameter(torch.zeros(())) if rezero else None

    def forward(self, x):
        f = self.branch(x)
        return x + (f if self.alpha is None else self.alpha * f)


class ResidualMlp(nn.Module):
    def __init__(self, kind, depth, width, inputs=784, outputs=10):
        super().__init__()
        self.kind = kind
        self.input = nn.Linear(inputs, width)
        if kind == "plain":
            blocks = [nn.Sequential(nn.Linear(width, width), nn.Tanh(), nn.Linear(width, width)) for _ in range(depth)]
        else:
            blocks = [MlpBlock(width, kind == "rezero") for _ in range(depth)]
        self.blocks = nn.Sequential(*blocks)
        self.output = nn.Linear(width, outputs)

    def stem(self, x):
        return self.input(x)

    def blocks_list(self):
        return [("blocks.%d" % i, b) for i, b in enumerate(self.blocks)]

    def head(self, h):
        return self.output(h)


def build(spec, state):
    name = spec["model"]
    m = re.fullmatch(r"mlp-(residual|plain|rezero)-(\d+)", name)
    if m:
        model = ResidualMlp(m.group(1), int(m.group(2)), state["input.weight"].shape[0])
        return model, model.blocks_list()
    m = re.fullmatch(r"(resnet|plain)(\d+)", name)
    if not m or (int(m.group(2)) - 2) % 6:
        sys.exit("diagnose_reference.py: unknown model %r" % name)
    shortcut = spec.get("shortcut", "A") if m.group(1) == "resnet" else None
    model = CifarResNet((int(m.group(2)) - 2) // 6, shortcut)
    return model, model.blocks()


def branch_of(block):
    if isinstance(block, BasicBlock):
        return block.branch
    if isinstance(block, MlpBlock):
        return block.branch
    return block  # a plain block: the whole block


# ----------------------------------------------------------------- the instruments
def spectral_norm(f, x, tol, max_iterations, generator):
    """Power iteration on J^T J, J = df/dx at x; the stopping rule of Residuum's SpectralNorm."""
    v = torch.randn(x.shape, generator=generator, dtype=torch.float64).to(x.dtype)
    v = v / v.norm()
    lam, residual = 0.0, float("nan")
    for k in range(1, max_iterations + 1):
        _, u = jvp(f, x, v)
        lam = float((u * u).sum())
        _, w = vjp(f, x, u)
        w_norm = float(w.norm())
        if w_norm == 0:
            return 0.0, k, True
        residual = float((w - lam * v).norm()) / lam
        if residual <= tol:
            return math.sqrt(lam), k, True
        v = w / w_norm
    return math.sqrt(lam), max_iterations, False


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", help="folder written by residuum diagnose --out DIR")
    p.add_argument("--tol", type=float, default=1e-4, help="relative residual of the power iteration (default 1e-4)")
    p.add_argument("--max-iterations", type=int, default=500, help="cap of the power iteration (default 500)")
    p.add_argument("--seed", type=int, default=0, help="seed of the start vectors (default 0)")
    p.add_argument("--float32", action="store_true", help="compute in float32 instead of float64")
    a = p.parse_args()
    torch.set_num_threads(1)
    dtype = torch.float32 if a.float32 else torch.float64
    with open(os.path.join(a.dir, "diagnosis.json"), encoding="utf-8") as f:
        spec = json.load(f)
    state = read_safetensors(os.path.join(a.dir, "model.safetensors"))
    batch = read_safetensors(os.path.join(a.dir, "batch.safetensors"))
    model, blocks = build(spec, state)
    model.load_state_dict({k: v for k, v in state.items()}, strict=False)
    missing = set(model.state_dict()) - set(state)
    if any(not k.endswith("num_batches_tracked") for k in missing):
        sys.exit("diagnose_reference.py: model.safetensors lacks %s" % sorted(missing))
    model = model.to(dtype)
    training = bool(spec.get("training", False))
    model.train(training)
    x = batch["input"].to(dtype)
    labels = batch["labels"].round().long()

    # gradient flow: one forward pass, each block's input kept with retain_grad, one backward pass
    inputs = []

    def keep(_module, args):
        args[0].retain_grad()
        inputs.append(args[0])

    handles = [b.register_forward_pre_hook(keep) for _, b in blocks]
    h = model.stem(x)
    if not h.requires_grad:
        h = h.detach().requires_grad_(True)
    for _, b in blocks:
        h = b(h)
    loss = F.cross_entropy(model.head(h), labels)
    loss.backward()
    for hd in handles:
        hd.remove()

    out_blocks = []
    generator = torch.Generator().manual_seed(a.seed)
    for (name, b), xin in zip(blocks, inputs):
        xl = xin.detach()
        sigma, k1, c1 = spectral_norm(b, xl, a.tol, a.max_iterations, generator)
        branch, k2, c2 = spectral_norm(branch_of(b), xl, a.tol, a.max_iterations, generator)
        entry = {"name": name, "grad_input_norm": float(xin.grad.norm()), "jacobian_spectral_norm": sigma,
                 "branch_spectral_norm": branch}
        alpha = getattr(b, "alpha", None)
        if isinstance(alpha, torch.Tensor):
            entry["alpha"] = float(alpha)
        entry["iterations"] = [k1, k2]
        entry["converged"] = c1 and c2
        out_blocks.append(entry)
    print(json.dumps({"loss": float(loss), "blocks": out_blocks, "model": spec["model"],
                      "shortcut": spec.get("shortcut"), "training": training,
                      "dtype": str(dtype).replace("torch.", ""), "torch": torch.__version__,
                      "tolerance": a.tol}))


if __name__ == "__main__":
    main()
