#!/usr/bin/env bash
# The supply-chain check: `cargo deny check` (advisories, bans, licences, sources; deny.toml says
# why each allowance is there). cargo-deny reads RustSec's advisory database from a git clone in
# target/advisory-db. This machine cannot reach GitHub, so the clone comes from, in order:
#   $AK_ADVISORY_DB (a path or URL of a clone of github.com/rustsec/advisory-db),
#   GitHub itself (where it is reachable),
#   the snapshot the workplace's mirror holds (/work/.mirror/rustsec+advisory-db/repo).
# The database's date is printed, so a stale copy is seen in the log.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo install --locked --quiet cargo-deny@0.20.2

# cargo-deny's own directory name for the default database URL.
db=target/advisory-db/advisory-db-3157b0e258782691
rm -rf "$db"
mkdir -p target/advisory-db
for source in "${AK_ADVISORY_DB:-}" https://github.com/rustsec/advisory-db \
  /work/.mirror/rustsec+advisory-db/repo; do
  [ -n "$source" ] || continue
  if timeout 60 git clone --quiet --depth 1 "file://${source#file://}" "$db" 2>/dev/null \
    || timeout 60 git clone --quiet --depth 1 "$source" "$db" 2>/dev/null; then
    echo "advisory database from $source, as of $(git -C "$db" show -s --format=%cs HEAD)"
    break
  fi
done
if [ ! -d "$db" ]; then
  echo "no copy of RustSec's advisory database could be had; set AK_ADVISORY_DB" >&2
  exit 1
fi
# cargo-deny reads the metadata of every platform's dependencies (macOS's, Windows's too), which a
# Linux build never downloads: fetch them all first (from the crate registry), then check offline.
cargo fetch --locked --quiet
cargo deny --offline check
