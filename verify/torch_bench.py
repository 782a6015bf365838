#!/usr/bin/python3
"""torch_bench.py - one training step of the Fashion-MNIST MLP in this
package beside the same step in PyTorch (doc/performance.md).

The step: the loss and gradient of the next mini-batch of 128 examples
(mean cross-entropy of the MLP 784-256-128-10 with ReLU between), then one
AdamW step (lr 1e-3, PyTorch's defaults otherwise), on one thread.  The C
figure is `fanos bench mlp` (float64, one BLAS thread, the library's own
timing); PyTorch runs the same model, data and optimizer in float64 and
float32 with torch.set_num_threads(1).  The two are measured in turn, in
rounds, so that both see the same machine; each figure is the median over
the rounds of each round's median step, in CPU time (time.process_time,
as the C side uses the thread's CPU time).

Prints name=value lines and the ratios of the PyTorch times to the C time
(above 1: the package is faster).  Needs Debian's python3-torch (and
numpy, which it depends on); without it, says so and exits with 0.

usage: torch_bench.py FANOS [--data DIR] [--rounds K] [--reps N]
(DIR: the Fashion-MNIST folder; by default the one `fanos bench mlp`
reads, the folder configure found)
"""
import argparse
import gzip
import os
import statistics
import subprocess
import sys
import time


def read_idx(path, magic, dims):
    """The content of a gzip IDX file as bytes, after its header."""
    with gzip.open(path, "rb") as f:
        b = f.read()
    if int.from_bytes(b[0:4], "big") != magic:
        raise SystemExit(f"torch_bench: {path}: not an IDX file of the kind expected")
    return b[4 + 4 * dims:]


def load_fashion(folder, torch, numpy):
    x = read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"), 0x803, 3)
    y = read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"), 0x801, 1)
    xs = numpy.frombuffer(x, dtype=numpy.uint8).reshape(-1, 784)
    ys = numpy.frombuffer(y, dtype=numpy.uint8).astype(numpy.int64)
    return torch.from_numpy(xs.astype(numpy.float64) / 255.0), torch.from_numpy(ys)


def torch_steps(torch, X, Y, dtype, reps):
    """Median and minimum CPU seconds of reps training steps (after warm
    ones), the batches drawn from a random permutation as a shuffling
    DataLoader draws them."""
    torch.manual_seed(0)
    nn = torch.nn
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128),
                          nn.ReLU(), nn.Linear(128, 10)).to(dtype)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    Xd = X.to(dtype)
    perm = torch.randperm(X.shape[0])
    times = []
    for k in range(reps + 3):
        idx = perm[(k * 128) % (X.shape[0] - 128):][:128]
        t0 = time.process_time()
        xb, yb = Xd[idx], Y[idx]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        t1 = time.process_time()
        if k >= 3:
            times.append(t1 - t0)
    return statistics.median(times), min(times)


def fanos_step(fanos, reps):
    out = subprocess.run([fanos, "bench", "mlp", "--reps", str(reps)],
                         check=True, capture_output=True, text=True).stdout
    vals = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return float(vals["mlp_step_ms"]) / 1e3, float(vals["mlp_step_ms_min"]) / 1e3, vals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fanos")
    ap.add_argument("--data", default=None)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=101)
    a = ap.parse_args()
    try:
        import numpy
        import torch
    except ImportError:
        print("torch_bench: no PyTorch for this python3 (Debian: apt-get install "
              "python3-torch): skipped")
        return 0
    torch.set_num_threads(1)
    c, t64, t32 = [], [], []
    cmin, t64min, t32min = [], [], []
    X = Y = None
    for _ in range(a.rounds):
        m, mn, info = fanos_step(a.fanos, a.reps)
        c.append(m), cmin.append(mn)
        if X is None:
            X, Y = load_fashion(a.data or info["mlp_data"], torch, numpy)
        m, mn = torch_steps(torch, X, Y, torch.float64, a.reps)
        t64.append(m), t64min.append(mn)
        m, mn = torch_steps(torch, X, Y, torch.float32, a.reps)
        t32.append(m), t32min.append(mn)
    cm, m64, m32 = (statistics.median(v) for v in (c, t64, t32))
    print(f"torch_version={torch.__version__}")
    print(f"torch_threads={torch.get_num_threads()}")
    print(f"blas_core={info.get('blas_core', '?')}")
    print(f"load_average={os.getloadavg()[0]:.2f}")
    print(f"rounds={a.rounds}")
    print(f"fanos_f64_step_ms={1e3 * cm:.4f}")
    print(f"fanos_f64_step_ms_min={1e3 * min(cmin):.4f}")
    print(f"torch_f64_step_ms={1e3 * m64:.4f}")
    print(f"torch_f64_step_ms_min={1e3 * min(t64min):.4f}")
    print(f"torch_f32_step_ms={1e3 * m32:.4f}")
    print(f"torch_f32_step_ms_min={1e3 * min(t32min):.4f}")
    print(f"speedup_vs_torch_f64={m64 / cm:.3f}")
    print(f"speedup_vs_torch_f32={m32 / cm:.3f}")
    print(f"target_2x_torch_f64={'met' if m64 / cm >= 2 else 'not met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
