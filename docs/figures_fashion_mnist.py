#!/usr/bin/env python3
"""Draws tutorial 12's four figures as SVG files, from the training log of a Fashion-MNIST run.

    figures_fashion_mnist.py GENERATED LOG_DIR [--png DIR]

LOG_DIR is what `12_fashion_mnist --log LOG_DIR` wrote (the docs build reads the committed run in
docs/data/fashion_mnist): steps.csv, epochs.csv, confusion.csv and filters.npy. GENERATED is
<build>/docs/generated; each figure NAME is written there as NAME.svg and NAME.html (the <figure>
a page includes with \\htmlinclude[block] NAME.html), in the style and palette of figures.py,
whose helpers it uses:

  figure_fashion_loss       the training loss over ~93 steps at a time (steps.csv), with each
                            epoch's mean training loss and its test loss (epochs.csv)
  figure_fashion_accuracy   the test accuracy after each epoch, against the target 0.90
  figure_fashion_confusion  the test set's confusion matrix after the last epoch (confusion.csv)
  figure_fashion_filters    the first convolution's kernels after training (filters.npy)

A file missing, or with other columns than the tutorial writes, stops the script with a message
naming it. --png DIR also writes a PNG of each figure there, to look at.
"""

import argparse
import csv
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from figures import (CHANNELS_DARK, DATA, DATA_DARK, GRID, INK, NEVER_DARK, nb, plt,  # noqa: E402
                     save)
from matplotlib.colors import LinearSegmentedColormap, Normalize, PowerNorm  # noqa: E402
from matplotlib.ticker import (FuncFormatter, MaxNLocator, MultipleLocator,  # noqa: E402
                               NullFormatter)
import numpy as np  # noqa: E402  (matplotlib's own dependency)

SCRIPT = "figures_fashion_mnist.py"
STEPS_COLUMNS = ["epoch", "step", "loss"]
EPOCHS_COLUMNS = ["epoch", "steps", "train_loss", "test_loss", "test_accuracy", "seconds",
                  "samples_per_second"]
CONFUSION_CORNER = "true\\predicted"
TARGET = 0.90  # the accuracy tutorial 12 aims at
LIGHT_GRID = "#d5dbe1"  # figures.py's grid lines
SOURCE = "the log of the run committed in docs/data/fashion_mnist (12_fashion_mnist --log)"


def fail(message):
    sys.exit(f"{SCRIPT}: {message}")


def read_csv(path, columns=None):
    """The rows of a CSV file, each a list of strings, after checking its header."""
    try:
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    except OSError as error:
        fail(f"cannot read {path}: {error}")
    if not rows:
        fail(f"{path} is empty")
    header, body = rows[0], [r for r in rows[1:] if r]
    if columns is not None and header != columns:
        fail(f"{path} has the columns {','.join(header)}, not {','.join(columns)}")
    if not body:
        fail(f"{path} has a header and no rows")
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            fail(f"{path}, line {number}: {len(row)} fields, not {len(header)}")
    return header, body


def numbers(path, body, kinds):
    """Each row's fields converted by kinds (one callable per column)."""
    try:
        return [tuple(kind(v) for kind, v in zip(kinds, row)) for row in body]
    except ValueError as error:
        fail(f"{path}: {error}")


def style(ax):
    ax.grid(True, which="major", color=LIGHT_GRID, linewidth=0.7)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def epoch_ticks(log, ax):
    """A tick at every epoch, up to a dozen of them."""
    if log.per_epoch:
        ax.xaxis.set_major_locator(MultipleLocator(1) if len(log.epochs) <= 12
                                   else MaxNLocator(integer=True))


class Log:
    """The four files, read and checked."""

    def __init__(self, directory):
        self.directory = directory
        path = directory / "steps.csv"
        _, body = read_csv(path, STEPS_COLUMNS)
        self.steps = numbers(path, body, (int, int, float))  # (epoch, step, mean loss)
        path = directory / "epochs.csv"
        _, body = read_csv(path, EPOCHS_COLUMNS)
        self.epochs = numbers(path, body, (int, int, float, float, float, float, float))
        for previous, row in zip(self.epochs, self.epochs[1:]):
            if row[0] <= previous[0] or row[1] <= previous[1]:
                fail(f"{path}: the epochs and steps do not increase (epoch {row[0]})")
        first = [row for row in self.epochs if row[0] == 1]
        if not first:
            fail(f"{path} has no row for epoch 1")
        # Epoch 1's steps are the steps of an epoch, unless the run stopped within it (--steps):
        # then its one row is all there is, and the x axes count steps instead of epochs.
        self.per_epoch = first[0][1] if len(self.epochs) > 1 else None
        self.confusion_path = directory / "confusion.csv"
        header, body = read_csv(self.confusion_path)
        if header[0] != CONFUSION_CORNER or len(header) < 3:
            fail(f"{self.confusion_path} does not start with '{CONFUSION_CORNER},<class names>'")
        self.classes = header[1:]
        if [row[0] for row in body] != self.classes:
            fail(f"{self.confusion_path}: its rows are not the classes of its header, in order")
        self.confusion = [list(r[1:]) for r in numbers(self.confusion_path, body,
                                                       [str] + [int] * len(self.classes))]
        self.tests = sum(map(sum, self.confusion))  # the test images, each counted once
        path = directory / "filters.npy"
        try:
            self.filters = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as error:
            fail(f"cannot read {path}: {error}")
        if self.filters.ndim != 4 or 0 in self.filters.shape:
            fail(f"{path} holds a {self.filters.shape} array, not kernels (C, D, k1, k2)")
        if not np.all(np.isfinite(self.filters)):
            fail(f"{path} holds values that are not finite")

    def x(self, step):
        """Where a step sits on the x axes: in epochs, or in steps for a run shorter than two."""
        return step / self.per_epoch if self.per_epoch else step

    def x_label(self):
        if self.per_epoch:
            return f"epoch ({self.per_epoch} steps each)"
        return "step"


# 1. The loss. -----------------------------------------------------------------------------------
def loss(log, generated, png_dir):
    # Each steps.csv row is the mean over the steps since the previous row (or since its epoch
    # began): drawn at the middle of those steps, as each epoch's mean training loss is drawn at
    # the middle of its epoch. The test loss is measured at the end of the epoch.
    starts = {1: 0}
    for previous, row in zip(log.epochs, log.epochs[1:]):
        starts[row[0]] = previous[1]
    xs, ys, previous_step = [], [], 0
    for epoch, step, value in log.steps:
        start = max(previous_step, starts.get(epoch, 0))
        xs.append(log.x((start + step) / 2))
        ys.append(value)
        previous_step = step
    ends = [row[1] for row in log.epochs]
    begins = [0] + ends[:-1]
    train = [row[2] for row in log.epochs]
    test = [row[3] for row in log.epochs]

    fig, ax = plt.subplots(figsize=(8.4, 4.4))
    ax.plot(xs, ys, color=DATA, linewidth=1.1,
            label=f"training loss, mean over {log.steps[0][1]} steps at a time")
    ax.plot([log.x((b + e) / 2) for b, e in zip(begins, ends)], train, "o", color=DATA_DARK,
            markersize=6, label="training loss, mean over the epoch" if log.per_epoch
            else "training loss, mean over the run")
    ax.plot([log.x(e) for e in ends], test, "s", color=NEVER_DARK, markersize=6,
            markerfacecolor="white", markeredgewidth=1.6,
            label=f"test loss ({log.tests:,} images) after the epoch")
    values = ys + train + test
    ax.set_yscale("log")
    ax.set_ylim(min(values) / 1.12, max(values) * 1.12)
    # A log scale over less than a decade: label a few round values, not only the powers of 10.
    low, high = ax.get_ylim()
    ticks = [t for t in (0.05, 0.07, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5,
                         2.0, 3.0, 4.0) if low <= t <= high]
    if len(ticks) >= 3:  # else matplotlib's own ticks
        ax.set_yticks(ticks)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlim(0, log.x(ends[-1]) * 1.02)
    epoch_ticks(log, ax)
    ax.set_xlabel(log.x_label())
    ax.set_ylabel("cross-entropy loss (log scale)")
    style(ax)
    ax.legend(loc="upper right", frameon=False, fontsize=9.5)
    fig.tight_layout()
    span = (f"{len(log.epochs)} epochs" if log.per_epoch else f"{ends[-1]} steps")
    save(fig, generated, png_dir, "figure_fashion_loss",
         alt=f"The training loss falls from {ys[0]:.2f} to about {ys[-1]:.2f} over {span}; the "
         f"test loss ends at {test[-1]:.3f}.",
         caption=f"The loss of the committed run over {span}: the thin line is the mean training "
         f"loss over each {log.steps[0][1]} steps (steps.csv), the dots each epoch's mean "
         f"training loss and the squares the loss on the {log.tests:,} test images after each "
         f"epoch (epochs.csv). The test loss goes from {test[0]:.3f} to {test[-1]:.3f}. All "
         f"numbers come from {SOURCE}.")


# 2. The test accuracy. --------------------------------------------------------------------------
def accuracy(log, generated, png_dir):
    xs = [log.x(row[1]) for row in log.epochs]
    acc = [row[4] for row in log.epochs]
    fig, ax = plt.subplots(figsize=(8.4, 4.0))
    ax.axhline(TARGET, color=GRID, linewidth=1.3, linestyle=(0, (5, 3)))
    ax.plot(xs, acc, "-o", color=DATA_DARK, linewidth=1.6, markersize=5.5)
    left = log.x(log.epochs[-1][1]) * 1.04 if len(xs) > 1 else xs[0] * 2
    ax.set_xlim(0, left)
    low = min(min(acc), TARGET) - 0.015
    high = max(max(acc), TARGET) + 0.015
    ax.set_ylim(low, high)
    ax.text(0.01 * left, TARGET + (high - low) * 0.012, f"target {TARGET:.2f}", ha="left",
            va="bottom", fontsize=9.5, color=INK)
    last = acc[-1]
    above = last < high - (high - low) * 0.12  # room for the note above the last point?
    ax.annotate(f"{last:.4f}", (xs[-1], last), xytext=(0, 9 if above else -11),
                textcoords="offset points", ha="center", va="bottom" if above else "top",
                fontsize=10, color=DATA_DARK, fontweight="bold")
    epoch_ticks(log, ax)
    ax.set_xlabel(log.x_label())
    ax.set_ylabel("test accuracy")
    style(ax)
    fig.tight_layout()
    best = max(range(len(acc)), key=lambda i: acc[i])
    reached = next((i for i, a in enumerate(acc) if a >= TARGET), None)
    where = (f"epoch {log.epochs[i][0]}" if log.per_epoch else f"step {log.epochs[i][1]}"
             for i in (best, reached if reached is not None else best))
    best_at, reached_at = where
    verdict = (f"it first reaches the target {TARGET:.2f} after {reached_at}" if reached is not None
               else f"it stays below the target {TARGET:.2f}")
    save(fig, generated, png_dir, "figure_fashion_accuracy",
         alt=f"The test accuracy after each epoch, from {acc[0]:.4f} to {last:.4f}, with a dashed "
         f"line at the target {TARGET:.2f}.",
         caption=f"The accuracy on the {log.tests:,} test images after each epoch of the committed "
         f"run (epochs.csv): {acc[0]:.4f} after the first, {last:.4f} at the end, at best "
         f"{acc[best]:.4f} ({best_at}); {verdict} (dashed line). From {SOURCE}.")


# 3. The confusion matrix. -----------------------------------------------------------------------
def confusion(log, generated, png_dir):
    counts = np.array(log.confusion, dtype=float)
    n = len(log.classes)
    total = int(counts.sum())
    right = int(np.trace(counts))
    cmap = LinearSegmentedColormap.from_list("ctnn_blues", ["#ffffff", DATA, DATA_DARK, "#0e3550"])
    norm = PowerNorm(0.5, vmin=0, vmax=counts.max())  # the square root: the confusions show too
    fig, ax = plt.subplots(figsize=(6.4, 6.4))
    ax.pcolormesh(np.arange(n + 1), np.arange(n + 1), counts, cmap=cmap, norm=norm,
                  edgecolors="white", linewidth=0.8)
    for i in range(n):
        for j in range(n):
            value = int(counts[i, j])
            dark = norm(counts[i, j]) > 0.6
            ax.text(j + 0.5, i + 0.5, f"{value}", ha="center", va="center", fontsize=8.5,
                    color="white" if dark else (INK if value else GRID))
    ax.set_xlim(0, n)
    ax.set_ylim(n, 0)
    ax.set_aspect("equal")
    ax.set_xticks([j + 0.5 for j in range(n)])
    ax.set_xticklabels(log.classes, rotation=40, ha="right", rotation_mode="anchor")
    ax.set_yticks([i + 0.5 for i in range(n)])
    ax.set_yticklabels(log.classes)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    fig.tight_layout()
    # The largest confusion: the cell off the diagonal with the most images.
    i, j = max(((i, j) for i in range(n) for j in range(n) if i != j),
               key=lambda c: counts[c[0], c[1]])
    worst = min(range(n), key=lambda c: counts[c, c] / max(counts[c].sum(), 1))
    save(fig, generated, png_dir, "figure_fashion_confusion",
         alt=f"A {n} by {n} grid of counts, dark along the diagonal; the largest count off it is "
         f"{int(counts[i, j])} {log.classes[i]} images taken for {log.classes[j]}.",
         caption=f"Where the trained network goes wrong: row i, column j counts the test images of "
         f"class i that it labels j, after the last epoch of the committed run (confusion.csv); "
         f"the diagonal holds the {right:,} of {total:,} it gets right. The colour grows with the "
         f"square root of the count, so that the mistakes show. The largest confusion is "
         f"{int(counts[i, j])} {log.classes[i]} images taken for {log.classes[j]}, and "
         f"{log.classes[worst]} is the class it recognises worst "
         f"({int(counts[worst, worst])} of {int(counts[worst].sum())}). From {SOURCE}.")


# 4. The first layer's kernels. ------------------------------------------------------------------
def filters(log, generated, png_dir):
    K = np.asarray(log.filters, dtype=float)
    C, D, k1, k2 = K.shape
    bound = float(np.abs(K).max()) or 1.0
    norm = Normalize(vmin=-bound, vmax=bound)  # symmetric: white is 0
    cmap = LinearSegmentedColormap.from_list("ctnn_diverging",
                                             [DATA_DARK, "#ffffff", CHANNELS_DARK[1]])
    panel = 1.25
    width, height = max(3.4, D * panel + 1.1), C * panel + 0.45
    fig, axes = plt.subplots(C, D, figsize=(width, height), squeeze=False)
    mesh = None
    for c in range(C):
        for d in range(D):
            ax = axes[c][d]
            mesh = ax.pcolormesh(np.arange(k2 + 1), np.arange(k1 + 1), K[c, d], cmap=cmap,
                                 norm=norm, edgecolors="#ffffff", linewidth=0.4)
            ax.set_xlim(0, k2)
            ax.set_ylim(k1, 0)
            ax.set_aspect("equal")
            ax.set_xticks([])
            ax.set_yticks([])
            for side in ax.spines.values():
                side.set_edgecolor(GRID)
                side.set_linewidth(0.6)
            ax.set_title(f"filter {d}" if C == 1 else f"K[{c},{d}]", fontsize=9.5, pad=4)
    right = 1 - 1.0 / width  # an inch for the colour bar and its labels
    top = 1 - 0.32 / height  # room for the titles
    fig.subplots_adjust(left=0.1 / width, right=right, top=top, bottom=0.08 / height,
                        wspace=0.12, hspace=0.3)
    bar = fig.add_axes([right + 0.22 / width, 0.12 / height + 0.04, 0.14 / width,
                        top - 0.12 / height - 0.08])
    colorbar = fig.colorbar(mesh, cax=bar)
    colorbar.outline.set_edgecolor(GRID)
    colorbar.ax.tick_params(labelsize=8.5, color=GRID)
    count = C * D
    save(fig, generated, png_dir, "figure_fashion_filters",
         alt=f"{count} small {k1} by {k2} grids of weights, blue for negative and orange for "
         "positive.",
         caption=f"The first convolution's {count} kernels of {nb(f'{k1} × {k2}')} after "
         f"training (filters.npy, ctnn's layout {nb(str((C, D, k1, k2)))}: input channel c, "
         f"output channel d), each weight a square: blue below 0, orange above, white at 0, on "
         f"one scale from {-bound:.2f} to {bound:.2f} for all of them. From {SOURCE}.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("generated", type=pathlib.Path)
    parser.add_argument("log", type=pathlib.Path, help="the directory 12_fashion_mnist --log wrote")
    parser.add_argument("--png", type=pathlib.Path, help="also write PNGs here, to look at")
    args = parser.parse_args()
    if not args.log.is_dir():
        fail(f"{args.log} is not a directory (the log of 12_fashion_mnist --log)")
    log = Log(args.log)
    args.generated.mkdir(parents=True, exist_ok=True)
    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
    loss(log, args.generated, args.png)
    accuracy(log, args.generated, args.png)
    confusion(log, args.generated, args.png)
    filters(log, args.generated, args.png)


if __name__ == "__main__":
    main()
