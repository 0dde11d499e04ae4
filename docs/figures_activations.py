#!/usr/bin/env python3
"""Draws tutorial 10's figure: each activation of post 0_3 and its slope, as SVG.

    figures_activations.py GENERATED [--png DIR]

GENERATED is <build>/docs/generated, as for figures.py (whose palette, style and save() this
script imports): 10_activations.out is read from it, and figure_activations.svg and .html are
written to it (include the figure with \\htmlinclude[block] figure_activations.html).

The curves are the equations of post 0_3 evaluated here with the constants the tutorial prints
(SELU's lambda and alpha, LeakyReLU's 0.1, ELU's 0.5); the points marked on them are the values
the tutorial printed, parsed from its output, so the figure fails to build if the tutorial's
numbers leave the curves or its output changes shape. Needs python3-matplotlib.
"""

import argparse
import math
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import figures  # noqa: E402  (the palette, the rcParams and save())
from figures import DATA_DARK, GRID, INK, NEVER_DARK, plt  # noqa: E402


def numbers(text):
    """'[-0.2  -0.05  0.    0.5   2.  ]' -> [-0.2, -0.05, 0.0, 0.5, 2.0]"""
    return [float(x) for x in re.findall(r"-?\d+\.?\d*(?:e[-+]?\d+)?", text)]


def parse(out):
    """The printed lines 'name (eq): [values]' of tutorial 10, as {label: [values]}."""
    found = {}
    for line in out.splitlines():
        m = re.match(r"^(\w+'?)\s*(?:\(\d+\))?:\s*(\[.*\])$", line)
        if m:
            found[m.group(1)] = numbers(m.group(2))
    m = re.search(r"lambda = ([-\d.e]+), alpha = ([-\d.e]+)", out)
    if not m:
        sys.exit("figures_activations.py: 10_activations.out no longer prints SELU's constants")
    found["selu_constants"] = [float(m.group(1)), float(m.group(2))]
    return found


def activations(printed):
    lam, selu_alpha = printed["selu_constants"]
    sig = lambda z: 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))  # noqa
    return [  # (name, f, f', the inputs the tutorial printed, key of f's values, key of f''s)
        ("ReLU (1), (2)", lambda z: max(z, 0.0), lambda z: 1.0 if z > 0 else 0.0,
         [-2.0, -0.5, 0.0, 0.5, 2.0], "relu", "relu'"),
        ("LeakyReLU, α = 0.1 (3), (4)", lambda z: z if z > 0 else 0.1 * z,
         lambda z: 1.0 if z > 0 else 0.1, [-2.0, -0.5, 0.0, 0.5, 2.0], "lrelu", "lrelu'"),
        ("ELU, α = 0.5 (8), (9)", lambda z: z if z > 0 else 0.5 * math.expm1(z),
         lambda z: 1.0 if z > 0 else 0.5 * math.exp(z), [-1000.0, -1.0, 0.0, 1.0], "elu", "elu'"),
        ("SELU (10), (11)", lambda z: lam * (z if z > 0 else selu_alpha * math.expm1(z)),
         lambda z: lam * (1.0 if z > 0 else selu_alpha * math.exp(z)), [], None, None),
        ("sigmoid (12), (13)", sig, lambda z: sig(z) * sig(-z), [-1000.0, 0.0, 1000.0],
         "sigmoid", "sigmoid'"),
        ("tanh", math.tanh, lambda z: 4 * math.exp(-2 * abs(z)) / (1 + math.exp(-2 * abs(z))) ** 2,
         [-1000.0, 0.0, 1000.0], "tanh", "tanh'"),
    ]


def draw(generated, png_dir):
    out = figures.read_output(generated, "10_activations")
    printed = parse(out)
    fig, axes = plt.subplots(2, 3, figsize=(9.6, 5.6), sharex=True)
    zs = [-3 + 6 * i / 600 for i in range(601)]
    for ax, (name, f, df, points, key, dkey) in zip(axes.flat, activations(printed)):
        ax.axhline(0, color=GRID, linewidth=0.6)
        ax.axvline(0, color=GRID, linewidth=0.6)
        ax.plot(zs, [f(z) for z in zs], color=DATA_DARK, linewidth=1.8, label="f(z)")
        ax.plot(zs, [df(z) for z in zs], color=NEVER_DARK, linewidth=1.4, linestyle="--",
                label="f′(z)")
        if key:
            for label, g in ((key, f), (dkey, df)):
                values = printed.get(label)
                if values is None or len(values) != len(points):
                    sys.exit(f"figures_activations.py: tutorial 10 no longer prints {label}")
                for z, v in zip(points, values):
                    if abs(g(z) - v) > 1e-7:  # the output has 8 digits
                        sys.exit(f"figures_activations.py: {label}({z}) printed {v}, "
                                 f"the equation gives {g(z)}")
                    if -3 <= z <= 3:
                        ax.plot([z], [v], "o", color=INK, markersize=3.5)
        ax.set_title(name, fontsize=10)
        ax.set_xlim(-3, 3)
        ax.set_ylim(-2, 3)
    axes.flat[0].legend(loc="upper left", frameon=False, fontsize=9)
    for ax in axes[1]:
        ax.set_xlabel("z")
    fig.tight_layout()
    figures.save(fig, generated, png_dir, "figure_activations",
                 "The six activation functions of post 0_3 and their slopes",
                 "Each activation (solid) and its slope (dashed) on −3 ≤ z ≤ 3; the dots are the "
                 "values tutorial 10 printed. At z = 0 the slope of the ReLU family is its left "
                 "one, as the series' np.greater.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("generated", type=pathlib.Path)
    parser.add_argument("--png", type=pathlib.Path, help="also write PNGs here, to look at")
    args = parser.parse_args()
    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
    draw(args.generated, args.png)


if __name__ == "__main__":
    main()
