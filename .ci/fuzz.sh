#!/usr/bin/env bash
# The verifier's fuzz target for SECONDS seconds (default 60) from the committed corpus, with
# AddressSanitizer: any crash or panic fails CI, and libFuzzer leaves the input in
# crates/core/fuzz/artifacts/ to add to the corpus as a regression test. New inputs it finds go to
# a temporary folder, so the committed corpus is only read.
set -euo pipefail
cd "$(dirname "$0")/../crates/core"

seconds="${1:-60}"
target="${FUZZ_TARGET:-verify}"
cargo install --locked --quiet cargo-fuzz@0.13.2
found="$(mktemp -d)"
trap 'rm -rf "$found"' EXIT
mkdir "$found/new"
# On the stable toolchain, RUSTC_BOOTSTRAP=1 lets cargo-fuzz use -Zsanitizer=address. Not
# --locked: the fuzz workspace's lockfile trails the core's dependencies between sessions.
status=0
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "$found/new" fuzz/corpus/verify -- \
  -max_total_time="$seconds" -max_len=1024 -print_final_stats=1 >"$found/log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  tail -n 60 "$found/log"
  echo "fuzzing $target failed (status $status)" >&2
  exit "$status"
fi
# The summary only: libFuzzer's progress lines would fill the CI log.
grep -E '^(#[0-9]+\s+(INITED|DONE)|stat::|Done )' "$found/log"
