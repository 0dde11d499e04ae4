#!/usr/bin/env bash
# Builds and runs every test: g++ (with the docs, checked in Chromium) and clang (Debug, -Werror),
# then the runtime suite and the tutorials again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test
for preset in gcc clang sanitize; do
  echo "== ctnn: workflow preset ${preset}"
  cmake --workflow --preset "${preset}"
done
