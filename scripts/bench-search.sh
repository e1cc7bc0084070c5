#!/usr/bin/env bash
# Search benchmark: builds a synthetic archive (examples/synth.rs) and prints
# the index size (total and per report), the bytes a cold query downloads
# (median and worst, gzip and JSON), the sequential fetch rounds and the
# query time once loaded (tests/js/lib/search_bench.mjs).
#
#   bash scripts/bench-search.sh [REPORTS]     (default: 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${BENCH_DIR:-$(mktemp -d)}
cargo build --release --quiet --bin baogao --example synth
echo "machine: $(nproc) cores"
content="$work/content-$n"
[ -d "$content" ] || target/release/examples/synth --reports "$n" --out "$content" --seed 1 2>/dev/null
rm -rf "$work/public-$n"
target/release/baogao build --content "$content" --output "$work/public-$n" --timings 2>&1 | grep -E '^(index|built)'
node tests/js/lib/search_bench.mjs "$work/public-$n"
