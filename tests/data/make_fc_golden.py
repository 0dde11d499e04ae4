#!/usr/bin/env python3
"""Writes tests/data/golden_fc.txt: the fully connected layer and the softmax cross-entropy of
post 0_1, computed with numpy by this project's own code (einsum and plain Python loops, not the
series' layers.py / losses.py). Run with Debian's python3-numpy:

  /usr/bin/python3 tests/data/make_fc_golden.py

Format, read by tests/support/ctnn_test.hpp: a header "name: e0 e1 ..." (the shape), then the
values one per line in row-major order, with 17 significant digits (enough to round-trip).
"""
import math
import pathlib

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent

# (name, N, I, O)
FC_LAYERS = [("small", 3, 5, 4), ("wide", 6, 37, 11)]

# (name, N, classes, one_hot)
CE_CASES = [("soft", 4, 5, False), ("onehot", 5, 10, True)]


def block(name, array):
    array = np.asarray(array, dtype=np.float64)
    shape = array.shape if array.shape else (1,)
    lines = [f"{name}: " + " ".join(str(d) for d in shape)]
    lines += [repr(float(x)) for x in array.ravel()]
    return lines


def fc(rng, N, I, O):
    z, W, b = rng.randn(N, I), rng.randn(I, O), rng.randn(O)
    out = np.einsum("ni,io->no", z, W) + b[None, :]
    dy = rng.randn(N, O)
    dW = np.einsum("ni,no->io", z, dy) / N  # eq. (8), divided by N as the series' convention
    db = np.einsum("no->o", dy) / N  # eq. (9), divided by N
    dz = np.einsum("no,io->ni", dy, W)  # eq. (15), not divided
    return [("z", z), ("W", W), ("b", b), ("out", out), ("dy", dy), ("dW", dW), ("db", db),
            ("dz", dz)]


def cross_entropy(y, t):
    """Row by row in plain Python: log-sum-exp with math.fsum (exactly rounded sums)."""
    N, K = y.shape
    losses, dy = [], np.empty_like(y)
    for n in range(N):
        row = [float(v) for v in y[n]]
        m = max(row)
        e = [math.exp(v - m) for v in row]
        s = math.fsum(e)
        losses.append(math.fsum(float(t[n, k]) * (math.log(s) - (row[k] - m)) for k in range(K)))
        for k in range(K):
            dy[n, k] = e[k] / s - t[n, k]
    return math.fsum(losses) / N, dy


def ce(rng, N, K, one_hot):
    y = 3 * rng.randn(N, K)
    if one_hot:
        t = np.zeros((N, K))
        t[np.arange(N), rng.randint(0, K, size=N)] = 1.0
    else:
        u = np.exp(rng.randn(N, K))
        t = u / u.sum(axis=1, keepdims=True)
        t[:, -1] = 1.0 - t[:, :-1].sum(axis=1)  # rows sum to 1 to the last bit
    loss, dy = cross_entropy(y, t)
    return [("y", y), ("t", t), ("loss", np.array(loss)), ("dy", dy)]


def fixtures():
    rng = np.random.RandomState(2025)
    lines = ["# made by tests/data/make_fc_golden.py with numpy " + np.__version__]
    for name, N, I, O in FC_LAYERS:
        for part, array in fc(rng, N, I, O):
            lines += block(f"fc.{name}.{part}", array)
    for name, N, K, one_hot in CE_CASES:
        for part, array in ce(rng, N, K, one_hot):
            lines += block(f"ce.{name}.{part}", array)
    return lines


if __name__ == "__main__":
    (HERE / "golden_fc.txt").write_text("\n".join(fixtures()) + "\n")
