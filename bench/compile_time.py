#!/usr/bin/env python3
"""How long the compiler takes on ctnn networks: tutorial 11 (LeNet-5 with a tiny network
trained by hand) and bench/vgg11_compile.cpp (a VGG-11-shaped network, 8 convolutions, 5 pools,
3 dense layers, with forward, backward and an Adam step), each compiled and linked at -O2 with
g++ and clang++, REPEAT times; prints the median wall and user seconds and the largest resident
memory of the compiler (from /usr/bin/time).

    python3 bench/compile_time.py [--repeat 3]

Run it on a quiet machine: the numbers are seconds, not counts."""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = {"tutorial 11": "tutorials/11_network.cpp", "VGG-11": "bench/vgg11_compile.cpp"}
COMPILERS = ["g++", "clang++"]


def measure(compiler, source, out):
    fmt = "%e %U %M"
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        cmd = ["/usr/bin/time", "-f", fmt, "-o", timing.name, compiler, "-std=c++20", "-O2",
               "-I", os.path.join(ROOT, "include"), os.path.join(ROOT, source), "-o", out,
               "-lfmt"]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"{compiler} failed on {source}:\n{result.stderr[-2000:]}")
        wall, user, kb = timing.read().split()[-3:]
    return float(wall), float(user), int(kb) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'program':12} {'compiler':8} {'wall s':>7} {'user s':>7} {'max MB':>7}")
    with tempfile.TemporaryDirectory() as work:
        for name, source in SOURCES.items():
            for compiler in COMPILERS:
                runs = [measure(compiler, source, os.path.join(work, "a.out"))
                        for _ in range(args.repeat)]
                wall = statistics.median(r[0] for r in runs)
                user = statistics.median(r[1] for r in runs)
                mem = max(r[2] for r in runs)
                print(f"{name:12} {compiler:8} {wall:7.1f} {user:7.1f} {mem:7.0f}")


if __name__ == "__main__":
    main()
