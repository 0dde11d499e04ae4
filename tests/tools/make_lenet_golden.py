#!/usr/bin/env python3
"""Writes tests/data/lenet/: LeNet-5 in float64 on a batch of 4, forward, mean cross-entropy and
backward, computed by PyTorch, in ctnn's layouts and ctnn's gradient conventions. Read by
tests/runtime/lenet_torch_test.cpp with ctnn::io::load_npy. Run with Debian's python3, which
has torch 1.13 and numpy:

  /usr/bin/python3 tests/tools/make_lenet_golden.py

The network is the one of tests/runtime/sequential_test.cpp, layer I as ctnn counts it:
  0 conv 6 5x5 padding 2, 1 relu, 2 max pool 2, 3 conv 16 5x5, 4 relu, 5 max pool 2,
  6 flatten, 7 linear 120, 8 relu, 9 linear 84, 10 relu, 11 linear 10.

Every number comes from numpy's global generator after np.random.seed(SEED), drawn in this
order and directly in ctnn's layouts: each layer's weight then its bias, layer by layer, then x,
then the labels. Weights are He-scaled normals (randn * sqrt(2 / fan_in)), biases
randn * 0.1 (nonzero, so that a forgotten bias shows), x standard normal, labels uniform in
0..9. The layouts differ from PyTorch's:
  conv kernel  ctnn K (C, D, k1, k2)   PyTorch weight (D, C, k1, k2): axes 0 and 1 swapped
  dense weight ctnn W (I, O)           PyTorch weight (O, I): transposed

The gradients: ctnn's conventions against PyTorch's. With l_n the cross-entropy of sample n,
p_n = softmax(y_n) and t_n its one-hot target, PyTorch's loss (reduction 'mean') is
L = (1/N) sum_n l_n, so its dL/dy_n = (p_n - t_n) / N and every .grad is a gradient of L.
ctnn's cross_entropy_loss returns the same L but dy_n = p_n - t_n, NOT divided by N: that is
the gradient of S = sum_n l_n = N L. net.backward(dy) is linear in dy and passes every layer's
input gradient dz on undivided, so each dz is a gradient of S; only the parameter gradients
(dK, db, dW) are divided by N, once, by their own layer. Hence
  ctnn dK, db, dW = (1/N) dS/dw = dL/dw = PyTorch's w.grad  (the same numbers, ctnn's layout)
  ctnn net.backward(dy) (layer 0's dz) = dS/dx = N dL/dx = N * PyTorch's x.grad
and the loss is the same number. The script checks this relation itself: a second backward
pass from y with the gradient p - t (ctnn's dy) must give N times every .grad of the first.
N = 4 is a power of two, so N * x.grad is exact.

The comparison at 1e-10 needs an input away from the kinks, where a rounding difference could
flip a decision: every relu input is at least MARGIN from 0 and, in every max-pool window whose
maximum is positive, the maximum leads the runner-up by at least MARGIN (windows of zeros after
the relu are ties, but their gradient meets relu's zero derivative). The script fails otherwise.

Files (float64, ctnn's layouts, C order), in tests/data/lenet/:
  layer0.K (1, 6, 5, 5)  layer0.b (6,)     layer3.K (6, 16, 5, 5)  layer3.b (16,)
  layer7.W (400, 120)    layer7.b (120,)   layer9.W (120, 84)      layer9.b (84,)
  layer11.W (84, 10)     layer11.b (10,)   the parameters
  x (4, 1, 28, 28)       y_true (4, 10) one-hot
  y (4, 10)              the logits, the network's output
  loss ()                the mean cross-entropy
  layer<I>.dK / .dW / .db   every parameter gradient, as ctnn stores it (= PyTorch's .grad)
  dx (4, 1, 28, 28)      the input gradient as net.backward returns it (= 4 * PyTorch's x.grad)

Deterministic: numpy's seeded generator, one torch thread (the order of the sums is then
fixed); a second run writes the same bytes.
"""
import pathlib

import numpy as np
import torch
from torch import nn

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "data" / "lenet"
SEED = 0
N = 4
CLASSES = 10
MARGIN = 1e-6


def draw():
    """The parameters in ctnn's layouts (a dict by file name), x and the one-hot targets."""
    np.random.seed(SEED)
    params = {}

    def he(shape, fan_in):
        return np.random.randn(*shape) * np.sqrt(2.0 / fan_in)

    params["layer0.K"] = he((1, 6, 5, 5), 1 * 5 * 5)
    params["layer0.b"] = np.random.randn(6) * 0.1
    params["layer3.K"] = he((6, 16, 5, 5), 6 * 5 * 5)
    params["layer3.b"] = np.random.randn(16) * 0.1
    params["layer7.W"] = he((400, 120), 400)
    params["layer7.b"] = np.random.randn(120) * 0.1
    params["layer9.W"] = he((120, 84), 120)
    params["layer9.b"] = np.random.randn(84) * 0.1
    params["layer11.W"] = he((84, CLASSES), 84)
    params["layer11.b"] = np.random.randn(CLASSES) * 0.1
    x = np.random.randn(N, 1, 28, 28)
    labels = np.random.randint(0, CLASSES, size=N)
    y_true = np.eye(CLASSES)[labels]
    return params, x, labels, y_true


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),   # layers 0, 1, 2
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),             # 3, 4, 5
        nn.Flatten(),                                                # 6
        nn.Linear(400, 120), nn.ReLU(),                              # 7, 8
        nn.Linear(120, 84), nn.ReLU(),                               # 9, 10
        nn.Linear(84, CLASSES),                                      # 11
    ).double()


# ctnn's layout -> PyTorch's, and back: both are their own inverse (a swap, a transpose).
def to_torch_layout(name, a):
    return a.swapaxes(0, 1) if name.endswith(".K") else a.T if name.endswith(".W") else a


def to_ctnn_layout(name, a):
    return np.ascontiguousarray(to_torch_layout(name, a), dtype=np.float64)


def torch_parameter(net, name):
    layer, kind = name.split(".")
    module = net[int(layer[len("layer"):])]
    return module.bias if kind in ("b", "db") else module.weight


def check_kinks(net, x):
    """Every relu input at least MARGIN from 0, every positive max-pool maximum MARGIN ahead."""
    closest_relu, closest_pool = np.inf, np.inf
    a = x
    with torch.no_grad():
        for module in net:
            if isinstance(module, nn.ReLU):
                closest_relu = min(closest_relu, a.abs().min().item())
            elif isinstance(module, nn.MaxPool2d):
                n, c, h, w = a.shape
                windows = a.reshape(n, c, h // 2, 2, w // 2, 2).permute(0, 1, 2, 4, 3, 5)
                top2 = windows.reshape(n, c, h // 2, w // 2, 4).topk(2, dim=-1).values
                positive = top2[..., 0] > 0
                gaps = (top2[..., 0] - top2[..., 1])[positive]
                closest_pool = min(closest_pool, gaps.min().item())
            a = module(a)
    if closest_relu < MARGIN or closest_pool < MARGIN:
        raise SystemExit(f"seed {SEED}: a kink is too close (relu input {closest_relu:.3g}, "
                         f"max-pool gap {closest_pool:.3g}, want >= {MARGIN:g}): change SEED")
    return closest_relu, closest_pool


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)  # nn.Conv2d and nn.Linear draw their own first values: overwritten
    params, x_np, labels, y_true = draw()

    net = lenet()
    with torch.no_grad():
        for name, value in params.items():
            torch_parameter(net, name).copy_(torch.from_numpy(to_torch_layout(name, value)))
    x = torch.tensor(x_np, dtype=torch.float64, requires_grad=True)
    closest_relu, closest_pool = check_kinks(net, x)

    # PyTorch's own way: the mean cross-entropy, backward.
    y = net(x)
    loss = nn.functional.cross_entropy(y, torch.from_numpy(labels), reduction="mean")
    loss.backward()
    grads = {name: torch_parameter(net, name).grad.detach().clone() for name in params}
    x_grad = x.grad.detach().clone()

    # ctnn's way, as a check of the relation in the docstring: backward from y with
    # dy = softmax(y) - t (not divided by N) gives dS/dw = N * dL/dw for every w and x.
    net.zero_grad()
    x.grad = None
    y2 = net(x)
    dy = torch.softmax(y2, dim=1).detach() - torch.from_numpy(y_true)
    y2.backward(dy)
    worst = 0.0
    for name in params:
        s = torch_parameter(net, name).grad
        worst = max(worst, ((s / N - grads[name]).abs().max() / grads[name].abs().max()).item())
    worst = max(worst, ((x.grad - N * x_grad).abs().max() / x_grad.abs().max()).item())
    if worst > 1e-13:
        raise SystemExit(f"ctnn's convention does not reproduce PyTorch's gradients: {worst:.3g}")

    files = dict(params)
    files["x"] = x_np
    files["y_true"] = y_true
    files["y"] = y.detach().numpy()
    files["loss"] = np.array(loss.item(), dtype=np.float64)  # 0-d
    for name, g in grads.items():
        layer, kind = name.split(".")
        files[f"{layer}.d{kind}"] = to_ctnn_layout(name, g.numpy())
    files["dx"] = N * x_grad.numpy()  # ctnn's net.backward(dy): not divided by N

    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.npy"):
        old.unlink()
    for name, value in files.items():
        # np.asarray keeps the loss 0-d (np.ascontiguousarray would make it (1,))
        np.save(OUT / f"{name}.npy", np.asarray(value, dtype=np.float64, order="C"))
    print(f"seed {SEED}: loss {loss.item():.17g}; closest relu input {closest_relu:.3g}, "
          f"closest max-pool gap {closest_pool:.3g}; ctnn's convention checked ({worst:.3g})")
    print(f"wrote {len(files)} files to {OUT}")


if __name__ == "__main__":
    main()
