#!/usr/bin/env python3
"""Runs tutorial 5 with --seed S and compares its printout with numpy's, line by line.

Passes when both print the same lines in the same order (step numbers, "yes") and every number
agrees within a relative tolerance of 1e-9. With --claims it also checks what the tutorial's prose
says: the layer converges in about 20 steps (between 15 and 25) and every final output is within
1e-5 of 1. Prints the worst relative difference seen.
"""
import argparse
import re
import subprocess
import sys

NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?|nan|inf")


def split(line):
    """The text around the numbers, and the numbers."""
    return NUMBER.sub("#", line), [float(x) for x in NUMBER.findall(line)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("program")
    parser.add_argument("seed")
    parser.add_argument("reference")
    parser.add_argument("--rtol", type=float, default=1e-9)
    parser.add_argument("--claims", action="store_true")
    args = parser.parse_args()

    run = subprocess.run([args.program, "--seed", args.seed], capture_output=True, text=True,
                         check=True)
    got = run.stdout.splitlines()
    want = open(args.reference).read().splitlines()
    if len(got) != len(want):
        sys.exit(f"FAIL: {len(got)} lines printed, numpy printed {len(want)}")
    worst = 0.0
    for n, (g, w) in enumerate(zip(got, want), 1):
        (gt, gv), (wt, wv) = split(g), split(w)
        if gt != wt or len(gv) != len(wv):
            sys.exit(f"FAIL line {n}: '{g}' differs from numpy's '{w}'")
        for a, b in zip(gv, wv):
            rel = abs(a - b) / max(abs(b), 1e-300)
            worst = max(worst, rel)
            if rel > args.rtol:
                sys.exit(f"FAIL line {n}: {a!r} vs numpy's {b!r}, relative difference {rel:.3g}")
    steps = sum(1 for line in got if line.startswith("step:"))
    print(f"seed {args.seed}: {steps} steps, same lines as numpy, worst relative difference {worst:.3g}")

    if args.claims:
        if "yes" not in got:
            sys.exit("FAIL: the tutorial says the layer converges, but it never printed 'yes'")
        if not 15 <= steps <= 25:
            sys.exit(f"FAIL: the tutorial says about 20 steps, it took {steps}")
        lo, hi, avg = split(got[-1])[1]
        if max(abs(lo - 1), abs(hi - 1), abs(avg - 1)) > 1e-5:
            sys.exit(f"FAIL: final outputs not within 1e-5 of 1: min {lo}, max {hi}, avg {avg}")
        print(f"claims hold: converged in {steps} steps, outputs in [{lo}, {hi}]")


if __name__ == "__main__":
    main()
