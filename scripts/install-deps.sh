#!/usr/bin/env bash
# Installs the Debian 12 packages ctnn needs, only those missing: quick when all are present.
#   scripts/install-deps.sh tutorial   what building the tutorials needs
#   scripts/install-deps.sh train      what training on Fashion-MNIST needs (tutorial 12): the
#                                      tutorial packages, Boost's headers (Hana) and the data
#   scripts/install-deps.sh test       everything the whole test suite uses
set -euo pipefail

packages=(g++ cmake ninja-build libfmt-dev zlib1g-dev)
if [[ "${1:-tutorial}" == train ]]; then
  packages+=(libboost-dev dataset-fashion-mnist)
fi
if [[ "${1:-tutorial}" == test ]]; then
  packages+=(clang clang-format libboost-dev libboost-test-dev python3 python3-numpy
             dataset-fashion-mnist
             python3-matplotlib doxygen doxygen-awesome-css libjs-mathjax chromium valgrind
             libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "ctnn: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
