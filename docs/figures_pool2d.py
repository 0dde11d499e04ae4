#!/usr/bin/env python3
"""Draws tutorial 9's two figures as SVG files, from what the tutorial printed in this very build.

    figures_pool2d.py GENERATED [--png DIR]

GENERATED is <build>/docs/generated, holding 09_pooling.out; each figure NAME is written there as
NAME.svg and NAME.html (the <figure> a page includes with \\htmlinclude[block] NAME.html), in the
style and palette of figures.py, whose helpers it uses:

  figure_pool_routes  the 4 x 4 input z, its four 2 x 2 windows, and which input of each window
                      receives the window's gradient (eqs. (5), (6)), from the printed z and dz
  figure_pool_floor   a 5 x 5 input under a 2 x 2 window with floor_strides<2, 2>: the windows,
                      the row and column no window reads, and the gradient, from the printed
                      floor-strides block

The figures fail to build if the tutorial's output changed shape.
"""

import argparse
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from figures import (DATA, DATA_DARK, GRID, INK, INPUT, NEVER, NEVER_DARK, WINDOW,  # noqa: E402
                     cells, nb, plt, read_output, save)
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle  # noqa: E402


def matrix(text):
    """The rows of a printed (1, 1, H, W) tensor, numpy-style: '[[[[1. 3.]\\n   [4. 2.]]]]'."""
    rows = [[float(x) for x in row.split()] for row in re.findall(r"\[([-\d. e+]+)\]", text)]
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        sys.exit("figures_pool2d.py: cannot read a matrix from tutorial 9's output")
    return rows


def block(text, title):
    """The tensor printed right after the line `title`."""
    match = re.search(re.escape(title) + r"\n(\[\[\[\[.*?\]\]\]\])", text, re.S)
    if not match:
        sys.exit(f"figures_pool2d.py: tutorial 9 no longer prints '{title}' and a tensor")
    return matrix(match.group(1))


def fmt(v):
    return f"{v:g}"


# (a) Where max pooling sends each window's gradient. --------------------------------------------
def routes(generated, png_dir):
    text = read_output(generated, "09_pooling")
    z = block(text, "z =")
    dz = block(text, "max pooling backward, eqs. (5), (6):")
    out = block(text, "max pooling, eq. (1):")
    H, W = len(z), len(z[0])
    k = H // len(out)  # the window, with its default stride: H' = H / k
    assert len(dz) == H and k * len(out[0]) == W
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 4.3))
    left, right = axes

    def face_z(i, j):
        return DATA if dz[i][j] != 0 else INPUT

    cells(left, 0, 0, H, W, face_z)
    for i in range(H):
        for j in range(W):
            left.text(j + 0.5, i + 0.5, fmt(z[i][j]), ha="center", va="center", fontsize=12,
                      color=DATA_DARK if dz[i][j] else INK,
                      fontweight="bold" if dz[i][j] else "normal")
    for a in range(0, H, k):
        for b in range(0, W, k):
            left.add_patch(Rectangle((b, a), k, k, fill=False, edgecolor=WINDOW, linewidth=2.4))
    left.set_title(f"z, and its {nb(f'{k} × {k}')} windows (stride {k}):\nthe maximum of each "
                   "window in blue", fontsize=10.5, loc="left")

    def face_dz(i, j):
        return DATA if dz[i][j] != 0 else INPUT

    cells(right, 0, 0, H, W, face_dz)
    for i in range(H):
        for j in range(W):
            right.text(j + 0.5, i + 0.5, fmt(dz[i][j]), ha="center", va="center", fontsize=12,
                       color=DATA_DARK if dz[i][j] else GRID)
    for a in range(0, H, k):
        for b in range(0, W, k):
            right.add_patch(Rectangle((b, a), k, k, fill=False, edgecolor=WINDOW, linewidth=2.4))
    right.set_title("dz: each window's gradient (10, 20, 30, 40)\ngoes to its maximum, 0 elsewhere",
                    fontsize=10.5, loc="left")
    fig.add_artist(FancyArrowPatch((0.485, 0.45), (0.535, 0.45), transform=fig.transFigure,
                                   arrowstyle="-|>", mutation_scale=16, color=INK))
    for ax in axes:
        ax.set_xlim(-0.2, W + 0.2)
        ax.set_ylim(H + 0.2, -0.2)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.subplots_adjust(left=0.02, right=0.98, top=0.84, bottom=0.03, wspace=0.25)
    save(fig, generated, png_dir, "figure_pool_routes",
         alt="A 4 by 4 input split into four 2 by 2 windows; the largest value of each is "
         "highlighted, and in the gradient only those four cells are non-zero.",
         caption="Max pooling backward, eqs. (5) and (6), on tutorial 9's input: the gradient of "
         "each window goes whole to the input that won it (the first maximum in row-major order "
         "on a tie); every other input gets 0. Drawn from the tutorial's printout.")


# (b) floor_strides leave the last row and column unread. ----------------------------------------
def floor_rows(generated, png_dir):
    text = read_output(generated, "09_pooling")
    header = re.search(r"^floor strides, (\d+) x (\d+) -> \((\d+), (\d+), (\d+), (\d+)\):$", text,
                       re.M)
    if not header:
        sys.exit("figures_pool2d.py: tutorial 9 no longer prints 'floor strides, H x W -> shape:'")
    H, W, Ho, Wo = (int(header.group(i)) for i in (1, 2, 5, 6))
    grad = block(text, "gradient:")
    assert len(grad) == H and len(grad[0]) == W
    k = S = 2  # the tutorial's pooling<2, 2> with floor_strides<2, 2>
    assert (H - k) // S + 1 == Ho and (W - k) // S + 1 == Wo
    read_rows = {r for i in range(Ho) for r in range(i * S, i * S + k)}
    read_cols = {c for j in range(Wo) for c in range(j * S, j * S + k)}
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 4.4))

    def face(i, j):
        if i not in read_rows or j not in read_cols:
            return NEVER
        return DATA if grad[i][j] else INPUT

    def hatch(i, j):
        return "////" if i not in read_rows or j not in read_cols else None

    for ax, show_grad in zip(axes, (False, True)):
        cells(ax, 0, 0, H, W, face, hatch, hatch_color=NEVER_DARK)
        for i in range(H):
            for j in range(W):
                value = grad[i][j] if show_grad else i * W + j + 1  # the input holds 1..H W
                ax.text(j + 0.5, i + 0.5, fmt(value), ha="center", va="center", fontsize=11,
                        color=DATA_DARK if show_grad and value else INK)
        for i in range(Ho):
            for j in range(Wo):
                ax.add_patch(Rectangle((j * S, i * S), k, k, fill=False, edgecolor=WINDOW,
                                       linewidth=2.4))
        ax.set_xlim(-0.2, W + 0.2)
        ax.set_ylim(H + 0.2, -0.2)
        ax.set_aspect("equal")
        ax.axis("off")
    axes[0].set_title(f"z ({nb(f'{H} × {W}')}), {nb(f'{k} × {k}')} windows, floor_strides<{S}, "
                      f"{S}>:\n({H} - {k}) % {S} = {(H - k) % S}, so H' = ⌊{H - k}/{S}⌋ + 1 = {Ho}",
                      fontsize=10.5, loc="left")
    axes[1].set_title("dz for a gradient of ones: row and column\n"
                      f"{H - 1} are never read, their gradient is 0", fontsize=10.5, loc="left")
    fig.legend(handles=[
        Patch(facecolor=NEVER, edgecolor=NEVER_DARK, hatch="////", linewidth=0.6,
              label="never read"),
        Patch(facecolor="none", edgecolor=WINDOW, linewidth=2.4, label="a window"),
        Patch(facecolor=DATA, edgecolor=GRID, label="receives a gradient"),
    ], loc="lower center", ncol=3, frameon=False, fontsize=9.5)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.85, bottom=0.1, wspace=0.15)
    save(fig, generated, png_dir, "figure_pool_floor",
         alt=f"A {H} by {W} input under {Ho * Wo} 2 by 2 windows stepping by 2: the last row and "
         "column are hatched as never read, and their gradient is zero.",
         caption=f"floor_strides on tutorial 9's {nb(f'{H} × {W}')} input: with a "
         f"{nb(f'{k} × {k}')} window and stride {S} the output is {nb(f'{Ho} × {Wo}')} "
         f"(PyTorch's rounding down), the last row and column are never read, and max pooling's "
         "gradient there is 0. ctnn::strides would refuse this layer at compile time.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("generated", type=pathlib.Path)
    parser.add_argument("--png", type=pathlib.Path, help="also write PNGs here, to look at")
    args = parser.parse_args()
    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
    routes(args.generated, args.png)
    floor_rows(args.generated, args.png)


if __name__ == "__main__":
    main()
