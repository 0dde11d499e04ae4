#!/usr/bin/env python3
"""Side by side: the series' fc_forward and fc_backward (nn/layers.py) on the inputs that
runtime.fc_test wrote, against ctnn's outputs.

Usage: series_fc.py <series nn/ dir> <output dir of runtime.fc_test>
Exits 77 (skipped) when numpy or the series is missing.

Allowed differences, each explained:
  - the order of the additions: numpy's np.dot calls BLAS, which adds in blocks; ctnn's reference
    adds i = 0, 1, ... and its fast kernel in panels. Relative 1e-12 of max(|value|, 1).
Nothing else differs: W is (I, O) in both, dW and db are divided by N in both, dz is not.
"""
import pathlib
import sys
import types


def main():
    try:
        import numpy as np
    except ImportError:
        print("numpy is missing: skipped")
        return 77
    series, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    if not (series / "layers.py").exists():
        print(f"no series at {series}: skipped")
        return 77
    # layers.py compiles its Cython convolution (clayers.pyx) with pyximport at import; the fully
    # connected functions do not use it, so both are stubbed rather than built.
    sys.modules.setdefault("pyximport", types.SimpleNamespace(install=lambda **kw: None))
    sys.modules.setdefault("clayers", types.SimpleNamespace(conv_forward=None))
    sys.path.insert(0, str(series))
    import layers

    load = lambda name: np.load(out / f"{name}.npy")
    z, W, b, g = load("z"), load("W"), load("b"), load("next_dz")

    failures = []

    def compare(what, ours, theirs, tolerance=1e-12):
        if ours.shape != theirs.shape:
            failures.append(f"{what}: shape {ours.shape} against the series' {theirs.shape}")
            return
        scale = np.maximum(np.abs(theirs), 1.0)
        worst = float(np.max(np.abs(ours - theirs) / scale))
        print(f"{what}: worst relative difference {worst:.3g} (allowed {tolerance:g})")
        if not worst <= tolerance:
            failures.append(what)

    forward = layers.fc_forward(z, W, b)
    compare("fc_forward", load("fc_forward"), forward)
    compare("fc_forward (fast)", load("fc_forward_fast"), forward)
    dw, db, dz = layers.fc_backward(g, W, z)
    compare("fc_backward dW (both / N)", load("dW"), dw)
    compare("fc_backward db (both / N)", load("db"), db)
    compare("fc_backward dz (neither)", load("dz"), dz)
    if failures:
        print("differ from the series: " + ", ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
