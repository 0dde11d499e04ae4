#!/usr/bin/env python3
"""Writes the .npy files numpy itself makes, for ctnn's load tests (tests/runtime/npy_test.cpp).

Every array holds a formula of its indices that the C++ test recomputes:
  value(index) = sum_k (k + 1) * index[k] * 0.5 - 1   (for floats)
  value(index) = sum_k (k + 1) * index[k] - 3         (for integers)
Run with Debian's numpy: /usr/bin/python3 tests/data/make_npy.py
"""
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent / "npy"


def filled(shape, dtype):
    index = np.indices(shape)
    weights = np.arange(1, len(shape) + 1).reshape((-1,) + (1,) * len(shape))
    total = (weights * index).sum(axis=0)
    if np.issubdtype(np.dtype(dtype), np.floating):
        return (total * 0.5 - 1).astype(dtype)
    return (total - 3).astype(dtype)


def main():
    OUT.mkdir(exist_ok=True)
    np.save(OUT / "f8_3x4.npy", filled((3, 4), "<f8"))
    np.save(OUT / "f4_2x3x4.npy", filled((2, 3, 4), "<f4"))
    np.save(OUT / "i4_5.npy", filled((5,), "<i4"))
    np.save(OUT / "i2_2x3.npy", filled((2, 3), "<i2"))
    np.save(OUT / "u1_2x2.npy", filled((2, 2), "u1") + 3)
    np.save(OUT / "i8_scalar.npy", np.array(42, dtype="<i8"))
    np.save(OUT / "be_f8_3x4.npy", filled((3, 4), ">f8"))
    np.save(OUT / "be_i4_5.npy", filled((5,), ">i4"))
    np.save(OUT / "fortran_f8_3x4.npy", np.asfortranarray(filled((3, 4), "<f8")))
    np.save(OUT / "fortran_i2_2x3x4.npy", np.asfortranarray(filled((2, 3, 4), "<i2")))
    for version in ((2, 0), (3, 0)):
        with open(OUT / f"v{version[0]}_f8_3x4.npy", "wb") as f:
            np.lib.format.write_array(f, filled((3, 4), "<f8"), version=version)


if __name__ == "__main__":
    main()
