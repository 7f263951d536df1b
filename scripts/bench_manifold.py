#!/usr/bin/python3
"""PyTorch 1.13 timings of the manifold workloads M1-M3, geoopt's algorithms written out.

Uses only python3-torch (no geoopt): the Riemannian Adam of geoopt's ``RiemannianAdam``
(second moment from the component inner product, momentum moved by vector transport), Stiefel's
QR retraction with the sign fix and projection transport (geoopt's ``EuclideanStiefel``), and for
SO(3), which geoopt lacks, the Cayley retraction Residuum uses, so that both sides run the same
algorithm. Each workload prints one JSON line on stdout, as residuum-bench does
(``bin/residuum bench --only M1,M2,M3``):
    {"workload", "threads", "metric", "value" (median), "unit", "n", "min", "max", "foreign_load"}

  M1 manifold_rotation     500 point pairs, 300 Riemannian Adam iterations on SO(3), stabilize 100
  M2 manifold_subspace     1000 x 32 data, St(32, 4), 300 iterations of -|XU|^2
  M3 radam_stiefel_256x64  one Riemannian Adam step on a 256 x 64 Stiefel parameter

Usage: /usr/bin/python3 scripts/bench_manifold.py --threads 1 --repeats 3 [--only M1,M3]
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import torch

FIT_ITERATIONS = 300


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--only", default="M1,M2,M3")
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args()


# --- the geometry (double-checked against the formulas in dev.residuum.manifold) ---
def sym(a):
    return 0.5 * (a + a.transpose(-1, -2))


def skew(a):
    return 0.5 * (a - a.transpose(-1, -2))


class Stiefel:
    """geoopt's EuclideanStiefel: proju = U - X sym(X^T U), retraction by sign-fixed QR."""

    @staticmethod
    def proju(x, u):
        return u - x @ sym(x.transpose(-1, -2) @ u)

    egrad2rgrad = proju

    @staticmethod
    def retr(x, u):
        q, r = torch.linalg.qr(x + u)
        unflip = torch.diagonal(r, dim1=-2, dim2=-1).sign().add(0.5).sign()
        return q * unflip.unsqueeze(-2)

    @staticmethod
    def transp(x, y, v):
        return Stiefel.proju(y, v)

    @staticmethod
    def projx(x):
        u, _, vh = torch.linalg.svd(x, full_matrices=False)
        return u @ vh

    @staticmethod
    def component_inner(x, u):
        return (u * u).sum(dim=(-2, -1), keepdim=True)


class SpecialOrthogonal:
    """SO(n): proju = X skew(X^T U), Cayley retraction X (I - W/2)^-1 (I + W/2)."""

    @staticmethod
    def proju(x, u):
        return x @ skew(x.transpose(-1, -2) @ u)

    egrad2rgrad = proju

    @staticmethod
    def retr(x, u):
        w = skew(x.transpose(-1, -2) @ u)
        eye = torch.eye(x.shape[-1], dtype=x.dtype)
        return x @ torch.linalg.solve(eye - 0.5 * w, eye + 0.5 * w)

    @staticmethod
    def transp(x, y, v):
        return SpecialOrthogonal.proju(y, v)

    @staticmethod
    def projx(x):
        u, _, vh = torch.linalg.svd(x)
        r = u @ vh
        if torch.det(r) < 0:
            u = u.clone()
            u[:, -1] = -u[:, -1]
            r = u @ vh
        return r

    component_inner = Stiefel.component_inner


class RiemannianAdam:
    """geoopt's RiemannianAdam (no AMSGrad, no weight decay) on one manifold parameter."""

    def __init__(self, param, manifold, lr, betas=(0.9, 0.999), eps=1e-8, stabilize=None):
        self.p, self.m, self.lr, self.betas, self.eps, self.stabilize = param, manifold, lr, betas, eps, stabilize
        self.exp_avg = torch.zeros_like(param)
        self.exp_avg_sq = torch.zeros(param.shape[:-2] + (1, 1), dtype=param.dtype)
        self.step_count = 0

    @torch.no_grad()
    def step(self):
        b1, b2 = self.betas
        self.step_count += 1
        point, m = self.p, self.m
        grad = m.egrad2rgrad(point, point.grad)
        self.exp_avg.mul_(b1).add_(grad, alpha=1 - b1)
        self.exp_avg_sq.mul_(b2).add_(m.component_inner(point, grad), alpha=1 - b2)
        bc1 = 1 - b1 ** self.step_count
        bc2 = 1 - b2 ** self.step_count
        denom = self.exp_avg_sq.div(bc2).sqrt_().add_(self.eps)
        direction = self.exp_avg.div(bc1) / denom
        new_point = m.retr(point, -self.lr * direction)
        exp_avg_new = m.transp(point, new_point, self.exp_avg)
        point.copy_(new_point)
        self.exp_avg.copy_(exp_avg_new)
        if self.stabilize is not None and self.step_count % self.stabilize == 0:
            point.copy_(m.projx(point))
            self.exp_avg.copy_(m.proju(point, self.exp_avg))


def fit(param, manifold, loss_fn, lr, iterations, stabilize=None):
    opt = RiemannianAdam(param, manifold, lr, stabilize=stabilize)
    for it in range(iterations):
        param.grad = None
        loss = loss_fn(param)
        loss.backward()
        opt.lr = lr * 0.5 * (1 + math.cos(math.pi * it / iterations))  # cosine to 0, as LrSchedule.Cosine
        opt.step()
    return param


def random_stiefel(n, p, gen):
    q, r = torch.linalg.qr(torch.randn(n, p, generator=gen))
    return q * torch.diagonal(r).sign().add(0.5).sign().unsqueeze(0)


def workload(wid, seed):
    gen = torch.Generator().manual_seed(seed)
    if wid == "M1":
        a = torch.randn(500, 3, generator=gen)
        q = random_stiefel(3, 3, gen)
        if torch.det(q) < 0:
            q[:, 0] = -q[:, 0]
        b = a @ q.T + 0.05 * torch.randn(500, 3, generator=gen)

        def run():
            r0 = random_stiefel(3, 3, gen)
            if torch.det(r0) < 0:
                r0[:, 0] = -r0[:, 0]
            r = r0.clone().requires_grad_(True)
            fit(r, SpecialOrthogonal, lambda x: ((a @ x.T - b) ** 2).sum() / 500, 0.05, FIT_ITERATIONS, stabilize=100)
        return "manifold_rotation", "fit_iterations_per_s", "iterations/s", run, 2, 3, FIT_ITERATIONS
    if wid == "M2":
        x = torch.randn(1000, 32, generator=gen) * torch.linspace(3, 0.5, 32) + 2
        x = x - x.mean(dim=0)
        x = x / x.norm()

        def run():
            u = random_stiefel(32, 4, gen).requires_grad_(True)
            fit(u, Stiefel, lambda basis: -((x @ basis) ** 2).sum(), 0.02, FIT_ITERATIONS)
        return "manifold_subspace", "fit_iterations_per_s", "iterations/s", run, 2, 3, FIT_ITERATIONS
    if wid == "M3":
        p = random_stiefel(256, 64, gen)
        p.grad = torch.randn(256, 64, generator=gen)
        opt = RiemannianAdam(p, Stiefel, 1e-3)
        return "radam_stiefel_256x64", "steps_per_s", "steps/s", opt.step, 20, 200, 1
    raise SystemExit("bench_manifold.py: unknown workload %r (M1, M2, M3)" % wid)


# --- timing, as shared/bench/pytorch_reference.py ---
_CLK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_snapshot():
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]]
        busy, total = sum(v) - v[3] - v[4], sum(v)
    except OSError:
        busy = total = 0
    t = os.times()
    return busy, total, t.user + t.system


def foreign_load(s0, s1):
    busy, total, own = (b - a for a, b in zip(s0, s1))
    if total <= 0:
        return None
    return min(1.0, max(0.0, (busy / _CLK - own) / (total / _CLK)))


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    print(json.dumps({"env": {"torch": torch.__version__, "threads": torch.get_num_threads()},
                      "only": args.only, "repeats": args.repeats}), file=sys.stderr, flush=True)
    for wid in [w.strip().upper() for w in args.only.split(",") if w.strip()]:
        name, metric, unit, step, warmup, steps, units_per_step = workload(wid, args.seed)
        for _ in range(warmup):
            step()
        rates, foreign = [], []
        for _ in range(args.repeats):
            s0 = cpu_snapshot()
            t0 = time.perf_counter()
            for _ in range(steps):
                step()
            rates.append(steps * units_per_step / (time.perf_counter() - t0))
            fl = foreign_load(s0, cpu_snapshot())
            if fl is not None:
                foreign.append(fl)
        rec = {"workload": name, "threads": args.threads, "metric": metric,
               "value": round(statistics.median(rates), 4), "unit": unit, "n": len(rates),
               "min": round(min(rates), 4), "max": round(max(rates), 4)}
        if foreign:
            rec["foreign_load"] = round(statistics.median(foreign), 3)
        print(json.dumps(rec), flush=True)


if __name__ == "__main__":
    main()
