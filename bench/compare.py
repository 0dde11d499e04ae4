#!/usr/bin/env python3
"""Times the same convolution workloads in numpy (loops in the original's style, and vectorized),
in PyTorch when it is installed, and in ctnn (bench/conv_bench), in one run, and prints a markdown
table of medians and ratios.

  cmake --preset release && cmake --build --preset release --target conv_bench peak
  /usr/bin/python3 bench/compare.py build/release/bench/conv_bench

numpy's own loops are timed only where they finish in seconds (the original experiment's step).
"""
import argparse
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

from numpy.lib.stride_tricks import sliding_window_view

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "data"))
import numpy_conv  # noqa: E402  (the tests' numpy reference: here only to check the code below)

try:
    import torch
except ImportError:
    torch = None

# name: (N, C, D, H, W, k, padding, stride); the last two take ctnn::fast's products (stride 2
# along the rows, with floor strides as PyTorch's; more than 64 output channels).
LAYERS = {
    "original": (3, 3, 4, 28, 28, 3, 0, 1),
    "i": (8, 16, 32, 32, 32, 3, 1, 1),
    "ii": (16, 64, 64, 56, 56, 3, 1, 1),
    "lenet1": (32, 1, 6, 28, 28, 5, 0, 1),
    "lenet2": (32, 6, 16, 14, 14, 5, 0, 1),
    "resnet": (8, 64, 128, 56, 56, 3, 1, 2),
    "wide": (8, 128, 128, 28, 28, 3, 1, 1),
}


def output_extent(H, k, p, s):
    return (H + 2 * p - k) // s + 1


def flops(layer):
    N, C, D, H, W, k, p, s = LAYERS[layer]
    return 2.0 * N * D * output_extent(H, k, p, s) * output_extent(W, k, p, s) * C * k * k


# --- numpy, loops in the original's style: one np.sum per output value ---------------------------
def loop_forward(z, K, b):
    N, _, H, W = z.shape
    _, D, k1, k2 = K.shape
    out = np.zeros((N, D, H - k1 + 1, W - k2 + 1))
    for n in range(N):
        for d in range(D):
            for i in range(H - k1 + 1):
                for j in range(W - k2 + 1):
                    out[n, d, i, j] = np.sum(z[n, :, i:i + k1, j:j + k2] * K[:, d]) + b[d]
    return out


def loop_step(z, K, b, y_true):
    out = loop_forward(z, K, b)
    dy = out - y_true
    # the backward of the original, stride 1 and no padding: two more convolutions of loops
    dK = loop_forward(np.swapaxes(z, 0, 1), dy, np.zeros(K.shape[1])) / z.shape[0]
    k1, k2 = K.shape[2:]
    padded = np.pad(dy, ((0, 0), (0, 0), (k1 - 1, k1 - 1), (k2 - 1, k2 - 1)))
    dz = loop_forward(padded, np.swapaxes(np.flip(K, (2, 3)), 0, 1), np.zeros(K.shape[0]))
    return dK, dy.sum(axis=(0, 2, 3)) / z.shape[0], dz


# --- numpy, vectorised: every window at once, each product one BLAS call (stride 1) ---------------
def vec_forward(z, K, b, padding=(0, 0)):
    p1, p2 = padding
    pz = np.pad(z, ((0, 0), (0, 0), (p1, p1), (p2, p2)))
    windows = sliding_window_view(pz, K.shape[2:], axis=(2, 3))  # (N, C, H', W', k1, k2)
    out = np.tensordot(windows, K, axes=([1, 4, 5], [0, 2, 3]))  # (N, H', W', D)
    return out.transpose(0, 3, 1, 2) + b[None, :, None, None]


def vec_backward(dy, K, z, padding=(0, 0)):
    p1, p2 = padding
    k1, k2 = K.shape[2:]
    pz = np.pad(z, ((0, 0), (0, 0), (p1, p1), (p2, p2)))
    windows = sliding_window_view(pz, (k1, k2), axis=(2, 3))
    dK = np.tensordot(windows, dy, axes=([0, 2, 3], [0, 2, 3])).transpose(0, 3, 1, 2) / z.shape[0]
    db = dy.sum(axis=(0, 2, 3)) / z.shape[0]
    pdy = np.pad(dy, ((0, 0), (0, 0), (k1 - 1, k1 - 1), (k2 - 1, k2 - 1)))
    windows = sliding_window_view(pdy, (k1, k2), axis=(2, 3))  # (N, D, Hp, Wp, k1, k2)
    dpz = np.tensordot(windows, np.flip(K, (2, 3)), axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
    return dK, db, dpz[:, :, p1:dpz.shape[2] - p1, p2:dpz.shape[3] - p2]


def check_vectorised():
    rng = np.random.RandomState(1)
    z, K, b = rng.randn(2, 3, 7, 6), rng.randn(3, 4, 3, 2), rng.randn(4)
    dy = rng.randn(2, 4, 7, 7)
    assert np.allclose(vec_forward(z, K, b, (1, 1)), numpy_conv.conv_forward(z, K, b, (1, 1)))
    for got, want in zip(vec_backward(dy, K, z, (1, 1)), numpy_conv.conv_backward(dy, K, z, (1, 1))):
        assert np.allclose(got, want)


def vec_step(z, K, b, y_true):
    out = vec_forward(z, K, b)
    dy = out - y_true
    return vec_backward(dy, K, z)


def median_seconds(fn, repeats, budget=20.0):
    times = []
    start = time.perf_counter()
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - start > budget:
            break
    return statistics.median(times)


def python_timings(repeats):
    rng = np.random.RandomState(0)
    rows = {}
    for layer, (N, C, D, H, W, k, p, s) in LAYERS.items():
        for dtype in ("f64", "f32"):
            if layer == "original" and dtype == "f32":
                continue
            t = np.float64 if dtype == "f64" else np.float32
            z, K, b = (rng.randn(N, C, H, W).astype(t), rng.randn(C, D, k, k).astype(t), rng.randn(D).astype(t))
            Ho = output_extent(H, k, p, s)
            dy = rng.randn(N, D, Ho, Ho).astype(t)
            if layer == "original":
                y = np.ones((N, D, Ho, Ho))
                rows[("step", layer, dtype, "numpy loops")] = median_seconds(lambda: loop_step(z, K, b, y), 3)
                rows[("step", layer, dtype, "numpy vectorized")] = median_seconds(lambda: vec_step(z, K, b, y), repeats)
            elif s == 1:  # the vectorised numpy above is written for stride 1
                rows[("forward", layer, dtype, "numpy vectorized")] = median_seconds(
                    lambda: vec_forward(z, K, b, (p, p)), repeats)
                rows[("backward", layer, dtype, "numpy vectorized")] = median_seconds(
                    lambda: vec_backward(dy, K, z, (p, p)), repeats)
            if torch is not None:
                torch.set_num_threads(1)
                tz = torch.tensor(z, requires_grad=True)
                tK = torch.tensor(np.ascontiguousarray(np.swapaxes(K, 0, 1)), requires_grad=True)  # (D, C, k, k)
                tb = torch.tensor(b, requires_grad=True)
                tdy = torch.tensor(dy)
                conv = torch.nn.functional.conv2d
                if layer == "original":
                    y = torch.ones(N, D, Ho, Ho, dtype=tz.dtype)

                    def step():
                        out = conv(tz, tK, tb)
                        loss = ((out - y) ** 2).sum(-1).mean()
                        loss.backward()
                    rows[("step", layer, dtype, "PyTorch")] = median_seconds(step, repeats)
                else:
                    rows[("forward", layer, dtype, "PyTorch")] = median_seconds(
                        lambda: conv(tz.detach(), tK.detach(), tb.detach(), padding=p, stride=s), repeats)
                    out = conv(tz, tK, tb, padding=p, stride=s)
                    rows[("backward", layer, dtype, "PyTorch")] = median_seconds(
                        lambda: torch.autograd.grad(out, (tz, tK), tdy, retain_graph=True), repeats)
    return rows


def ctnn_timings(program, repetitions):
    run = subprocess.run([program, "--benchmark_format=json", f"--benchmark_repetitions={repetitions}",
                          "--benchmark_report_aggregates_only=true"], capture_output=True, text=True, check=True)
    rows = {}
    for b in json.loads(run.stdout)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        kind, rest, impl = b["run_name"].split("/")[:3]  # without "/real_time" (two threads)
        layer, _, dtype = rest.partition("_")
        if impl == "layer":  # the step with nothing allocated: a row of its own
            kind, impl = "step in place", "fast"
        seconds = b["real_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        rows[(kind, layer, dtype or "f64", "ctnn " + impl)] = seconds
    return rows


def cpu_description():
    """The CPU's model name and the widest vector instructions it has, from /proc/cpuinfo."""
    model, flags = platform.processor() or platform.machine(), set()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                model = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
    except OSError:
        pass
    widest = ("AVX-512" if "avx512f" in flags else "AVX2 and FMA" if {"avx2", "fma"} <= flags
              else "SSE2")
    return f"{model}, widest vectors {widest}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("conv_bench", help="path to the conv_bench program")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    check_vectorised()
    rows = ctnn_timings(args.conv_bench, 5)
    peak = pathlib.Path(args.conv_bench).with_name("peak")
    width = None
    if peak.exists():  # "vectors 512-bit", then "peak f64 67.4 GFLOP/s" and the same for f32
        for line in subprocess.run([str(peak)], capture_output=True, text=True, check=True).stdout.splitlines():
            if line.startswith("vectors "):
                width = line.split()[1]
                continue
            _, dtype, value, _ = line.split()
            rows["peak", dtype] = float(value)
    rows.update(python_timings(args.repeats))

    print(f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
          f"numpy {np.__version__}" + (f", PyTorch {torch.__version__} (1 thread)" if torch else ", no PyTorch")
          + f"; BLAS {os.path.realpath('/usr/lib/x86_64-linux-gnu/libblas.so.3')}"
          + "; medians; ratios are other / ctnn fast.")
    print(f"CPU: {cpu_description()}.")
    if ("peak", "f64") in rows:
        print(f"Peak of one core at the width ctnn was built for (bench/peak.cpp, {width} FMA): "
              f"{rows['peak', 'f64']:.0f} GFLOP/s f64, {rows['peak', 'f32']:.0f} GFLOP/s f32.")
    print()
    print("| workload | ctnn fast | GFLOP/s | % of peak | ctnn reference | numpy loops | numpy vectorized | PyTorch |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    keys = sorted({k[:3] for k in rows if k[0] != "peak" and not k[0].endswith("2t")},
                  key=lambda k: (list(LAYERS).index(k[1]), k[2], k[0]))
    for kind, layer, dtype in keys:
        fast = rows.get((kind, layer, dtype, "ctnn fast"))
        if fast is None:
            continue
        work = flops(layer) * (3 if kind.startswith("step") else 2 if kind == "backward" else 1)
        gflops = work / fast / 1e9
        peak = rows.get(("peak", dtype))

        def cell(impl):
            t = rows.get((kind, layer, dtype, impl))
            return "—" if t is None else f"{t * 1e3:.3g} ms ({t / fast:.3g}x)"
        print(f"| {kind} {layer} {dtype} | {fast * 1e3:.3g} ms | {gflops:.1f} | "
              f"{100 * gflops / peak:.0f}% | " if peak else f"| {kind} {layer} {dtype} | {fast * 1e3:.3g} ms | {gflops:.1f} | — | ",
              end="")
        print(" | ".join(cell(i) for i in ("ctnn reference", "numpy loops", "numpy vectorized", "PyTorch")) + " |")

    two = sorted({k[:3] for k in rows if k[0] != "peak" and k[0].endswith("2t")},
                 key=lambda k: (list(LAYERS).index(k[1]), k[2], k[0]))
    if two:
        print()
        print("Two threads (`ctnn::fast::threads two(2)`), same run: wall time, and one thread's over it.")
        print()
        print("| workload | ctnn fast, 1 thread | 2 threads | 1 thread / 2 threads |")
        print("| --- | --- | --- | --- |")
        for kind, layer, dtype in two:
            one = rows.get((kind[:-2], layer, dtype, "ctnn fast"))
            both = rows[(kind, layer, dtype, "ctnn fast")]
            if one is not None:
                print(f"| {kind[:-2]} {layer} {dtype} | {one * 1e3:.3g} ms | {both * 1e3:.3g} ms | {one / both:.2f}x |")


if __name__ == "__main__":
    main()
