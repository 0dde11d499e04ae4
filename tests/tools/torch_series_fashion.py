#!/usr/bin/env python3
"""The series' CNN trained by PyTorch exactly as tutorial 12's `--net series --seed S --steps N`
trains it: the same initial weights (np.random.seed(S); 0.01 randn for K1, W2, W3, biases zero),
the same order of the data (then np.random.permutation(60000)), batches of 2, the series' SGD
(v = 0.9 v + lr_t g, w -= v, lr_t = 0.01 / (1 + 1e-6 t)), in float64.

    torch_series_fashion.py SEED STEPS

Prints the first layer's bias every 500 steps and the test accuracy at the end. Run by hand
(it needs Debian's python3-torch, which the test suite does not install): its numbers are those
quoted on docs/tutorial_12_fashion_mnist.md, e.g. seed 0: the bias reaches -1.16437 by step 1000
and stays there, test accuracy 0.1000 (the network is dead), as tutorial 12 prints; seed 2: 0.6847.
"""
import gzip
import sys

import numpy as np
import torch

torch.set_num_threads(1)
seed = int(sys.argv[1]); steps = int(sys.argv[2])
D = "/usr/share/datasets/fashion-mnist/"
def imgs(f, n): return np.frombuffer(gzip.open(D+f).read(), np.uint8, offset=16).reshape(n,1,28,28)
def labs(f, n): return np.frombuffer(gzip.open(D+f).read(), np.uint8, offset=8).astype(np.int64)
X, Y = imgs("train-images-idx3-ubyte.gz", 60000), labs("train-labels-idx1-ubyte.gz", 60000)
Xt, Yt = imgs("t10k-images-idx3-ubyte.gz", 10000), labs("t10k-labels-idx1-ubyte.gz", 10000)
np.random.seed(seed)
K1 = 0.01*np.random.randn(1,1,3,3); W2 = 0.01*np.random.randn(169,64); W3 = 0.01*np.random.randn(64,10)
order = np.random.permutation(60000)
conv = torch.nn.Conv2d(1,1,3).double(); fc2 = torch.nn.Linear(169,64).double(); fc3 = torch.nn.Linear(64,10).double()
with torch.no_grad():
    conv.weight.copy_(torch.from_numpy(K1)); conv.bias.zero_()
    fc2.weight.copy_(torch.from_numpy(W2.T)); fc2.bias.zero_()
    fc3.weight.copy_(torch.from_numpy(W3.T)); fc3.bias.zero_()
net = torch.nn.Sequential(conv, torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(), fc2, torch.nn.ReLU(), fc3)
params = list(net.parameters())
vel = [torch.zeros_like(p) for p in params]
for s in range(steps):
    idx = order[2*s:2*s+2]
    x = torch.from_numpy(X[idx]).double()/255; t = torch.from_numpy(Y[idx])
    loss = torch.nn.functional.cross_entropy(net(x), t)
    for p in params: p.grad = None
    loss.backward()
    lr = 0.01/(1+1e-6*s)
    with torch.no_grad():
        for p, v in zip(params, vel):
            v.mul_(0.9).add_(lr*p.grad); p.sub_(v)
    if (s+1) % 500 == 0: print(s+1, "b1", conv.bias.item(), "loss", loss.item())
with torch.no_grad():
    pred = net(torch.from_numpy(Xt.copy()).double()/255).argmax(1).numpy()
print("test accuracy", (pred == Yt).mean())
