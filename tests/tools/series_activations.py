#!/usr/bin/env python3
"""The series' activation functions (nn/activations.py, post 0_3) side by side with ctnn's.

    series_activations.py SERIES_NN_DIR OUTPUT_DIR

OUTPUT_DIR holds what runtime.activations_test wrote: the inputs z (2, 3, 4, 4), g and alpha (3,)
and ctnn's outputs. Each of the series' functions runs on the same inputs and must agree, except
for these documented differences (docs/conventions.md):

- tanh_backward: the series' raises TypeError (next_dz(1 - ...) calls the array); checked that it
  still does, and ctnn's compared with next_dz * (1 - tanh(z)^2), the product it means.
- prelu: the series' alpha has z's shape and its dalpha is element by element; ctnn's alpha is
  (C,), so the series runs with alpha broadcast over (1, C, 1, 1), and its dalpha is summed over
  the batch and the positions of each channel and divided by N before comparing. The series
  returns (dalpha, dz), ctnn {dz, dalpha}.
- elu: the series computes alpha (exp(z) - 1), ctnn alpha expm1(z); near z = 0 they differ in
  the last bits (z holds -1e-9 for that): compared with an absolute tolerance of 1e-15.
- sigmoid_backward: the series' s (1 - s) is 0 where s rounds to 1 (z = 40), ctnn's e/(1+e)^2 is
  4.2e-18 there: absolute tolerance 1e-15.
- selu: the series has no function for it (post 0_3 only writes the equations): not compared.
- the series' exp overflows at z = -1000 and 1000 (numpy warns; the values still agree).

Exits 77 (skipped) where numpy or the series is missing.
"""
import pathlib
import sys

try:
    import numpy as np
except ImportError:
    print("numpy is missing: skipped")
    sys.exit(77)

series_dir, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
if not (series_dir / "activations.py").exists():
    print(f"{series_dir}/activations.py is missing: skipped")
    sys.exit(77)
sys.path.insert(0, str(series_dir))
import activations as series  # noqa: E402  (the series' module, from argv[1])


def load(name):
    return np.load(out_dir / f"{name}.npy")


z, g, alpha = load("z"), load("g"), load("alpha")
failures = []


def compare(name, ours, theirs, atol=0.0, rtol=1e-15):
    if ours.shape != theirs.shape or not np.allclose(ours, theirs, rtol=rtol, atol=atol):
        worst = np.max(np.abs(ours - theirs)) if ours.shape == theirs.shape else "shape"
        failures.append(f"{name}: ctnn and the series differ (worst {worst})")
    else:
        print(f"{name}: agrees (rtol {rtol}, atol {atol})")


with np.errstate(over="ignore", invalid="ignore"):
    compare("relu_forward", load("relu_forward"), series.relu_forward(z))
    compare("relu_backward", load("relu_backward"), series.relu_backward(g, z))
    compare("lrelu_forward", load("lrelu_forward"), series.lrelu_forward(z))
    compare("lrelu_backward", load("lrelu_backward"), series.lrelu_backward(g, z))

    a = alpha.reshape(1, -1, 1, 1)
    compare("prelu_forward", load("prelu_forward"), series.prelu_forward(z, a))
    dalpha_elementwise, dz = series.prelu_backwark(g, z, a)  # the series' name and order
    compare("prelu_backward dz", load("prelu_backward_dz"), dz)
    compare("prelu_backward dalpha (summed, / N)", load("prelu_backward_dalpha"),
            dalpha_elementwise.sum(axis=(0, 2, 3)) / z.shape[0], rtol=1e-13)

    compare("elu_forward", load("elu_forward"), series.elu_forward(z), atol=1e-15, rtol=1e-14)
    compare("elu_backward", load("elu_backward"), series.elu_backward(g, z), rtol=1e-14)
    compare("sigmoid_forward", load("sigmoid_forward"), series.sigmoid_forward(z), rtol=1e-14)
    compare("sigmoid_backward", load("sigmoid_backward"), series.sigmoid_backward(g, z),
            atol=1e-15, rtol=1e-13)
    compare("tanh_forward", load("tanh_forward"), series.tanh_forward(z), rtol=1e-14)

    try:
        series.tanh_backward(g, z)
        failures.append("tanh_backward: the series' no longer raises TypeError: update the docs")
    except TypeError:
        print("tanh_backward: the series' raises TypeError, as documented")
    compare("tanh_backward (the product the series means)", load("tanh_backward"),
            g * (1 - np.tanh(z) ** 2), atol=1e-15, rtol=1e-12)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("all of the series' activations agree with ctnn, up to the documented differences")
