#!/usr/bin/env bash
# The original experiment: builds tutorial 5 (Release) and runs it. Arguments go to the program,
# e.g. scripts/tutorial.sh --seed 1
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh tutorial
cmake --preset release >/dev/null
cmake --build --preset release --target 05_train_to_ones
./build/release/tutorials/05_train_to_ones "$@"
