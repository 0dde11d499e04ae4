#!/usr/bin/env bash
# Trains a network on Fashion-MNIST: builds tutorial 12 (Release, for this machine's vectors) and
# runs it. Installs what is missing first: the tutorial packages and Debian's
# dataset-fashion-mnist (30 MB). Arguments go to the program, e.g.
#   scripts/train.sh --net lenet                 LeNet-5, 10 epochs
#   scripts/train.sh --net series                the series' CNN, its 2000 steps
#   scripts/train.sh --net lenet --epochs 3 --checkpoint ck --log log
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh train
cmake --preset release >/dev/null
cmake --build --preset release --target 12_fashion_mnist
./build/release/tutorials/12_fashion_mnist "$@"
