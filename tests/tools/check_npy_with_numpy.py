#!/usr/bin/env python3
"""Reads the .npy files ctnn's npy_test wrote (argument: their folder) with numpy itself, and
checks dtype, shape and every value against the formula of tests/data/make_npy.py.
Exits 77 (skipped) when numpy is not installed."""
import pathlib
import sys

try:
    import numpy as np
except ImportError:
    print("numpy is not installed (apt-get install python3-numpy): skipped")
    sys.exit(77)

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "data"))
from make_npy import filled  # noqa: E402

folder = pathlib.Path(sys.argv[1])
expected = {
    "f8_3x4.npy": filled((3, 4), "<f8"),
    "f4_2x3x4.npy": filled((2, 3, 4), "<f4"),
    "i4_5.npy": filled((5,), "<i4"),
    "u1_2x2.npy": filled((2, 2), "u1") + 3,
    "i8_scalar.npy": np.array(42, dtype="<i8"),
}
for name, want in expected.items():
    got = np.load(folder / name)
    if got.dtype != want.dtype or got.shape != want.shape or not np.array_equal(got, want):
        sys.exit(f"FAIL: {name}: numpy read {got.dtype} {got.shape} {got!r}, expected {want!r}")
print(f"numpy {np.__version__} read {len(expected)} files ctnn wrote: dtypes, shapes and values agree")
