#!/usr/bin/env python3
"""Writes tests/data/golden_activations.txt, the reference values of ctnn's activation functions
(post 0_3), computed here with numpy from the formulas, independently of the series' code and of
ctnn's (run with Debian's python3-numpy).

z is (2, 3, 5) from np.random.RandomState(2026).randn, times 3, with two exact zeros (at the kink,
where the series' np.greater picks the z <= 0 branch); g (the upstream gradient) has z's shape.
For every function f: f.forward = f(z) and f.backward = g * f'(z). prelu is checked with alpha
(3,), one slope per channel (axis 1), and alpha (1,); its dalpha is the sum of [z <= 0] z g over
every element sharing a slope, divided by the batch size N = 2.

Format, read by tests/support/ctnn_test.hpp: a header "name: e0 e1 ..." (the shape), then the
values one per line, row-major, with 17 significant digits.
"""
import pathlib

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent

SELU_LAMBDA = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717


def block(name, array):
    array = np.asarray(array, dtype=np.float64)
    lines = [f"{name}: " + " ".join(str(d) for d in array.shape)]
    lines += [repr(float(x)) for x in array.ravel()]
    return lines


def sigmoid(x):
    # element by element, exp only of -|v|: no overflow for any z
    out = np.empty_like(x)
    for i, v in np.ndenumerate(x):
        out[i] = 1.0 / (1.0 + np.exp(-v)) if v >= 0 else np.exp(v) / (1.0 + np.exp(v))
    return out


def fixtures():
    rng = np.random.RandomState(2026)
    z = 3.0 * rng.randn(2, 3, 5)
    z[0, 1, 2] = 0.0
    z[1, 2, 4] = 0.0
    g = rng.randn(2, 3, 5)
    positive = z > 0
    lines = ["# made by tests/data/make_activations_golden.py with numpy " + np.__version__]
    lines += block("z", z) + block("g", g)

    def put(name, forward, slope):
        nonlocal lines
        lines += block(f"{name}.forward", forward) + block(f"{name}.backward", g * slope)

    put("relu", np.where(positive, z, 0.0), positive.astype(np.float64))
    for tag, a in (("lrelu", 0.1), ("lrelu_0.25", 0.25)):
        put(tag, np.where(positive, z, a * z), np.where(positive, 1.0, a))
    for tag, a in (("elu", 0.1), ("elu_1", 1.0)):
        put(tag, np.where(positive, z, a * np.expm1(z)), np.where(positive, 1.0, a * np.exp(z)))
    put("selu", SELU_LAMBDA * np.where(positive, z, SELU_ALPHA * np.expm1(z)),
        SELU_LAMBDA * np.where(positive, 1.0, SELU_ALPHA * np.exp(z)))
    # the slopes without cancellation: sigma(z) sigma(-z), and 1 / cosh^2 z for 1 - tanh^2 z
    put("sigmoid", sigmoid(z), sigmoid(z) * sigmoid(-z))
    put("tanh", np.tanh(z), 1.0 / np.cosh(z) ** 2)

    # prelu: alpha per channel, then one shared alpha
    for tag, alpha in (("prelu", np.array([0.1, 0.25, -0.05])), ("prelu_shared", np.array([0.2]))):
        a = alpha.reshape(1, -1, 1) if alpha.size > 1 else alpha.reshape(1, 1, 1)
        lines += block(f"{tag}.alpha", alpha)
        put(tag, np.where(positive, z, a * z), np.where(positive, 1.0, a))
        terms = np.where(positive, 0.0, z * g)
        dalpha = np.einsum("nck->c", terms) if alpha.size > 1 else np.array([terms.sum()])
        lines += block(f"{tag}.dalpha", dalpha / z.shape[0])
    return lines


if __name__ == "__main__":
    (HERE / "golden_activations.txt").write_text("\n".join(fixtures()) + "\n")
