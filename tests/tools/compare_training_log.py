#!/usr/bin/env python3
"""Reruns the beginning of tutorial 12's documented training run and compares it with the log
committed in docs/data/fashion_mnist, so that the docs' figures cannot drift from the code.

    compare_training_log.py PROGRAM LOG_DIR WORK_DIR [--steps S]

LOG_DIR holds the documented run: run.txt (its arguments on the line "arguments: ..."), and the
CSV files the program wrote with --log (steps.csv, epochs.csv, confusion.csv). The program is run
again with the same arguments, cut to S steps (default 279, three rows of steps.csv for LeNet),
logging into WORK_DIR. Checked:
  - every row of the new steps.csv is a row of the documented one: the same epoch and step, and a
    mean loss within 1.5% (relative) of the documented loss. Not equal: the fast kernels add in
    an order that depends on the vector width, so a machine with other vectors (AVX2 or SSE2
    against the AVX-512 of the documented run) differs in the last bits, and training makes the
    difference grow (measured: at most 0.45% over the first 279 steps, 1.5% after 930). Another
    seed (so another order of the data and other initial weights) moves the first row by 3.1%, a
    learning rate 20% larger by 3.6% (measured): either fails.
  - the documented run is whole: epochs.csv has one row per epoch asked for, the steps in order;
    confusion.csv is a 10 x 10 matrix whose rows sum to 1000 (the test set has 1000 images of
    each class) and whose diagonal gives the last epoch's test accuracy.
  - what the docs say of it: the last epoch's test accuracy is at least 0.90.
Exits 77 (skipped) when the data set is missing.
"""
import csv
import os
import pathlib
import re
import subprocess
import sys

TOLERANCE = 0.015
DATA = "/usr/share/datasets/fashion-mnist"


def fail(message):
    print("compare_training_log.py: " + message)
    sys.exit(1)


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    args = sys.argv[1:]
    steps = 279
    if "--steps" in args:
        at = args.index("--steps")
        steps = int(args[at + 1])
        del args[at:at + 2]
    if len(args) != 3:
        fail("usage: compare_training_log.py PROGRAM LOG_DIR WORK_DIR [--steps S]")
    program, log_dir, work = args[0], pathlib.Path(args[1]), pathlib.Path(args[2])
    if not os.path.isdir(DATA):
        print(f"skipped: {DATA} is missing (Debian package dataset-fashion-mnist)")
        sys.exit(77)

    run = (log_dir / "run.txt").read_text()
    match = re.search(r"^arguments: (.*)$", run, re.M)
    if not match:
        fail(f"{log_dir / 'run.txt'} has no 'arguments: ...' line")
    arguments = match.group(1).split()
    if "--log" in arguments or "--steps" in arguments:
        fail("the documented arguments must not hold --log or --steps (this script adds them)")
    epochs = int(arguments[arguments.index("--epochs") + 1]) if "--epochs" in arguments else 10

    # The documented run, whole.
    documented = rows(log_dir / "steps.csv")
    epoch_rows = rows(log_dir / "epochs.csv")
    if [int(r["epoch"]) for r in epoch_rows] != list(range(1, epochs + 1)):
        fail(f"epochs.csv should have epochs 1 to {epochs}, has "
             f"{[r['epoch'] for r in epoch_rows]}")
    if any(int(a["steps"]) >= int(b["steps"]) for a, b in zip(epoch_rows, epoch_rows[1:])):
        fail("epochs.csv: the step counts do not increase")
    with open(log_dir / "confusion.csv", newline="") as f:
        matrix = [[int(n) for n in row[1:]] for row in list(csv.reader(f))[1:]]
    if len(matrix) != 10 or any(len(row) != 10 or sum(row) != 1000 for row in matrix):
        fail("confusion.csv is not 10 rows of 10 counts summing to 1000 each")
    last = float(epoch_rows[-1]["test_accuracy"])
    diagonal = sum(matrix[i][i] for i in range(10)) / 10000
    if abs(diagonal - last) > 1e-9:
        fail(f"confusion.csv's diagonal gives accuracy {diagonal}, epochs.csv says {last}")
    if last < 0.90:
        fail(f"the documented run ends at test accuracy {last}, below the 0.90 the docs claim")

    # Its beginning, again.
    work.mkdir(parents=True, exist_ok=True)
    command = [program, *arguments, "--steps", str(steps), "--log", str(work)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(command)} exited with {result.returncode}:\n{result.stderr}")
    again = rows(work / "steps.csv")
    if not again:
        fail("the rerun logged no steps")
    by_step = {int(r["step"]): r for r in documented}
    worst = 0.0
    for r in again:
        step = int(r["step"])
        if step not in by_step or by_step[step]["epoch"] != r["epoch"]:
            fail(f"the rerun logged epoch {r['epoch']} step {step}, the documented run did not")
        want, got = float(by_step[step]["loss"]), float(r["loss"])
        error = abs(got - want) / abs(want)
        worst = max(worst, error)
        print(f"step {step}: loss {got:.6f}, documented {want:.6f}, relative difference "
              f"{error:.2e}")
        if error > TOLERANCE:
            fail(f"step {step}: loss {got} differs from the documented {want} by {error:.1%} "
                 f"(allowed {TOLERANCE:.1%}): the code no longer trains as the docs show; run "
                 "the documented command again and commit its log (docs/tutorial_12_fashion_mnist.md)")
    print(f"{len(again)} rows agree, worst relative difference {worst:.2e} "
          f"(allowed {TOLERANCE}); documented test accuracy {last}")


if __name__ == "__main__":
    main()
