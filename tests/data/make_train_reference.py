#!/usr/bin/env python3
"""Writes train_to_ones_seed{0,1,2}.txt: the printout of the original experiment run in numpy.

Same procedure as the original tutorial (seed, z then K from randn, zero bias, target ones,
learning rate 0.001, up to 1000 steps, np.allclose to stop) with the convolution of numpy_conv.py.
Run with Debian's numpy: /usr/bin/python3 tests/data/make_train_reference.py
"""
import pathlib

import numpy as np

from numpy_conv import conv_backward, conv_forward, mean_squared_loss

HERE = pathlib.Path(__file__).resolve().parent


def train(seed):
    np.random.seed(seed)
    z = np.random.randn(3, 3, 28, 28)
    K = np.random.randn(3, 4, 3, 3)
    b = np.zeros(4)
    y_true = np.ones((3, 4, 26, 26))
    lines = []
    for i in range(1000):
        next_z = conv_forward(z, K, b)
        loss, dy = mean_squared_loss(next_z, y_true)
        dK, db, _ = conv_backward(dy, K, z)
        K -= 0.001 * dK
        b -= 0.001 * db
        lines.append("step:{},loss:{}".format(i, loss))
        if np.allclose(y_true, next_z):
            lines.append("yes")
            break
    lines.append("min:{},max:{},avg:{}".format(np.min(next_z), np.max(next_z), np.average(next_z)))
    return lines


if __name__ == "__main__":
    for seed in (0, 1, 2):
        (HERE / f"train_to_ones_seed{seed}.txt").write_text("\n".join(train(seed)) + "\n")
