#!/usr/bin/env bash
# Whether a change left the generated sites as they were: builds the bundled
# archive and a synthetic archive of 1,000 reports with the release build of
# BASE (a commit, default HEAD) and with the working tree, then compares the
# two outputs byte for byte (diff -r). For refactors that must change no
# output. Both builds read the same synthetic reports (made by the working
# tree's examples/synth.rs). BASE is built in a worktree under target/ with
# a target folder of its own, kept between runs.
#
#   bash scripts/same-output.sh [BASE]
set -euo pipefail
cd "$(dirname "$0")/.."

base=${1:-HEAD}
rev=$(git rev-parse --verify "$base^{commit}")
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release --quiet --bin baogao --example synth
target/release/examples/synth --reports 1000 --out "$work/synthetic" --seed 1 2>/dev/null

git worktree add --quiet --detach "$work/base" "$rev"
CARGO_TARGET_DIR="$PWD/target/same-output-base" cargo build --release --quiet --bin baogao \
  --manifest-path "$work/base/Cargo.toml"
old=$PWD/target/same-output-base/release/baogao
new=$PWD/target/release/baogao

status=0
# Each binary runs in its own tree: a build reads the templates/ and static/
# folders of the folder it runs in as the site's own, so the base must not
# read the working tree's.
for archive in "$PWD/content" "$work/synthetic"; do
  name=$(basename "$archive")
  (cd "$work/base" && "$old" build --quiet --content "$archive" --output "$work/old-$name")
  "$new" build --quiet --content "$archive" --output "$work/new-$name"
  if diff -r --brief "$work/old-$name" "$work/new-$name" > "$work/diff-$name"; then
    echo "$name: the same $(find "$work/new-$name" -type f | wc -l) files, byte for byte, as ${rev:0:12}"
  else
    echo "$name: $(wc -l < "$work/diff-$name") differences from ${rev:0:12}:"
    head -20 "$work/diff-$name"
    status=1
  fi
done
exit $status
