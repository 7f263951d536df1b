#!/usr/bin/python3
"""torchdiffeq's examples/ode_demo.py in plain PyTorch 1.13 (torchdiffeq is not installed here).

The same demo as `bin/residuum experiment spiral`: true dynamics dy/dt = (y**3) A, A = [[-0.1, 2],
[-2, -0.1]], y0 = [2, 0], 1000 points on [0, 25]; network Linear(2, 50) - tanh - Linear(50, 2) on
y**3, weights N(0, 0.1^2), biases 0; batch_time 10, batch_size 20 (starts drawn without replacement
each iteration, as the demo); RMSprop lr 1e-3; L1 loss; backprop through the solver. The solver is
the one Residuum runs, written out: Dormand-Prince 5(4) with Hairer's first step, the I controller
(safety 0.9, factors 0.2..10, no growth right after a rejection), the mixed RMS error norm over the
whole batch, and Hairer's dense output for the output times between steps. Tolerances as Residuum's
run (rtol 1e-5, atol 1e-6 for training; the truth at 1e-6 / 1e-8).

    /usr/bin/python3 scripts/spiral_pytorch.py [--niters 2000] [--seed 0] [--threads 1]

Prints one JSON line: final_loss (mean |pred - true| of the rollout over all 1000 points),
iterations, seconds (training plus the final rollout), nfe (forward evaluations).
"""
import argparse
import json
import os
import sys
import time

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--niters", type=int, default=2000)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--rtol", type=float, default=1e-5)
ap.add_argument("--atol", type=float, default=1e-6)
args = ap.parse_args()
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = str(args.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
np.random.seed(args.seed)

C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1]
A = [[], [1 / 5], [3 / 40, 9 / 40], [44 / 45, -56 / 15, 32 / 9],
     [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
     [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
     [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84]]
B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0]
BHAT = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40]
E = [b - bh for b, bh in zip(B, BHAT)]
D = [-12715105075 / 11282082432, 0, 87487479700 / 32700410799, -10690763975 / 1880347072,
     701980252875 / 199316789632, -1453857185 / 822651844, 69997945 / 29380423]
NFE = [0]


def combine(x, h, w, k):
    dx = None
    for wj, kj in zip(w, k):
        if wj != 0:
            term = kj * float(np.float32(h * wj))
            dx = term if dx is None else dx + term
    return x if dx is None else x + dx


def rms_norm(e, x0, x1, rtol, atol):
    scale = atol + rtol * torch.maximum(x0.abs(), x1.abs())
    return float(torch.sqrt(torch.mean((e / scale) ** 2)))


def first_step(f, t0, x0, f0, t1, rtol, atol):
    with torch.no_grad():
        scale = atol + rtol * x0.abs()
        d0 = float(torch.sqrt(torch.mean((x0 / scale) ** 2)))
        d1 = float(torch.sqrt(torch.mean((f0 / scale) ** 2)))
        span = abs(t1 - t0)
        h0 = min(span, 1e-6 if d0 < 1e-5 or d1 < 1e-5 else 0.01 * d0 / d1)
        NFE[0] += 1
        f1 = f(t0 + h0, x0 + f0 * float(h0))
        d2 = float(torch.sqrt(torch.mean(((f1 - f0) / scale) ** 2))) / h0
        m = max(d1, d2)
        h1 = max(1e-6, h0 * 1e-3) if m <= 1e-15 else (0.01 / m) ** (1 / 5)
        return min(100 * h0, h1, span)


def dopri5(f, x0, times, rtol, atol):
    """States at `times` (increasing) from x0, recorded on the autograd tape."""
    out = [x0]
    t, tf = float(times[0]), float(times[-1])
    x = x0
    NFE[0] += 1
    k1 = f(t, x)
    h = first_step(f, t, x, k1, tf, rtol, atol)
    rejected_last = False
    nxt = 1
    while nxt < len(times):
        last = t + h >= tf
        if last:
            h = tf - t
        t_end = tf if last else t + h
        k = [k1]
        xs = x
        for i in range(1, 7):
            xs = combine(x, h, A[i], k)
            NFE[0] += 1
            k.append(f(t_end if i == 6 else t + C[i] * h, xs))
        x1 = xs
        with torch.no_grad():
            e = sum(k[i] * E[i] for i in range(7) if E[i] != 0) * h
            err = rms_norm(e, x, x1, rtol, atol)
        if err <= 1:
            while nxt < len(times) and float(times[nxt]) <= t_end:
                tn = float(times[nxt])
                if tn == t_end:
                    out.append(x1)
                else:  # Hairer's dense output (dopri5.f, contd5)
                    th = (tn - t) / h
                    ydiff = x1 - x
                    bspl = k[0] * float(np.float32(h)) - ydiff
                    r4 = ydiff - k[6] * float(np.float32(h)) - bspl
                    r5 = combine(torch.zeros_like(x), h, D, k)
                    out.append(x + (ydiff + (bspl + (r4 + r5 * (1 - th)) * th) * (1 - th)) * th)
                nxt += 1
            t, x, k1 = t_end, x1, k[6]
            factor = 10.0 if err == 0 else 0.9 * err ** (-1 / 5)
            factor = min(10.0, max(0.2, factor))
            if rejected_last:
                factor = min(1.0, factor)
            h *= factor
            rejected_last = False
        else:
            h *= min(1.0, max(0.2, 0.9 * err ** (-1 / 5)))
            rejected_last = True
    return torch.stack(out, dim=0)


true_A = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]])
t = torch.linspace(0., 25., 1000, dtype=torch.float64)
true_y0 = torch.tensor([[2., 0.]])
with torch.no_grad():
    true_y = dopri5(lambda _t, y: torch.mm(y ** 3, true_A), true_y0, t, 1e-6, 1e-8)
NFE[0] = 0


class ODEFunc(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 50), nn.Tanh(), nn.Linear(50, 2))
        for m in self.net.modules():
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, mean=0, std=0.1)
                nn.init.constant_(m.bias, val=0)

    def forward(self, _t, y):
        return self.net(y ** 3)


def get_batch():
    s = torch.from_numpy(np.random.choice(np.arange(1000 - 10, dtype=np.int64), 20, replace=False))
    batch_y0 = true_y[s]  # (M, 1, D)
    batch_t = t[:10]
    batch_y = torch.stack([true_y[s + i] for i in range(10)], dim=0)  # (T, M, 1, D)
    return batch_y0, batch_t, batch_y


func = ODEFunc()
optimizer = torch.optim.RMSprop(func.parameters(), lr=1e-3)
start = time.perf_counter()
for itr in range(1, args.niters + 1):
    optimizer.zero_grad()
    batch_y0, batch_t, batch_y = get_batch()
    pred_y = dopri5(func, batch_y0, batch_t, args.rtol, args.atol)
    loss = torch.mean(torch.abs(pred_y - batch_y))
    loss.backward()
    optimizer.step()
    if itr % 200 == 0:
        print("iter %d loss %.6f" % (itr, loss.item()), file=sys.stderr, flush=True)
with torch.no_grad():
    pred_y = dopri5(func, true_y0, t, args.rtol, args.atol)
    final = torch.mean(torch.abs(pred_y - true_y)).item()
seconds = time.perf_counter() - start
print(json.dumps({"demo": "spiral", "implementation": "pytorch %s" % torch.__version__, "final_loss": final,
                  "iterations": args.niters, "seconds": seconds, "nfe": NFE[0], "threads": args.threads,
                  "seed": args.seed, "rtol": args.rtol, "atol": args.atol}))
