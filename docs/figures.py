#!/usr/bin/env python3
"""Draws the docs' figures as SVG files, from what the tutorials printed in this very build.

    figures.py GENERATED [--png DIR]

GENERATED is <build>/docs/generated: the tutorials' captured output (NN_name.out) is read from
it, and for each figure NAME it receives NAME.svg (copied into the HTML output by Doxygen's
HTML_EXTRA_FILES) and NAME.html, the <figure> with its caption that a page includes with
\\htmlinclude[block] NAME.html. --png DIR also writes a PNG of each figure there, to look at.

Where a tutorial prints the numbers a figure shows (tutorial 2's kernel shapes, tutorial 3's four
shapes and their arithmetic, tutorial 5's losses), they are parsed from its output, and the figure
fails to build if the output changed shape. The stride figure shows two layers no tutorial runs
(5x5 and 6x6 inputs, padding 1, 3x3 kernel, stride 2): its numbers are computed here with eq. (4)'s
output-size formula, as ctnn::output_extent and ctnn::rule::stride_divides compute them.
Needs python3-matplotlib; docs/CMakeLists.txt checks for it and skips the figures without it.
"""

import argparse
import html
import pathlib
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle  # noqa: E402

# A sober palette: greys for structure, one blue for data, one red for what goes wrong.
INK = "#2f4153"  # doxygen-awesome's text colour
GRID = "#8a96a3"
PAD = "#e3e6ea"  # zeros added by padding
INPUT = "#ffffff"
DATA = "#9ec3e0"  # values that carry data (input, gradient)
DATA_DARK = "#1f5f8b"
WINDOW = "#1f5f8b"
NEVER = "#f1c6c2"  # never read
NEVER_DARK = "#a8322b"
DROPPED = "#d9e6f0"  # computed, then thrown away
CHANNELS = ["#c6dbef", "#fdd9b5", "#c7e9c0"]  # tints, one per input channel
CHANNELS_DARK = ["#2b6a9e", "#b5651d", "#3a7d44"]

plt.rcParams.update({
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": GRID,
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.fonttype": "path",  # text as outlines: the same in every browser, no font needed
    "svg.hashsalt": "ctnn",  # stable ids: the same build gives the same file
})


def nb(text):
    """Keeps a formula on one line of a caption: its spaces become no-break spaces, and its
    minus a minus sign (a browser may break a line after a hyphen)."""
    return text.replace(" - ", " \u2212 ").replace(" ", "\u00a0")


def read_output(generated, name):
    path = generated / f"{name}.out"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        sys.exit(f"figures.py: cannot read {path}: {error}")


def shape(text):
    """'(1, 1, 7, 7)' -> (1, 1, 7, 7)"""
    return tuple(int(x) for x in text.strip("()").split(","))


def save(fig, generated, png_dir, name, alt, caption):
    """Writes NAME.svg and NAME.html (an <img> of the SVG at its natural size, and the caption)."""
    fig.savefig(generated / f"{name}.svg", metadata={"Date": None})
    if png_dir:
        fig.savefig(png_dir / f"{name}.png", dpi=110)
    width, height = (round(v * 96) for v in fig.get_size_inches())  # SVG inches are 96 px
    plt.close(fig)
    figure = (f'<figure class="ctnn-figure" id="{name}">'
              f'<img src="{name}.svg" width="{width}" height="{height}" alt="{html.escape(alt)}"/>'
              f"<figcaption>{html.escape(caption, quote=False)}</figcaption></figure>\n")
    (generated / f"{name}.html").write_text(figure, encoding="utf-8")


def cells(ax, x0, y0, rows, cols, face, hatch=None, edge=GRID, lw=0.6, hatch_color=GRID):
    """Draws a rows x cols grid with its top left corner at (x0, y0); y grows downwards.
    face(i, j) gives each cell's colour, hatch(i, j) its hatch (or None)."""
    for i in range(rows):
        for j in range(cols):
            ax.add_patch(Rectangle((x0 + j, y0 + i), 1, 1, facecolor=face(i, j), edgecolor=edge,
                                   linewidth=lw))
            if hatch and hatch(i, j):  # a hatch takes the colour of its patch's edge
                ax.add_patch(Rectangle((x0 + j, y0 + i), 1, 1, fill=False, hatch=hatch(i, j),
                                       edgecolor=hatch_color, linewidth=0))


# 1. The stride rule at a glance. ------------------------------------------------------------------
def stride_rule(generated, png_dir):
    # No tutorial runs these two layers: their numbers come from eq. (4)'s formula, computed here
    # as ctnn::output_extent, ctnn::rule::kernel_fits and ctnn::rule::stride_divides compute them.
    k, S, P = 3, 2, 1
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 4.9))
    formulas = {}
    for ax, H in zip(axes, (5, 6)):
        n = H + 2 * P  # the padded extent
        steps = n - k  # H + 2P - k
        assert steps >= 0  # rule::kernel_fits
        count = steps // S + 1  # windows along each axis: H' when S divides H + 2P - k
        remainder = steps % S  # rule::stride_divides wants 0
        read = set()
        for w in range(count):
            read.update(range(w * S, w * S + k))

        def face(i, j):
            if i not in read or j not in read:
                return NEVER
            padding = min(i, j) < P or max(i, j) >= n - P
            return PAD if padding else INPUT

        def hatch(i, j):
            return "////" if i not in read or j not in read else None

        cells(ax, 0, 0, n, n, face, hatch, hatch_color=NEVER_DARK)
        # The input proper, inside its padding.
        ax.add_patch(Rectangle((P, P), H, H, fill=False, edgecolor=INK, linewidth=1.6))
        # Each window's span along the columns (above) and the rows (left), on two levels so
        # that overlapping windows stay apart.
        for w in range(count):
            level = w % 2
            start = w * S
            y = -0.55 - 0.55 * level
            ax.plot([start + 0.12, start + k - 0.12], [y, y], color=WINDOW, linewidth=3,
                    solid_capstyle="butt")
            ax.text(start + k / 2, y - 0.12, f"{w}", ha="center", va="bottom", fontsize=8,
                    color=WINDOW)
            x = -0.55 - 0.55 * level
            ax.plot([x, x], [start + 0.12, start + k - 0.12], color=WINDOW, linewidth=3,
                    solid_capstyle="butt")
        # The first window, outlined on the grid, and the last one.
        ax.add_patch(Rectangle((0, 0), k, k, fill=False, edgecolor=WINDOW, linewidth=2.4))
        last = (count - 1) * S
        ax.add_patch(Rectangle((last, last), k, k, fill=False, edgecolor=WINDOW, linewidth=2.4,
                               linestyle=(0, (4, 2))))
        ax.set_xlim(-1.6, 8.3)
        ax.set_ylim(8.9, -1.9)
        ax.set_aspect("equal")
        ax.axis("off")
        if remainder == 0:
            formulas[H] = f"({H} + {2 * P} - {k})/{S} + 1 = {count}"
            title = (f"{H} × {H} input, padded by {P} to {n} × {n}\n"
                     f"({H} + {2 * P} - {k})/{S} + 1 = {count} windows per axis (output "
                     f"{count} × {count}):\nthey end on the last padded row and column")
        else:
            formulas[H] = f"({H} + {2 * P} - {k}) % {S} = {remainder}"
            title = (f"{H} × {H} input, padded by {P} to {n} × {n}\n"
                     f"({H} + {2 * P} - {k}) % {S} = {remainder}: the last padded row and\n"
                     f"column are never read, so ctnn does not compile it")
        ax.set_title(title, fontsize=10.5, loc="left", pad=4)
    fig.legend(handles=[
        Patch(facecolor=INPUT, edgecolor=INK, label="input"),
        Patch(facecolor=PAD, edgecolor=GRID, label="padding (zeros)"),
        Patch(facecolor=NEVER, edgecolor=NEVER_DARK, hatch="////", linewidth=0.6,
              label="never read"),
        Patch(facecolor="none", edgecolor=WINDOW, linewidth=2.4,
              label=f"first and last {k} × {k} window; bars: each window's rows and columns"),
    ], loc="lower center", ncol=2, frameon=False, fontsize=9.5)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.85, bottom=0.12, wspace=0.08)
    save(fig, generated, png_dir, "figure_stride_rule",
         alt="Left: a 7 by 7 padded input whose three 3 by 3 windows per axis, stepping by 2, "
         "end exactly on its last row and column. Right: an 8 by 8 padded input whose last row "
         "and column no window reads.",
         caption=f"The stride rule at a glance: a {nb(f'{k} × {k}')} window stepping by {S} over "
         f"inputs padded by {P}. Left, {nb('5 × 5')}: {nb(formulas[5])} windows along each axis, "
         f"and they end exactly on the last padded row and column. Right, {nb('6 × 6')}: "
         f"{nb(formulas[6])}, so the last padded row and column are never read, and "
         "ctnn::rule::stride_divides refuses to compile such a layer. (No tutorial runs these "
         "two layers: the figure's script computes their numbers with eq. (4)'s formula.)")


# 2. Tutorial 3's backward pass, step by step. -------------------------------------------------
def backward_steps(generated, png_dir):
    text = read_output(generated, "03_strides_padding")
    steps = re.findall(r"^(\d)\. ([^:]+): (\([\d, ]+\)) -> (\([\d, ]+\)), (.*)$", text, re.M)
    if [int(s[0]) for s in steps] != [1, 2, 3, 4]:
        sys.exit("figures.py: tutorial 3 no longer prints its four steps as 'N. what: (shape) -> "
                 "(shape), arithmetic'")
    grids = [shape(steps[0][2])] + [shape(s[3]) for s in steps]
    for (_, _, before, _, _), previous in zip(steps, grids):
        assert shape(before) == previous, "each step starts from the previous step's shape"
    h = [g[2] for g in grids]  # 4, 7, 11, 9, 7: square grids, as in tutorial 3
    assert all(g[2] == g[3] for g in grids)
    # What the shapes imply, checked against each other: stride, k - 1 and P.
    S = (h[1] - 1) // (h[0] - 1)
    assert (h[0] - 1) * S + 1 == h[1]
    k_1 = (h[2] - h[1]) // 2
    k = k_1 + 1
    P = (h[3] - h[4]) // 2
    assert h[2] - k + 1 == h[3] and h[4] == h[1]

    titles = ["next_dz\n(from above)", f"1. insert_zeros\n{S - 1} zero between values",
              f"2. pad by k - 1 = {k_1}", f"3. convolve with\nrot180(K), {k} × {k}",
              f"4. remove_padding {P}"]
    top = max(h)
    fig, axes = plt.subplots(1, 5, figsize=(10.4, 4.1),
                             gridspec_kw={"width_ratios": [n + 0.4 for n in h], "wspace": 0.35})
    for index, (ax, n) in enumerate(zip(axes, h)):
        y0 = (top - n) / 2
        if index == 0:
            face = lambda i, j: DATA  # noqa: E731
        elif index == 1:
            face = lambda i, j: DATA if i % S == 0 and j % S == 0 else INPUT  # noqa: E731
        elif index == 2:
            face = lambda i, j: (  # noqa: E731
                DATA if k_1 <= i < n - k_1 and k_1 <= j < n - k_1 and (i - k_1) % S == 0
                and (j - k_1) % S == 0 else
                INPUT if k_1 <= i < n - k_1 and k_1 <= j < n - k_1 else PAD)
        elif index == 3:
            face = lambda i, j: (  # noqa: E731
                DATA if P <= i < n - P and P <= j < n - P else DROPPED)
        else:
            face = lambda i, j: DATA  # noqa: E731
        hatch = None
        if index == 3:
            hatch = lambda i, j: (  # noqa: E731
                None if P <= i < n - P and P <= j < n - P else "////")
        cells(ax, 0, y0, n, n, face, hatch, hatch_color=DATA_DARK)
        if index == 2:  # the rotated kernel at its first position: it meets one gradient value
            ax.add_patch(Rectangle((0, y0), k, k, fill=False, edgecolor=WINDOW, linewidth=2.2))
        if index == 3:  # what step 4 removes
            ax.add_patch(Rectangle((P, y0 + P), n - 2 * P, n - 2 * P, fill=False, edgecolor=INK,
                                   linewidth=1.6))
        ax.set_xlim(-0.2, n + 0.2)
        ax.set_ylim(top + 0.2, -0.2)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(titles[index], fontsize=9.5, loc="center", pad=6)
        label = f"{grids[index]}"
        if index > 0:
            arithmetic = steps[index - 1][4].split(", ")[0]
            label += f"\n{arithmetic}"
        ax.text(n / 2, top + 0.9, label, ha="center", va="top", fontsize=8.5)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.88, bottom=0.2)
    fig.canvas.draw()  # applies the equal aspect, which moves the axes: then place the arrows
    to_figure = fig.transFigure.inverted()
    for (left, n_left), right in zip(zip(axes[:-1], h[:-1]), axes[1:]):
        start = to_figure.transform(left.transData.transform((n_left + 0.4, top / 2)))
        end = to_figure.transform(right.transData.transform((-0.4, top / 2)))
        fig.add_artist(FancyArrowPatch(start, end, transform=fig.transFigure, arrowstyle="-|>",
                                       mutation_scale=12, color=INK, linewidth=1.2))
    fig.legend(handles=[
        Patch(facecolor=DATA, edgecolor=GRID, label="gradient values"),
        Patch(facecolor=INPUT, edgecolor=GRID, label="zeros inserted between them"),
        Patch(facecolor=PAD, edgecolor=GRID, label="zeros of padding"),
        Patch(facecolor=DROPPED, edgecolor=DATA_DARK, hatch="////", linewidth=0.6,
              label="gradient for z's padding, dropped"),
        Patch(facecolor="none", edgecolor=WINDOW, linewidth=2.2, label="rot180(K) at (0, 0)"),
        Patch(facecolor="none", edgecolor=INK, linewidth=1.6, label="z's extent"),
    ], loc="lower center", ncol=3, frameon=False, fontsize=8.5, handlelength=1.4,
        columnspacing=1.2)
    shapes = ", ".join(f"{g[2]} × {g[3]}" for g in grids)
    save(fig, generated, png_dir, "figure_backward_steps",
         alt=f"Five grids, {shapes}: the gradient, spread with zeros, padded, convolved, and "
         "with its padding removed.",
         caption=f"Tutorial 3's gradient for the input in four steps, with the shapes and the "
         f"arithmetic it printed in this build: the {nb(f'{h[0]} × {h[0]}')} gradient is spread "
         f"by insert_zeros ({S - 1} zero between values, stride {S}), padded by "
         f"{nb(f'k - 1 = {k_1}')}, convolved with the rotated kernel back to the padded input's "
         f"{nb(f'{h[3]} × {h[3]}')}, and stripped of the padding {nb(f'P = {P}')}, which was "
         f"never part of z: {nb(f'{h[4]} × {h[4]}')}, z's shape.")


# 3. The layout of K. ----------------------------------------------------------------------------
def kernel_layout(generated, png_dir):
    text = read_output(generated, "02_forward")
    found = re.search(r"^K (\([\d, ]+\)) in the original's layout is (\([\d, ]+\)) in PyTorch's$",
                      text, re.M)
    if not found:
        sys.exit("figures.py: tutorial 2 no longer prints 'K (C, D, k1, k2) in the original's "
                 "layout is (D, C, k1, k2) in PyTorch's'")
    C, D, k1, k2 = shape(found.group(1))
    assert shape(found.group(2)) == (D, C, k1, k2)
    gap = 0.9
    fig, ax = plt.subplots(figsize=(10.4, 5.0))

    def tiles(x_origin, rows, cols, which, block, row_name, col_name, title):
        for r in range(rows):
            for q in range(cols):
                c, d = which(r, q)
                x0, y0 = x_origin + q * (k2 + gap), r * (k1 + gap)
                cells(ax, x0, y0, k1, k2, lambda i, j: CHANNELS[c % 3], edge="#ffffff", lw=0.8)
                ax.add_patch(Rectangle((x0, y0), k2, k1, fill=False,
                                       edgecolor=CHANNELS_DARK[c % 3], linewidth=1.4))
                ax.text(x0 + k2 / 2, y0 + k1 / 2 - 0.35, f"K[{c},{d}]", ha="center",
                        va="center", fontsize=9.5, color=INK)
                ax.text(x0 + k2 / 2, y0 + k1 / 2 + 0.6, f"#{block(c, d)}", ha="center",
                        va="center", fontsize=8.5, color=CHANNELS_DARK[c % 3])
        for q in range(cols):
            ax.text(x_origin + q * (k2 + gap) + k2 / 2, -0.3, f"{col_name} = {q}", ha="center",
                    va="bottom", fontsize=9)
        for r in range(rows):
            ax.text(x_origin - 0.3, r * (k1 + gap) + k1 / 2, f"{row_name} = {r}", ha="right",
                    va="center", fontsize=9)
        width = cols * (k2 + gap) - gap
        ax.text(x_origin + width / 2, -1.6, title, ha="center", va="bottom", fontsize=10.5)
        return width

    left = tiles(0, C, D, lambda r, q: (r, q), lambda c, d: c * D + d, "c", "d",
                 f"ctnn and the original: (C, D, k1, k2) = {(C, D, k1, k2)}\n"
                 "rows: input channel c, columns: output channel d")
    x_right = left + 7.5
    right = tiles(x_right, D, C, lambda r, q: (q, r), lambda c, d: d * C + c, "d", "c",
                  f"PyTorch's Conv2d weight: (D, C, k1, k2) = {(D, C, k1, k2)}\n"
                  "rows: output channel d, columns: input channel c")
    y_arrow = (C * (k1 + gap) - gap) / 2
    ax.annotate("", (x_right - 2.2, y_arrow), (left + 0.8, y_arrow),
                arrowprops={"arrowstyle": "-|>", "color": INK, "linewidth": 1.2,
                            "mutation_scale": 14})
    ax.text((left + x_right - 1.4) / 2, y_arrow - 0.35, "swap_axes<0, 1>", ha="center",
            va="bottom", fontsize=9.5, family="DejaVu Sans Mono")
    ax.set_xlim(-2.2, x_right + right + 0.2)
    ax.set_ylim(D * (k1 + gap) - gap + 0.2, -3.4)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.legend(handles=[
        Patch(facecolor=CHANNELS[c], edgecolor=CHANNELS_DARK[c], label=f"input channel c = {c}")
        for c in range(min(C, 3))
    ], loc="lower center", ncol=3, frameon=False, fontsize=9.5,
        title=f"each tile is one {k1} × {k2} kernel K[c,d]; #n is its place in memory "
        f"(row-major): its first value is element {k1 * k2}n", title_fontsize=9.5)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.14)
    save(fig, generated, png_dir, "figure_kernel_layout",
         alt=f"Left: {C} rows by {D} columns of {k1} by {k2} kernels, K[c,d]. Right: the same "
         f"kernels as {D} rows by {C} columns, PyTorch's layout.",
         caption=f"The kernels of the original experiment, K {nb(str((C, D, k1, k2)))} as "
         "tutorial 2 printed it: kernel K[c,d] turns input channel c into (its share of) output "
         "channel d. ctnn keeps the original's layout, input channels first (left); PyTorch's "
         f"Conv2d weight {nb(str((D, C, k1, k2)))} puts output channels first (right). The same "
         f"{C * D} kernels sit in another order in memory (#n), so ctnn::swap_axes<0, 1> copies "
         "them.")


# 4. Tutorial 5's losses. ------------------------------------------------------------------------
def losses(generated, png_dir):
    text = read_output(generated, "05_train_to_ones")
    points = [(int(s), float(v)) for s, v in re.findall(r"^step:(\d+),loss:(\S+)$", text, re.M)]
    if not points or [s for s, _ in points] != list(range(len(points))):
        sys.exit("figures.py: tutorial 5 printed no 'step:N,loss:L' lines, or not in order")
    stopped = re.search(r"^yes$", text, re.M) is not None
    steps = [s for s, _ in points]
    values = [v for _, v in points]
    n = len(points)
    factor = (values[0] / values[-1]) ** (1 / (n - 1)) if n > 1 else 1.0

    fig, ax = plt.subplots(figsize=(8.4, 4.4))
    ax.semilogy(steps, values, marker="o", markersize=4.5, color=DATA_DARK, linewidth=1.6,
                label="mean squared loss, seed 0 (printed by tutorial 5 in this build)")
    ax.annotate(f"step 0: {values[0]:.5g}", (steps[0], values[0]), xytext=(10, 2),
                textcoords="offset points", fontsize=9.5, va="bottom")
    last_note = f"step {steps[-1]}: {values[-1]:.3g}"
    if stopped:
        last_note += "\nnp.allclose(y_true, next_z): the loop stops"
    ax.annotate(last_note, (steps[-1], values[-1]), xytext=(-12, -2), textcoords="offset points",
                fontsize=9.5, ha="right", va="top")
    ax.set_ylim(min(values) / 300, max(values) * 30)
    ax.set_xlabel("step (one forward pass, one backward pass, one update of K and b)")
    ax.set_ylabel("loss (log scale)")
    ax.set_xticks(range(0, steps[-1] + 1, 2 if n > 12 else 1))
    ax.grid(True, which="major", color="#d5dbe1", linewidth=0.7)
    ax.grid(True, which="minor", axis="y", color="#eef1f4", linewidth=0.5)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper right", frameon=False, fontsize=9.5)
    fig.tight_layout()
    save(fig, generated, png_dir, "figure_losses",
         alt=f"The loss falls on a straight line in log scale from {values[0]:.5g} to "
         f"{values[-1]:.3g} in {n} steps.",
         caption=f"The loss at each step, read from what tutorial 5 printed in this build (seed "
         f"0): from {values[0]:.5g} at step 0 to {values[-1]:.3g} at step {steps[-1]}, "
         f"divided by about {factor:.2g} at each step: a nearly straight line on a log scale, "
         "as gradient descent gives on a loss that is quadratic in K and b (the layer is linear "
         "in them)."
         + (" Then every output is within np.allclose's tolerance of 1, and the loop stops."
            if stopped else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("generated", type=pathlib.Path)
    parser.add_argument("--png", type=pathlib.Path, help="also write PNGs here, to look at")
    args = parser.parse_args()
    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
    stride_rule(args.generated, args.png)
    backward_steps(args.generated, args.png)
    kernel_layout(args.generated, args.png)
    losses(args.generated, args.png)


if __name__ == "__main__":
    main()
