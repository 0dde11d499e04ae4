#!/usr/bin/env python3
"""Side by side: the series' cross_entropy_loss (nn/losses.py) on the inputs that
runtime.cross_entropy_test wrote, against ctnn's outputs.

Usage: series_cross_entropy.py <series nn/ dir> <output dir of runtime.cross_entropy_test>
Exits 77 (skipped) when numpy or the series is missing.

Allowed differences, each explained:
  - rounding: the series computes -t * log(p) from p = exp(y - max) / sum, ctnn
    t * (log(sum) - (y - max)) (log-sum-exp); exp and log are the same C library's. Relative
    1e-13 on the loss, 1e-14 of max(|value|, 1) on dy (which both compute as p - t).
  - logits of +-1000: the series' p has exact zeros, and 0 * log(0) is nan, so its loss is nan
    (with numpy's RuntimeWarnings); ctnn's is finite (1000 here). dy is p - t in both, exactly.
"""
import pathlib
import sys
import warnings


def main():
    try:
        import numpy as np
    except ImportError:
        print("numpy is missing: skipped")
        return 77
    series, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    if not (series / "losses.py").exists():
        print(f"no series at {series}: skipped")
        return 77
    sys.path.insert(0, str(series))
    import losses

    load = lambda name: np.load(out / f"{name}.npy")
    failures = []

    loss, dy = losses.cross_entropy_loss(load("y"), load("t"))
    ours = float(load("loss")[0])
    loss_gap = abs(ours - loss) / abs(loss)
    dy_gap = float(np.max(np.abs(load("dy") - dy) / np.maximum(np.abs(dy), 1.0)))
    print(f"loss: ctnn {ours!r}, series {loss!r}, relative difference {loss_gap:.3g} (allowed 1e-13)")
    print(f"dy: worst relative difference {dy_gap:.3g} (allowed 1e-14)")
    if not loss_gap <= 1e-13:
        failures.append("loss")
    if not dy_gap <= 1e-14:
        failures.append("dy")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # log(0), then 0 * -inf: expected here
        loss_x, dy_x = losses.cross_entropy_loss(load("y_extreme"), load("t_extreme"))
    ours_x = float(load("loss_extreme")[0])
    print(f"logits +-1000: ctnn loss {ours_x!r}, series loss {loss_x!r}")
    if not (np.isnan(loss_x) and ours_x == 1000.0):
        failures.append("logits +-1000: expected the series' nan and ctnn's 1000")
    if not np.array_equal(load("dy_extreme"), dy_x):
        failures.append("logits +-1000: dy differs")
    if failures:
        print("differ from the series: " + ", ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
