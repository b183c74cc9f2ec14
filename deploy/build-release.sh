#!/usr/bin/env bash
# Builds what a deployment runs into OUT: the release server binary and the web apps (the
# holder's, venue and admin builds, precompressed). The Containerfile's build stage runs this, and
# CI runs it on the host (.ci/deployment-check.py), so the image's steps are checked even where no
# container engine can run.
set -euo pipefail
out=${1:?usage: deploy/build-release.sh OUT}
cd "$(dirname "$0")/.."
# The web build needs Node's npm (for wasm-opt and esbuild); a bare Rust image has none.
if ! command -v npm >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
cargo xtask web
cargo build --release --locked --package aktivitetskortet-server
mkdir -p "$out"
cp target/release/aktivitetskortet-server "$out/"
rm -rf "$out/web"
cp -r dist/web "$out/web"
echo "built into $out: aktivitetskortet-server and web/"
