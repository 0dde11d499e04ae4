#!/usr/bin/env python3
"""Prints what numpy's legacy np.random.uniform returns, for tests/runtime/init_test.cpp.

numpy computes low + (high - low) * random_sample() in double; ctnn::uniform must return the
same numbers, bit for bit. The output is C++ initialisers, one per call, each value written as
Python's repr (the shortest text that reads back as the same double), and is pasted into the
test by hand.
Run with Debian's numpy: /usr/bin/python3 tests/data/make_uniform_reference.py
"""
import numpy as np


def show(call, array):
    print(f"// {call}")
    print("{" + ", ".join(repr(float(x)) for x in np.asarray(array).ravel()) + "}")


def main():
    print("// numpy", np.__version__)
    np.random.seed(0)
    show("np.random.seed(0); np.random.uniform(-1, 2, (2, 3))", np.random.uniform(-1, 2, (2, 3)))
    show("then np.random.uniform(0, 1, (4,))", np.random.uniform(0, 1, (4,)))
    np.random.seed(42)
    show("np.random.seed(42); np.random.uniform(-0.5, 0.5, (5,)).astype(np.float32)",
         np.random.uniform(-0.5, 0.5, (5,)).astype(np.float32))
    np.random.seed(1)
    show("np.random.seed(1); np.random.randn(3)", np.random.randn(3))
    show("then np.random.uniform(10, 20, (2,))", np.random.uniform(10, 20, (2,)))
    show("then np.random.randn(1): the spare normal value, kept across uniform",
         np.random.randn(1))


if __name__ == "__main__":
    main()
