"""An independent numpy convolution layer, used only to make the reference data of ctnn's tests.

It is written differently from ctnn on purpose: the forward pass is one einsum over a sliding
window view, and the input gradient is scattered tap by tap, with no zero insertion, no kernel
flip and no full padding. Agreement with ctnn therefore checks the derivation, not a transcription.
Layouts and scaling follow the original tutorial: z (N, C, H, W), K (C, D, k1, k2), b (D,);
dK and db are divided by N, dz is not.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def windows(z, kernel, padding, strides):
    """The (N, C, H', W', k1, k2) view of every window that eq. (4) visits."""
    (p1, p2), (s1, s2) = padding, strides
    pz = np.pad(z, ((0, 0), (0, 0), (p1, p1), (p2, p2)))
    return sliding_window_view(pz, kernel, axis=(2, 3))[:, :, ::s1, ::s2]


def conv_forward(z, K, b, padding=(0, 0), strides=(1, 1)):
    win = windows(z, K.shape[2:], padding, strides)
    return np.einsum("nchwij,cdij->ndhw", win, K) + b[None, :, None, None]


def conv_backward(dy, K, z, padding=(0, 0), strides=(1, 1)):
    N, C, H, W = z.shape
    _, D, k1, k2 = K.shape
    (p1, p2), (s1, s2) = padding, strides
    Ho, Wo = dy.shape[2:]
    dK = np.einsum("nchwij,ndhw->cdij", windows(z, (k1, k2), padding, strides), dy) / N
    db = dy.sum(axis=(0, 2, 3)) / N
    dpz = np.zeros((N, C, H + 2 * p1, W + 2 * p2))
    for i in range(k1):  # each tap (i, j) of the kernel sent dy back to the pixels it read
        for j in range(k2):
            dpz[:, :, i:i + s1 * Ho:s1, j:j + s2 * Wo:s2] += np.einsum("ndhw,cd->nchw", dy, K[:, :, i, j])
    return dK, db, dpz[:, :, p1:p1 + H, p2:p2 + W]


def mean_squared_loss(y_predict, y_true):
    """The original's convention: mean over leading axes of the sum over the last axis."""
    diff = y_predict - y_true
    return np.mean(np.sum(np.square(diff), axis=-1)), diff
