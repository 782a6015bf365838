#!/usr/bin/env python3
"""torch_nets.py - the three networks trained on a data set (softmax, mlp,
charlm; doc/spec.md section 13) against PyTorch in float64, an
implementation written apart from the package.

The data are read here from the Debian files with Python's own gzip and
file reading, not through the package: the first N training examples in
file order ([DS7], [LM1]), the first M held-out ones (for charlm, enough
to reach the corpus's unknown validation byte, [DS10]).  A start point
drawn by numpy is written to a file, and `fanos run --x0 FILE` and
PyTorch's model, loaded from the same vector in the order of its
state_dict ([ML1], [LM2]), take the same steps: momentum SGD
(torch.optim.SGD) on the full batch ([MB2]) for every model, AdamW and
centered RMSprop with momentum for the mlp, AdamW for one charlm, and two
runs in mini-batches whose order ([MB1]) is computed here from the spec,
with GSL's generator and shuffle written out in Python.  Compared, for
each case: the loss before each step (the trace's loss column against
F.cross_entropy), the parameters after the last step (the trace's last
row against the model's parameters) and the held-out loss and accuracy
of the last iterate (equal accuracies, but for examples whose two largest
logits tie within the tolerance).  Agreement is to rounding: the two sum
the products in other orders, and tanh is glibc's vector tanh against
PyTorch's.

usage: torch_nets.py FANOS --fashion DIR --fortunes DIR
prints one line per check and "N passed, M failed"; exit 1 on a failure.
"""
import argparse
import csv
import gzip
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_bench import read_idx  # noqa: E402  (the IDX reader of the speed script)

TOL = 1e-9          # relative, on losses and on the parameters
passes = 0
fails = 0


def check(ok, what):
    global passes, fails
    print(("ok: " if ok else "FAIL: ") + what)
    if ok:
        passes += 1
    else:
        fails += 1


def fashion(d, n, m):
    """The first n training and m test examples ([DS1], [DS2], [DS7]), read
    with torch_bench.py's IDX reader (Python's gzip, not the package)."""
    def idx(name, magic, dims):
        a = np.frombuffer(read_idx(os.path.join(d, name), magic, dims), np.uint8)
        return a.reshape(-1, 784) if dims == 3 else a
    xs = idx("train-images-idx3-ubyte.gz", 0x803, 3)[:n] / 255.0
    ys = idx("train-labels-idx1-ubyte.gz", 0x801, 1)[:n]
    xt = idx("t10k-images-idx3-ubyte.gz", 0x803, 3)[:m] / 255.0
    yt = idx("t10k-labels-idx1-ubyte.gz", 0x801, 1)[:m]
    t = lambda a, dt: torch.tensor(np.array(a), dtype=dt)
    return (t(xs, torch.float64), t(ys, torch.long),
            t(xt, torch.float64), t(yt, torch.long))


def corpus(d):
    """The corpus of [DS8]-[DS10]: ids, the training length, V."""
    db = os.fsencode(d)
    names = sorted(n for n in os.listdir(db) if not n.endswith(b".dat")
                   and not os.path.islink(os.path.join(db, n))
                   and os.path.isfile(os.path.join(db, n)))
    text = b"".join(open(os.path.join(db, n), "rb").read() for n in names)
    ntr = 9 * len(text) // 10
    vocab = sorted(set(text[:ntr]))
    to_id = np.zeros(256, np.int64)
    for i, b in enumerate(vocab):
        to_id[b] = i + 1
    return to_id[np.frombuffer(text, np.uint8)], ntr, len(vocab) + 1


def windows(ids, first, count, c):
    t = np.arange(first, first + count)
    x = np.stack([ids[t - c + j] for j in range(c)], axis=1)
    return torch.tensor(x), torch.tensor(ids[t])


def load(model, x0):
    off = 0
    with torch.no_grad():
        for p in model.parameters():
            n = p.numel()
            p.copy_(torch.from_numpy(x0[off:off + n]).view_as(p))
            off += n
    assert off == x0.size


# [MB1] The batch order, written here from the spec and from GSL's own
# definitions, not through the package: epoch e of seed s shuffles
# 0..N-1 by gsl_ran_shuffle with an mt19937 seeded with the low 32 bits of
# splitmix64(2^32 s + e).  GSL's mt19937 is Matsumoto and Nishimura's
# generator, seeded by their init_genrand (seed 0 taken as 4357), written
# out below; gsl_ran_shuffle swaps i with gsl_rng_uniform_int(r, i + 1)
# for i from N - 1 down to 1, and gsl_rng_uniform_int(r, n) draws
# k = get / scale, scale = floor(0xffffffff / n), until k < n.
M64 = (1 << 64) - 1


def splitmix64(z):
    z = (z + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


class MT19937:
    def __init__(self, seed):
        self.mt = [seed & 0xFFFFFFFF]
        for i in range(1, 624):
            self.mt.append((1812433253 * (self.mt[-1] ^ (self.mt[-1] >> 30)) + i) & 0xFFFFFFFF)
        self.i = 624

    def get(self):
        if self.i == 624:
            mt = self.mt
            for k in range(624):
                y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7FFFFFFF)
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            self.i = 0
        y = self.mt[self.i]
        self.i += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        return y ^ (y >> 18)


def permutation(seed, epoch, n):
    s = splitmix64(((seed << 32) + epoch) & M64) & 0xFFFFFFFF
    r = MT19937(s if s else 4357)
    perm = list(range(n))
    for i in range(n - 1, 0, -1):
        scale = 0xFFFFFFFF // (i + 1)
        while True:
            k = r.get() // scale
            if k < i + 1:
                break
        perm[i], perm[k] = perm[k], perm[i]
    return perm


def batches(seed, n, b, steps):
    """The example indices of each step's batch (full batch: b = 0)."""
    if b == 0:
        return [list(range(n))] * steps
    out, e = [], 0
    while len(out) < steps:
        p = permutation(seed, e, n)
        out += [p[i:i + b] for i in range(0, n, b)]
        e += 1
    return out[:steps]


def relerr(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


# The optimizers with PyTorch semantics (doc/spec.md section 5): the
# command's --optimizer and --set, and the torch.optim class with the same
# settings; every other setting is the default of both.
OPTIMIZERS = {
    "sgd": (["--optimizer", "sgd", "--set", "momentum=0.9"],
            lambda ps, lr: torch.optim.SGD(ps, lr=lr, momentum=0.9)),
    "adamw": (["--optimizer", "adamw"],
              lambda ps, lr: torch.optim.AdamW(ps, lr=lr)),
    "rmsprop": (["--optimizer", "rmsprop", "--set", "momentum=0.5", "--set", "centered=1"],
                lambda ps, lr: torch.optim.RMSprop(ps, lr=lr, momentum=0.5, centered=True)),
}


def case(fanos, name, problem, params, model, data, lr, steps, seed, optimizer="sgd",
         batch=0, run_seed=0):
    x, y, xt, yt = data
    n = sum(p.numel() for p in model.parameters())
    rng = np.random.default_rng(seed)
    x0 = rng.uniform(-0.1, 0.1, n)
    if problem == "charlm":     # the embedding table, N(0, 1) as nn.Embedding's
        ne = next(model.parameters()).numel()
        x0[:ne] = rng.standard_normal(ne)
    load(model, x0)
    fopt, topt = OPTIMIZERS[optimizer]
    name = f"{name}, {optimizer}, " + (f"batches of {batch}, seed {run_seed}" if batch else "full batch")
    opt = topt(model.parameters(), lr)
    losses = []
    for idx in batches(run_seed, len(y), batch, steps):
        opt.zero_grad()
        loss = F.cross_entropy(model(x[idx]), y[idx])
        losses.append(loss.item())
        loss.backward()
        opt.step()
    with torch.no_grad():
        z = model(xt)
        held = F.cross_entropy(z, yt).item()
        acc = (torch.argmax(z, dim=1) == yt).double().mean().item()
        # examples whose two largest logits are within the tolerance of
        # each other: rounding may give either the first largest
        top = torch.topk(z, 2, dim=1).values
        ties = int((top[:, 0] - top[:, 1] <= TOL * top[:, 0].abs().clamp(min=1.0)).sum().item())
    theta = torch.cat([p.detach().reshape(-1) for p in model.parameters()]).numpy()

    with tempfile.TemporaryDirectory() as tmp:
        xf, tf = os.path.join(tmp, "x0.txt"), os.path.join(tmp, "trace.csv")
        np.savetxt(xf, x0, fmt="%.17g")
        cmd = [fanos, "run", "--problem", problem] + \
              sum((["--param", p] for p in params), []) + \
              ["--param", f"batch={batch}", "--seed", str(run_seed), "--x0", xf] + fopt + \
              ["--lr", repr(lr), "--budget", str(steps), "--trace", tf]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            check(False, f"{name}: {' '.join(cmd)}: exit {r.returncode}: {r.stderr.strip()}")
            return
        res = dict(kv.split("=", 1) for kv in r.stdout.split())
        with open(tf, newline="") as f:
            rows = list(csv.reader(f))
    head, rows = rows[0], rows[1:]
    if len(rows) != steps:
        check(False, f"{name}: {len(rows)} trace rows, not {steps}")
        return
    li, x0i = head.index("loss"), head.index("x0")
    fl = [float(r[li]) for r in rows]
    last = np.array([float(v) for v in rows[-1][x0i:x0i + n]])
    check(relerr(fl, losses) <= TOL,
          f"{name}: the loss before each of {steps} steps (n = {n}), relative difference {relerr(fl, losses):.2e}")
    check(relerr(last, theta) <= TOL,
          f"{name}: the parameters after the last step, relative difference {relerr(last, theta):.2e}")
    hl, ha = float(res["heldout_loss"]), float(res["heldout_accuracy"])
    check(abs(hl - held) <= TOL * held and abs(ha - acc) <= (ties + 1e-9) / len(yt),
          f"{name}: held-out loss {hl:.15g} against {held:.15g}, accuracy {ha} against {acc}"
          + (f" ({ties} near-ties of the largest logits)" if ties else ""))


def main():
    ap = argparse.ArgumentParser(description="the package's networks against PyTorch float64")
    ap.add_argument("fanos")
    ap.add_argument("--fashion", required=True)
    ap.add_argument("--fortunes", required=True)
    a = ap.parse_args()
    # the generator against its authors' reference: the 10000th output of
    # init_genrand(5489) is 4123659995 (as C++'s std::mt19937 requires)
    r = MT19937(5489)
    for _ in range(9999):
        r.get()
    check(r.get() == 4123659995, "MT19937: the 10000th output of seed 5489 is 4123659995")
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    fd = ["data=" + a.fashion]
    data = fashion(a.fashion, 300, 200)
    torch.manual_seed(0)
    case(a.fanos, "softmax 784-10", "softmax", fd + ["ntrain=300", "ntest=200"],
         torch.nn.Linear(784, 10), data, 0.2, 15, 1)
    mlp = lambda: torch.nn.Sequential(torch.nn.Linear(784, 32), torch.nn.ReLU(), torch.nn.Linear(32, 16),
                                      torch.nn.ReLU(), torch.nn.Linear(16, 10))
    for opt, lr in (("sgd", 0.2), ("adamw", 3e-3), ("rmsprop", 1e-3)):
        case(a.fanos, "mlp 784-32-16-10", "mlp", fd + ["ntrain=300", "ntest=200", "widths=784,32,16,10"],
             mlp(), data, lr, 15, 2, opt)
    # mini-batches: 4 of 64 and one of 44 an epoch, 12 steps into epoch 2
    case(a.fanos, "mlp 784-32-16-10", "mlp", fd + ["ntrain=300", "ntest=200", "widths=784,32,16,10"],
         mlp(), data, 0.1, 12, 6, "sgd", batch=64, run_seed=7)
    ids, ntr, V = corpus(a.fortunes)
    c, e = 8, 4
    # the held-out positions reach the corpus's first byte outside the
    # training vocabulary (id 0, [DS10])
    unk = np.flatnonzero(ids[ntr:] == 0)
    nvalid = int(unk[0]) + 1000 if unk.size else 300
    check(unk.size > 0 and nvalid <= len(ids) - ntr,
          f"the held-out part of the corpus holds {unk.size} unknown bytes, the first at position "
          f"{ntr + unk[0] if unk.size else '--'}; {nvalid} held-out positions are compared")
    nvalid = min(nvalid, len(ids) - ntr)
    lm = windows(ids, c, 400, c) + windows(ids, ntr, nvalid, c)
    cd = ["data=" + a.fortunes, "ntrain=400", f"nvalid={nvalid}", f"context={c}", f"embed={e}"]
    for hid, opt, lr in (([24], "sgd", 0.3), ([24, 16], "sgd", 0.3), ([24], "adamw", 1e-2)):
        layers = [torch.nn.Embedding(V, e), torch.nn.Flatten()]
        w = c * e
        for h in hid:
            layers += [torch.nn.Linear(w, h), torch.nn.Tanh()]
            w = h
        layers.append(torch.nn.Linear(w, V))
        case(a.fanos, f"charlm c={c} e={e} hidden={','.join(map(str, hid))} V={V}", "charlm",
             cd + ["hidden=" + ",".join(map(str, hid))], torch.nn.Sequential(*layers),
             lm, lr, 15, 3 + len(hid), opt)
    # mini-batches: 4 of 96 and one of 16 an epoch; seed 0 of the command
    case(a.fanos, f"charlm c={c} e={e} hidden=24 V={V}", "charlm", cd + ["hidden=24"],
         torch.nn.Sequential(torch.nn.Embedding(V, e), torch.nn.Flatten(), torch.nn.Linear(c * e, 24),
                             torch.nn.Tanh(), torch.nn.Linear(24, V)), lm, 1e-2, 12, 8, "adamw",
         batch=96, run_seed=0)
    print(f"{passes} passed, {fails} failed")
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
