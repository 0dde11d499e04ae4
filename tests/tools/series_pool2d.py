#!/usr/bin/env python3
"""The series' own pooling functions (nn/layers.py) run on the inputs runtime.pool2d_test saved,
compared with ctnn's outputs.

    series_pool2d.py SERIES_NN_DIR OUTPUT_DIR

OUTPUT_DIR holds cases.txt (one line per case: name k1 k2 s1 s2 p1 p2) and, per case,
NAME_{z,g,max_out,avg_out,max_dz,avg_dz}.npy, plus global_*.npy. Exits 77 (skipped) without
numpy or the series.

The differences allowed, each documented on docs/conventions.md:
  1. The series' pooling loops allocate float32 outputs whatever the input: its forward results
     are compared with ctnn's float64 ones to float32's precision (relative 1e-6), and its dtype is
     checked to be float32, so that the day it changes this script says so.
  2. The series pads max pooling with 0, ctnn (as PyTorch) with -inf: the padding never wins.
     Where a window holds padding and only negative inputs, the series returns 0 and sends the
     gradient into the padding, where it is dropped. On a positive input the two agree; on the
     same input negated the series' output is max(ctnn's, 0) on windows touching the padding, and
     its gradient loses what those windows routed to the padding.
  3. layers.py imports a Cython module (clayers) for its convolution at import time: it is stubbed
     here, as pooling does not use it. (layers_v2.py's vectorised max pooling is not compared: it
     calls np.float, removed in numpy 1.24, and its backward gives every tied maximum the whole
     gradient, where layers.py and ctnn give it to the first.)
"""
import pathlib
import sys
import types


def main():
    try:
        import numpy as np
    except ImportError:
        print("numpy missing: skipped")
        return 77
    series, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    if not (series / "layers.py").exists():
        print(f"no series at {series}: skipped")
        return 77
    # layers.py runs `pyximport.install()` and imports clayers (Cython) for conv_forward.
    sys.modules.setdefault("pyximport", types.SimpleNamespace(install=lambda **kw: None))
    sys.modules.setdefault("clayers", types.SimpleNamespace(conv_forward=None))
    sys.path.insert(0, str(series))
    import layers  # noqa: E402  (the series' module)

    def load(name):
        return np.load(out / f"{name}.npy")

    failures = []

    def expect(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    for line in (out / "cases.txt").read_text().split("\n"):
        if not line.strip():
            continue
        name, k1, k2, s1, s2, p1, p2 = line.split()
        k, s, p = (int(k1), int(k2)), (int(s1), int(s2)), (int(p1), int(p2))
        z, g = load(f"{name}_z"), load(f"{name}_g")
        ours = {part: load(f"{name}_{part}") for part in ("max_out", "avg_out", "max_dz", "avg_dz")}
        max_out = layers.max_pooling_forward_bak(z, k, s, p)
        avg_out = layers.avg_pooling_forward(z, k, s, p)
        max_dz = layers.max_pooling_backward_bak(g, z, k, s, p)
        avg_dz = layers.avg_pooling_backward(g, z, k, s, p)
        # 1. float32 outputs
        expect(max_out.dtype == np.float32 and avg_out.dtype == np.float32,
               f"{name}: the series' forward passes return float32 (difference 1)")
        expect(np.allclose(avg_out, ours["avg_out"], rtol=1e-6, atol=1e-6),
               f"{name}: avg_pooling_forward agrees to float32 precision")
        expect(np.allclose(avg_dz, ours["avg_dz"], rtol=1e-12, atol=1e-12),
               f"{name}: avg_pooling_backward agrees")
        if name != "padded_negative":
            expect(np.allclose(max_out, ours["max_out"], rtol=1e-6, atol=1e-6),
                   f"{name}: max_pooling_forward agrees to float32 precision")
            expect(np.array_equal(max_dz, ours["max_dz"]),
                   f"{name}: max_pooling_backward agrees exactly (ties included)")
        else:
            # 2. zero padding wins over negative inputs in the series
            touches = np.zeros(max_out.shape[2:], dtype=bool)
            H, W = z.shape[2:]
            for i in range(touches.shape[0]):
                for j in range(touches.shape[1]):
                    touches[i, j] = (i * s[0] < p[0] or i * s[0] + k[0] > H + p[0] or
                                     j * s[1] < p[1] or j * s[1] + k[1] > W + p[1])
            want = np.where(touches, np.maximum(ours["max_out"], 0), ours["max_out"])
            expect(np.allclose(max_out, want, rtol=1e-6, atol=1e-6),
                   f"{name}: the series' max is max(ctnn's, 0) where a window holds padding "
                   "(difference 2)")
            expect(bool((ours["max_out"] < 0).all()) and bool((max_out[..., touches] == 0).all()),
                   f"{name}: ctnn's maxima are all inputs (negative); the series' edge ones are 0")
            expect(abs(ours["max_dz"].sum() - g.sum()) < 1e-9 and
                   abs(max_dz.sum() - g[..., ~touches].sum()) < 1e-9,
                   f"{name}: ctnn's gradient reaches z whole; the series' loses the edge windows'")
    gz, gg = load("global_z"), load("global_g")
    expect(np.array_equal(layers.global_max_pooling_forward(gz), load("global_max_out")),
           "global_max_pooling_forward agrees exactly")
    expect(np.allclose(layers.global_avg_pooling_forward(gz), load("global_avg_out"), rtol=1e-14,
                       atol=1e-14), "global_avg_pooling_forward agrees (mean of means: rounding)")
    expect(np.array_equal(layers.global_max_pooling_backward(gg, gz), load("global_max_dz")),
           "global_max_pooling_backward agrees exactly")
    expect(np.allclose(layers.global_avg_pooling_backward(gg, gz), load("global_avg_dz"),
                       rtol=1e-15, atol=1e-15), "global_avg_pooling_backward agrees")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
