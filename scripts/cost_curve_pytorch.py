#!/usr/bin/python3
"""PyTorch side of the cost curve: W6 at other depths and W1 at other batch sizes.

The models, optimizers, data order and timing are those of shared/bench/pytorch_reference.py
(imported, not copied); only the depth of W6 and the batch of W1 change, with the same number of
residual blocks (W6) or images (W1) per timed repeat as at the reference points, so that
Residuum's `bench --w6-depths ... --w1-batches ...` measures the same thing. One JSON line per
point on stdout, as the reference prints them.

    /usr/bin/python3 scripts/cost_curve_pytorch.py --threads 1 --w6-depths 10,100 --w1-batches 32
"""
import argparse
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "..", "shared", "bench", "pytorch_reference.py")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--w6-depths", default="", help="comma list of depths")
    p.add_argument("--w1-batches", default="", help="comma list of batch sizes")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--reference", default=os.environ.get("RESIDUUM_PYTORCH_REFERENCE", REFERENCE))
    return p.parse_args()


def ints(text):
    return [int(v) for v in text.split(",") if v.strip()]


def w6_steps(depth):
    """The reference's 50 steps at depth 100 and 10 at 1 000; elsewhere about 10 000 blocks, at least 2 steps."""
    return {100: 50, 1000: 10}.get(depth, max(2, 10_000 // depth))


def main():
    a = parse_args()
    # The reference parses its arguments and sizes its thread pools when it is imported.
    sys.argv = [a.reference, "--threads", str(a.threads), "--repeats", str(a.repeats), "--data", a.data,
                "--only", "W6"]
    spec = importlib.util.spec_from_file_location("pytorch_reference", a.reference)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    torch, F = ref.torch, ref.F

    for depth in ints(a.w6_depths):
        torch.manual_seed(ref.ARGS.seed)
        model = ref.ReZeroMLP(depth)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        X, Y = torch.randn(64, 64), torch.randn(64, 64)

        def step():
            opt.zero_grad(set_to_none=True)
            F.mse_loss(model(X), Y).backward()
            opt.step()

        for _ in range(3):
            step()
        n = w6_steps(depth)
        secs, fl = ref.timed_repeats(step, n, a.repeats)
        ref.emit("deep_residual_mlp_%d" % depth, "train_steps_per_s", [n / s for s in secs], "steps/s", fl)
        del model, opt

    for batch in ints(a.w1_batches):
        torch.manual_seed(ref.ARGS.seed)
        model = ref.make_convnet(20, True).train()
        opt = ref.sgd(model)
        data = ref.Batches(batch)

        def step():
            x, y = data.next()
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(x), y).backward()
            opt.step()

        for _ in range(3):
            step()
        n = max(1, 20 * 128 // batch)
        secs, fl = ref.timed_repeats(step, n, a.repeats)
        name = "resnet20_train" + ("" if batch == 128 else "_b%d" % batch)
        ref.emit(name, "train_images_per_s", [batch * n / s for s in secs], "images/s", fl)


if __name__ == "__main__":
    main()
