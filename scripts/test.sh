#!/usr/bin/env bash
# Builds and runs every test: with g++ (Debug, -Werror, and the docs, checked in Chromium), with
# clang (Debug, -Werror, and a minute of fuzzing the .npy parser), then the runtime suite and the
# tutorials again under AddressSanitizer + UndefinedBehaviorSanitizer, the two-thread tests under
# ThreadSanitizer, and finally every tutorial once under valgrind's memcheck.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test
presets=(gcc clang sanitize)
# the thread preset runs fast_direct_test's SSE2 build, which x86-64 machines alone have
if [[ "$(uname -m)" == x86_64 ]]; then presets+=(thread); fi
presets+=(memcheck)
for preset in "${presets[@]}"; do
  echo "== ctnn: workflow preset ${preset}"
  cmake --workflow --preset "${preset}"
done
