#!/usr/bin/env python3
"""Runs ops_bench and prints, for every op and direction, the median time of each backend and
their ratio (reference / fast), measured side by side in one run.

    ops_ratios.py build/release/bench/ops_bench [--repetitions 5]
"""

import argparse
import json
import statistics
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    run = subprocess.run([args.binary, f"--benchmark_repetitions={args.repetitions}",
                          "--benchmark_format=json"], capture_output=True, text=True, check=True)
    times = {}
    for b in json.loads(run.stdout)["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        op, direction, backend = b["run_name"].split("/")
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
        times.setdefault((op, direction), {}).setdefault(backend, []).append(b["real_time"] * scale)
    print(f"| op | direction | reference (us) | fast (us) | reference / fast |")
    print("| --- | --- | --- | --- | --- |")
    for (op, direction), by_backend in times.items():
        ref = statistics.median(by_backend["reference"])
        fast = statistics.median(by_backend["fast"])
        print(f"| {op} | {direction} | {ref:.3g} | {fast:.3g} | {ref / fast:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
