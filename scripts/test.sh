#!/usr/bin/env bash
# Runs every test of baogao, on a fresh Debian machine too: installs what is
# missing (Chromium, Java, npm packages), then runs the Rust checks and tests,
# builds the bundled archive and a synthetic one of 1,000 reports, and runs
# the HTML validation and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

step "system packages"
[ -x /usr/bin/chromium ] || apt_install chromium
command -v java >/dev/null || apt_install default-jre-headless

step "npm packages"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # --ignore-scripts: vnu-jar's install script downloads a Java runtime; the
  # system's Java is used instead.
  npm ci --ignore-scripts --no-audit --no-fund
fi

step "cargo fmt"
cargo fmt --check

step "cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings

step "cargo test"
cargo test --all-targets

step "build the bundled archive"
cargo run --release --quiet -- build --content content --output public

step "build a synthetic archive of 1,000 reports"
archive=target/test-archive
rm -rf "$archive"
# The debug build: its dependencies are those cargo test built.
cargo run --quiet --example synth -- --reports 1000 --out "$archive/content" --seed 1 2>/dev/null
cargo run --release --quiet -- build --quiet --content "$archive/content" --output "$archive/public"

step "HTML validation and browser tests"
BAOGAO_SITE=public BAOGAO_ARCHIVE_SITE="$archive/public" node --test --test-concurrency=1 tests/js/
