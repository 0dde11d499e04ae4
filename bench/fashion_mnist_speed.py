#!/usr/bin/env python3
"""Training speed on Fashion-MNIST: tutorial 12's LeNet-5 against the same network in PyTorch,
side by side in one run, one thread each.

    fashion_mnist_speed.py PROGRAM [--rounds R] [--steps S] [--data DIR]

Also ctnn with --threads 2 against PyTorch with torch.set_num_threads(2), f32.

PROGRAM is tutorial 12 built in Release (build/release/tutorials/12_fashion_mnist; see
bench/README or docs/benchmarks.md). Each round runs, one after the other so that they share the
machine's state: ctnn f32, PyTorch f32, ctnn f64, PyTorch f64, each training S steps (default
300, a third of an epoch; R = 5 rounds) of batch 64 with Adam (lr 0.001) on shuffled
Fashion-MNIST. What is timed is
the training loop only: the batch gathered and scaled, forward, loss, backward, the optimizer's
step, each step timed alone (tutorial 12 prints the median step of a run; the PyTorch loop below
times the same). A run's speed is 64 samples over its median step, which the shared machine's
bursts of other work move much less than a mean; evaluation and data loading are not timed.
The table gives the median of the rounds, in samples per second, and ctnn's ratio to PyTorch.

PyTorch's network is tutorial 12's LeNet: conv 6 5x5 padding 2, relu, max pool 2, conv 16 5x5,
relu, max pool 2, flatten, dense 120, relu, dense 84, relu, dense 10; cross-entropy loss; batch
64; torch.optim.Adam(lr=1e-3); torch.set_num_threads(1). Its version and its CPU backend
(oneDNN) are printed.
"""
import argparse
import gzip
import os
import platform
import re
import statistics
import subprocess
import sys
import time


def cpu_name():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def vector_width():
    flags = open("/proc/cpuinfo").read()
    return "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "SSE2"


def ctnn_rate(program, steps, f64, data, threads=1):
    command = [program, "--net", "lenet", "--steps", str(steps), "--data", data,
               "--threads", str(threads)]
    if f64:
        command.append("--f64")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^(?:epoch 1|after step \d+): .*\(([\d.]+) s, (\d+) samples/s; "
                      r"median step ([\d.]+) ms\)$", out, re.M)
    if not match:
        sys.exit("fashion_mnist_speed.py: no timing line in tutorial 12's output:\n" + out)
    return 64e3 / float(match.group(3))


def load_images(path, count):
    import numpy as np
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=16).reshape(count, 1, 28, 28)


def load_labels(path, count):
    import numpy as np
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)[:count]


def torch_rate(images, labels, steps, f64, threads=1):
    import numpy as np
    import torch
    torch.set_num_threads(threads)
    nn = torch.nn
    dtype = torch.float64 if f64 else torch.float32
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                        nn.Linear(84, 10)).to(dtype)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    order = np.random.RandomState(0).permutation(len(labels))
    batches = len(labels) // 64
    seconds = []
    for step in range(steps):
        start = time.perf_counter()
        index = order[(step % batches) * 64:(step % batches + 1) * 64]
        x = torch.from_numpy(images[index]).to(dtype) / 255
        t = torch.from_numpy(labels[index])
        opt.zero_grad()
        loss = loss_fn(net(x), t)
        loss.backward()
        opt.step()
        seconds.append(time.perf_counter() - start)
    return 64 / statistics.median(seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("program")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        sys.exit("fashion_mnist_speed.py: needs PyTorch (python3 -c 'import torch' fails)")

    images = load_images(os.path.join(args.data, "train-images-idx3-ubyte.gz"), 60000)
    labels = load_labels(os.path.join(args.data, "train-labels-idx1-ubyte.gz"), 60000)
    rates = {key: [] for key in ("ctnn f32", "torch f32", "ctnn f64", "torch f64",
                                 "ctnn f32 2 threads", "torch f32 2 threads")}
    for r in range(args.rounds):
        rates["ctnn f32"].append(ctnn_rate(args.program, args.steps, False, args.data))
        rates["torch f32"].append(torch_rate(images, labels, args.steps, False))
        rates["ctnn f64"].append(ctnn_rate(args.program, args.steps, True, args.data))
        rates["torch f64"].append(torch_rate(images, labels, args.steps, True))
        rates["ctnn f32 2 threads"].append(
            ctnn_rate(args.program, args.steps, False, args.data, threads=2))
        rates["torch f32 2 threads"].append(torch_rate(images, labels, args.steps, False, 2))
        print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.0f}" for k, v in rates.items()),
              file=sys.stderr)

    median = {k: statistics.median(v) for k, v in rates.items()}
    print(f"{cpu_name()} ({vector_width()}), one thread; PyTorch {torch.__version__} "
          f"(oneDNN: {torch.backends.mkldnn.is_available()}); {args.rounds} rounds of "
          f"{args.steps} steps of batch 64, medians")
    print()
    print("| precision, threads | ctnn samples/s | PyTorch samples/s | ctnn / PyTorch | "
          "ctnn s per epoch |")
    print("| --- | --- | --- | --- | --- |")
    for p in ("f32", "f64", "f32 2 threads"):
        c, t = median[f"ctnn {p}"], median[f"torch {p}"]
        print(f"| {p if 'threads' in p else p + ', 1'} | {c:.0f} | {t:.0f} | {c / t:.2f}x | "
              f"{937 * 64 / c:.1f} |")
    one, two = median["ctnn f32"], median["ctnn f32 2 threads"]
    print()
    print(f"ctnn f32, two threads over one: {two / one:.2f}x; PyTorch: "
          f"{median['torch f32 2 threads'] / median['torch f32']:.2f}x")


if __name__ == "__main__":
    main()
