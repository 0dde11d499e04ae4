#!/usr/bin/env python3
"""Writes golden_pool2d.txt: max, average and global pooling, forward and backward, computed with
numpy by code of this script's own (not the series'), in ctnn's conventions:

  max pooling pads with -inf (the padding never wins, as PyTorch), ties go to the first maximum
  in row-major window order (np.argmax); average pooling pads with zeros and divides by k1 k2
  (PyTorch's count_include_pad=True); H' = floor((H + 2P - k)/S) + 1.

Run with Debian's python3-numpy: /usr/bin/python3 tests/data/make_pool2d_golden.py
Format: as golden_conv.txt (read by tests/support/ctnn_test.hpp).
"""
import pathlib

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent

# (name, (N, C, H, W), (k1, k2), (s1, s2), (p1, p2), what the input is)
CASES = [
    ("lenet", (2, 3, 6, 6), (2, 2), (2, 2), (0, 0), "randn"),
    ("overlap", (1, 2, 5, 5), (3, 3), (1, 1), (0, 0), "randn"),
    ("padded", (2, 2, 7, 7), (3, 3), (2, 2), (1, 1), "randn"),
    ("negative_padded", (1, 2, 4, 4), (2, 2), (2, 2), (1, 1), "negative"),
    ("floor", (1, 3, 8, 9), (3, 3), (2, 2), (1, 1), "randn"),
    ("asymmetric", (2, 1, 6, 7), (3, 2), (2, 3), (1, 1), "randn"),
    ("ties", (1, 2, 6, 6), (3, 3), (1, 1), (1, 1), "integers"),
]


def windows(shape, k, s, p):
    """Yields (i, j, rows, cols): each output position and the slices of the padded input."""
    _, _, H, W = shape
    out_h = (H + 2 * p[0] - k[0]) // s[0] + 1
    out_w = (W + 2 * p[1] - k[1]) // s[1] + 1
    for i in range(out_h):
        for j in range(out_w):
            yield i, j, slice(i * s[0], i * s[0] + k[0]), slice(j * s[1], j * s[1] + k[1])


def out_shape(shape, k, s, p):
    N, C, H, W = shape
    return (N, C, (H + 2 * p[0] - k[0]) // s[0] + 1, (W + 2 * p[1] - k[1]) // s[1] + 1)


def padded(z, p, value):
    return np.pad(z, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])), constant_values=value)


def max_pool(z, g, k, s, p):
    pz = padded(z, p, -np.inf)
    out = np.empty(out_shape(z.shape, k, s, p))
    dpz = np.zeros_like(pz)
    for n in range(z.shape[0]):
        for c in range(z.shape[1]):
            for i, j, rows, cols in windows(z.shape, k, s, p):
                window = pz[n, c, rows, cols]
                a, b = np.unravel_index(np.argmax(window), window.shape)  # first maximum
                out[n, c, i, j] = window[a, b]
                dpz[n, c, rows.start + a, cols.start + b] += g[n, c, i, j]
    H, W = z.shape[2:]
    return out, dpz[:, :, p[0]:p[0] + H, p[1]:p[1] + W]


def avg_pool(z, g, k, s, p):
    pz = padded(z, p, 0.0)
    out = np.empty(out_shape(z.shape, k, s, p))
    dpz = np.zeros_like(pz)
    for i, j, rows, cols in windows(z.shape, k, s, p):
        out[:, :, i, j] = pz[:, :, rows, cols].sum(axis=(2, 3)) / (k[0] * k[1])
        dpz[:, :, rows, cols] += (g[:, :, i, j] / (k[0] * k[1]))[:, :, None, None]
    H, W = z.shape[2:]
    return out, dpz[:, :, p[0]:p[0] + H, p[1]:p[1] + W]


def block(name, array):
    lines = [f"{name}: " + " ".join(str(d) for d in array.shape)]
    lines += [repr(float(x)) for x in np.asarray(array, dtype=np.float64).ravel()]
    return lines


def fixtures():
    rng = np.random.RandomState(2025)
    lines = ["# made by tests/data/make_pool2d_golden.py with numpy " + np.__version__]
    for name, shape, k, s, p, kind in CASES:
        if kind == "randn":
            z = rng.randn(*shape)
        elif kind == "negative":
            z = -1.0 - rng.random_sample(shape)  # all in (-2, -1]: zero padding would win
        else:
            z = rng.randint(0, 3, size=shape).astype(np.float64)  # many ties
        g = rng.randn(*out_shape(shape, k, s, p))
        max_out, max_dz = max_pool(z, g, k, s, p)
        avg_out, avg_dz = avg_pool(z, g, k, s, p)
        for part, array in [("z", z), ("g", g), ("max_out", max_out), ("avg_out", avg_out),
                            ("max_dz", max_dz), ("avg_dz", avg_dz)]:
            lines += block(f"{name}.{part}", array)
    z = rng.randn(2, 3, 4, 5)
    g = rng.randn(2, 3)
    flat = z.reshape(2, 3, 20)
    first = flat.argmax(axis=2)
    max_dz = np.zeros_like(flat)
    np.put_along_axis(max_dz, first[:, :, None], g[:, :, None], axis=2)
    for part, array in [("z", z), ("g", g), ("max_out", flat.max(axis=2)),
                        ("avg_out", flat.sum(axis=2) / 20), ("max_dz", max_dz.reshape(z.shape)),
                        ("avg_dz", np.broadcast_to((g / 20)[:, :, None, None], z.shape))]:
        lines += block(f"global.{part}", array)
    return lines


if __name__ == "__main__":
    (HERE / "golden_pool2d.txt").write_text("\n".join(fixtures()) + "\n")
