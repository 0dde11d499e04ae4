#!/usr/bin/env python3
"""Post 2_3's CNN trained by the series' own numpy functions, side by side with the
nn::sequential of runtime.cnn_test, from the same weights on the same batch.

    series_cnn.py SERIES_NN_DIR OUTPUT_DIR

OUTPUT_DIR holds what runtime.cnn_test wrote: setup.txt (the seed and weights_scale of the
post's initialisation, the number of steps, the SGD's lr, momentum and decay), x.npy (2, 1, 28, 28),
labels.npy (2, 10), and for each ctnn backend B (reference, fast) and step S:
B_stepS_NAME.npy with the weights before the step (K1, b1, W2, b2, W3, b3), every layer's output
(conv1, conv1_relu, maxp1, flatten, fc2, fc2_relu, y), the loss and dy, every gradient (grad_K1 ..
grad_b3, and grad_NEURON for each layer's input, grad_x the batch's) and the weights after the
step (K1_after ..). The names are the post's.

The script runs the post's forward() and backward() (conv, relu, max pooling, flatten, fc, relu,
fc, cross_entropy_loss, then the backward functions in reverse) and the series' SGD.iterate
(nn/optimizers.py) for the same steps, from weights it draws itself as the post does
(np.random.seed(seed), weights_scale * randn for K1, W2, W3, biases zero), and compares every
quantity of every step with both backends' numbers. The error of a quantity is
max |ctnn - series| / max |series| (relative to its largest element, so that entries cancelled to
nearly 0 do not count as large relative errors). Allowed: 1e-10, the computation being the same
(only the order of additions differs: ctnn's kernels against np.sum's pairwise sums and BLAS).
The initial weights must be equal bit for bit (ctnn::numpy::RandomState is numpy's generator).
The series' trajectory runs on its own: step 2 starts from its own updated weights and velocities.

What the series' code needs to run here, and the differences allowed (docs/conventions.md):
  1. The post imports conv_forward, max_pooling_forward and max_pooling_backward from clayers, a
     Cython module (clayers.pyx) that is not in the series' nn/ folder; layers.py imports it too.
     It is stubbed; its numpy twins in layers.py are used: conv_forward_bak (the same loop; it
     also becomes layers.conv_forward, which layers.conv_backward calls for dz and dK) and
     max_pooling_backward_bak (the same loop: the gradient to the first maximum, np.argmax, as
     ctnn; layers_v2's backward gives every tied maximum the gradient, and ties occur here, in the
     windows that relu made all zero).
  2. layers.py's pooling loop, max_pooling_forward_bak, allocates float32 outputs whatever the
     input (the pooling-element-type row of the conventions; upstream's clayers allocates float64).
     So the float64 comparison pools with layers_v2.max_pooling_forward, the series' vectorised
     loop (np.max over the same windows, float64 output: the same numbers as clayers'). The post is
     also run once with layers.py's float32 loop: its maxp1 is checked to be float32 and ctnn's
     rounded to float32 (relative 2^-24), and what follows it to float32's precision (1e-6).
  3. numpy 1.24 removed np.float, the alias of Python's float that layers.conv_backward and
     layers_v2's pooling use: restored (np.float = float, i.e. float64) when missing.
  4. Not used by this network: prelu, the MSE factor, max pooling's padding (none here).
     cross_entropy_loss: ctnn uses log-sum-exp, the series log(softmax): rounding only.
Exits 77 (skipped) without numpy or the series.

The pair is series_cnn.py and runtime.cnn_test rather than series_series_cnn.py and
runtime.series_cnn_test: tests/CMakeLists.txt derives the op with
string(REGEX REPLACE "^series_" ...), which CMake applies again after each match, so
series_series_cnn would become "cnn" and configuring would fail on a missing runtime.cnn_test.
"""
import copy
import pathlib
import sys
import types

NAMES = ["conv1", "conv1_relu", "maxp1", "flatten", "fc2", "fc2_relu", "y", "loss", "dy",
         "grad_fc2_relu", "grad_fc2", "grad_flatten", "grad_maxp1", "grad_conv1_relu",
         "grad_conv1", "grad_x", "grad_K1", "grad_b1", "grad_W2", "grad_b2", "grad_W3", "grad_b3"]
WEIGHTS = ["K1", "b1", "W2", "b2", "W3", "b3"]
TOLERANCE = 1e-10
FLOAT32_TOLERANCE = 1e-6


def main():
    try:
        import numpy as np
    except ImportError:
        print("numpy missing: skipped")
        return 77
    series, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    if not all((series / f).exists() for f in
               ("layers.py", "layers_v2.py", "activations.py", "losses.py", "optimizers.py")):
        print(f"no series at {series}: skipped")
        return 77
    # 1. the Cython modules are stubbed; 3. np.float restored where numpy removed it.
    sys.modules.setdefault("pyximport", types.SimpleNamespace(install=lambda **kw: None))
    sys.modules.setdefault("clayers", types.SimpleNamespace(conv_forward=None))
    sys.modules.setdefault("clayers_v2", types.SimpleNamespace(conv_forward=None))
    if "float" not in np.__dict__:
        np.float = float
    sys.path.insert(0, str(series))
    import activations  # noqa: E402  (the series' modules)
    import layers  # noqa: E402
    import layers_v2  # noqa: E402
    import losses  # noqa: E402
    import optimizers  # noqa: E402
    layers.conv_forward = layers.conv_forward_bak  # what clayers.conv_forward computes

    setup = {}
    for line in (out / "setup.txt").read_text().splitlines():
        if line.strip():
            key, value = line.split()
            setup[key] = float(value)
    steps = int(setup["steps"])
    x, labels = np.load(out / "x.npy"), np.load(out / "labels.npy")

    def load(backend, step, name):
        return np.load(out / f"{backend}_step{step}_{name}.npy")

    # The post's initialisation (section 1), drawn here.
    np.random.seed(int(setup["seed"]))
    scale = setup["weights_scale"]
    weights = {"K1": scale * np.random.randn(1, 1, 3, 3).astype(np.float64),
               "b1": np.zeros(1).astype(np.float64),
               "W2": scale * np.random.randn(1 * 13 * 13, 64).astype(np.float64),
               "b2": np.zeros(64).astype(np.float64),
               "W3": scale * np.random.randn(64, 10).astype(np.float64),
               "b3": np.zeros(10).astype(np.float64)}

    def post_step(w, max_pooling_forward):
        """The post's forward(X) then backward(X, y_true), with the series' functions."""
        n, g = {}, {}
        n["conv1"] = layers.conv_forward_bak(x.astype(np.float64), w["K1"], w["b1"])
        n["conv1_relu"] = activations.relu_forward(n["conv1"])
        n["maxp1"] = max_pooling_forward(n["conv1_relu"].astype(np.float64), pooling=(2, 2))
        n["flatten"] = layers.flatten_forward(n["maxp1"])
        n["fc2"] = layers.fc_forward(n["flatten"], w["W2"], w["b2"])
        n["fc2_relu"] = activations.relu_forward(n["fc2"])
        n["y"] = layers.fc_forward(n["fc2_relu"], w["W3"], w["b3"])
        loss, dy = losses.cross_entropy_loss(n["y"], labels)
        n["loss"], n["dy"] = np.array([loss]), dy
        g["W3"], g["b3"], g["fc2_relu"] = layers.fc_backward(dy, w["W3"], n["fc2_relu"])
        g["fc2"] = activations.relu_backward(g["fc2_relu"], n["fc2"])
        g["W2"], g["b2"], g["flatten"] = layers.fc_backward(g["fc2"], w["W2"], n["flatten"])
        g["maxp1"] = layers.flatten_backward(g["flatten"], n["maxp1"])
        g["conv1_relu"] = layers.max_pooling_backward_bak(
            g["maxp1"].astype(np.float64), n["conv1_relu"].astype(np.float64), pooling=(2, 2))
        g["conv1"] = activations.relu_backward(g["conv1_relu"], n["conv1"])
        g["K1"], g["b1"], g["x"] = layers.conv_backward(g["conv1"], w["K1"], x)
        n.update({f"grad_{key}": value for key, value in g.items()})
        return n, g

    def error(ours, theirs):
        if ours.shape != theirs.shape:
            return float("inf")
        diff, top = float(np.max(np.abs(ours - theirs))), float(np.max(np.abs(theirs)))
        return diff / top if top > 0 else diff

    failures = []
    worst = {}  # quantity -> [error per (backend, step)]

    def compare(backend, step, name, theirs, tolerance=TOLERANCE):
        e = error(load(backend, step, name), theirs)
        worst.setdefault(name, []).append(e)
        if not e <= tolerance:
            failures.append(f"{backend} step {step}: {name} differs by {e:.3g} (allowed "
                            f"{tolerance:g})")

    # The series' own trajectory, float64 throughout (difference 2).
    initial = copy.deepcopy(weights)
    sgd = optimizers.SGD(weights, lr=setup["lr"], momentum=setup["momentum"],
                         decay=setup["decay"])
    trajectory = []
    for step in range(1, steps + 1):
        before = copy.deepcopy(weights)
        values, gradients = post_step(weights, layers_v2.max_pooling_forward)
        sgd.iterate(types.SimpleNamespace(
            layers=[types.SimpleNamespace(weights=weights, gradients=gradients)]))
        values.update({f"{key}_after": weights[key].copy() for key in WEIGHTS})
        trajectory.append((before, values))

    for backend in ("reference", "fast"):
        for key in WEIGHTS:
            if not np.array_equal(load(backend, 1, key), initial[key]):
                failures.append(f"{backend}: initial {key} is not the post's np.random draw")
        for step, (before, values) in enumerate(trajectory, 1):
            for key in WEIGHTS:
                compare(backend, step, key, before[key])
            for name in NAMES + [f"{key}_after" for key in WEIGHTS]:
                compare(backend, step, name, values[name])

    print(f"ctnn against the series, worst error per quantity (tolerance {TOLERANCE:g}),"
          f" columns: " + ", ".join(f"{b} step {s}" for b in ("reference", "fast")
                                    for s in range(1, steps + 1)))
    for name, errors in worst.items():
        print(f"  {name:16s} " + "  ".join(f"{e:9.3g}" for e in errors))
    overall = max(max(errors) for errors in worst.values())
    print(f"worst of all: {overall:.3g}; initial weights equal bit for bit")
    losses_seen = [float(values["loss"][0]) for _, values in trajectory]
    print("the series' losses: " + ", ".join(repr(v) for v in losses_seen) + "; ctnn's: " +
          ", ".join(repr(float(load("reference", s, "loss")[0])) for s in range(1, steps + 1)))

    # Difference 2: the post with layers.py's float32 pooling loop, step 1.
    values32, _ = post_step(copy.deepcopy(initial), layers.max_pooling_forward_bak)
    if values32["maxp1"].dtype != np.float32:
        failures.append("layers.max_pooling_forward_bak no longer returns float32: update the docs")
    ours = load("reference", 1, "maxp1")
    rounding = float(np.max(np.abs(values32["maxp1"] - ours) / np.maximum(np.abs(ours), 1e-300)))
    if not rounding <= 2.0 ** -24:
        failures.append(f"float32 pooling: maxp1 is not ctnn's rounded to float32 ({rounding:.3g})")
    worst32 = max(error(load("reference", 1, name), values32[name])
                  for name in NAMES if name not in ("conv1", "conv1_relu", "maxp1"))
    print(f"with layers.py's float32 pooling loop (difference 2): maxp1 {values32['maxp1'].dtype},"
          f" ctnn's rounded (relative {rounding:.3g} <= 2^-24); after it, worst {worst32:.3g}"
          f" (allowed {FLOAT32_TOLERANCE:g})")
    if not worst32 <= FLOAT32_TOLERANCE:
        failures.append(f"float32 pooling: the rest differs by {worst32:.3g}")

    if failures:
        print("FAIL\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
