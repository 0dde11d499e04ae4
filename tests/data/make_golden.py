#!/usr/bin/env python3
"""Writes the reference data of ctnn's tests, made with numpy (run with Debian's python3-numpy):

  golden_conv.txt   forward and backward of several layers, by numpy_conv.py
  randn_golden.txt  np.random.seed(s); np.random.randn(...), random_sample(...) and
                    permutation(...), for several s

Format, read by tests/support/ctnn_test.hpp: a header "name: e0 e1 ..." (the shape), then the
values one per line in row-major order, with 17 significant digits (enough to round-trip).
"""
import pathlib

import numpy as np

from numpy_conv import conv_backward, conv_forward

HERE = pathlib.Path(__file__).resolve().parent

# (name, N, C, D, H, W, k1, k2, padding, strides)
LAYERS = [
    ("strided", 1, 1, 1, 5, 5, 3, 3, (0, 0), (2, 2)),
    ("asymmetric", 2, 3, 2, 5, 6, 3, 2, (1, 0), (2, 1)),
    ("padded_strided", 2, 2, 3, 7, 4, 2, 3, (2, 1), (3, 1)),
    ("pointwise", 3, 4, 2, 6, 6, 1, 1, (0, 0), (1, 1)),
]


def block(name, array):
    lines = [f"{name}: " + " ".join(str(d) for d in array.shape)]
    lines += [repr(float(x)) for x in np.asarray(array, dtype=np.float64).ravel()]
    return lines


def conv_fixtures():
    rng = np.random.RandomState(2024)
    lines = ["# made by tests/data/make_golden.py with numpy " + np.__version__]
    for name, N, C, D, H, W, k1, k2, padding, strides in LAYERS:
        z, K, b = rng.randn(N, C, H, W), rng.randn(C, D, k1, k2), rng.randn(D)
        out = conv_forward(z, K, b, padding, strides)
        dy = rng.randn(*out.shape)
        dK, db, dz = conv_backward(dy, K, z, padding, strides)
        for part, array in [("z", z), ("K", K), ("b", b), ("out", out), ("dy", dy), ("dK", dK),
                            ("db", db), ("dz", dz)]:
            lines += block(f"{name}.{part}", array)
    return lines


def random_fixtures():
    lines = ["# made by tests/data/make_golden.py with numpy " + np.__version__]
    for seed in (0, 1, 42, 4294967295):
        np.random.seed(seed)
        lines += block(f"randn.seed{seed}", np.random.randn(3, 5))
        lines += block(f"randn_after.seed{seed}", np.random.randn(1))  # the spare value is used
        np.random.seed(seed)
        lines += block(f"random_sample.seed{seed}", np.random.random_sample(4))
        np.random.seed(seed)  # permutations, then the generator's next draw after them
        lines += block(f"permutation10.seed{seed}", np.random.permutation(10))
        lines += block(f"permutation1000.seed{seed}", np.random.permutation(1000))
        lines += block(f"after_permutation.seed{seed}", np.random.random_sample(1))
    return lines


if __name__ == "__main__":
    (HERE / "golden_conv.txt").write_text("\n".join(conv_fixtures()) + "\n")
    (HERE / "randn_golden.txt").write_text("\n".join(random_fixtures()) + "\n")
