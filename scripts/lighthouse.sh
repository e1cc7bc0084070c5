#!/usr/bin/env bash
# Lighthouse (npm lighthouse@12.2.3, installed into a scratch folder, with
# Debian's Chromium) on seven pages of a built site served over loopback:
# the home page, the compliance matrix, the trends, a report, a topic, a
# cited document and an issuer's timeline. Prints each page's scores for performance, accessibility, best
# practices and SEO (Lighthouse's default: a phone on a throttled network),
# the median of three runs, since the performance score moves with the
# machine's load from run to run.
#
#   bash scripts/lighthouse.sh SITE
set -euo pipefail
cd "$(dirname "$0")/.."
site=$(realpath "${1:?usage: bash scripts/lighthouse.sh SITE}")
tools=${LIGHTHOUSE_DIR:-$(mktemp -d)}
[ -x "$tools/node_modules/.bin/lighthouse" ] || npm i -E --silent --prefix "$tools" lighthouse@12.2.3 >/dev/null
port=$((20000 + RANDOM % 20000))
python3 -m http.server --bind 127.0.0.1 "$port" -d "$site" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
sleep 1
first() {
  # The first page of the first list, not a numbered later page.
  local all
  all=$(cd "$site" && find "$1" -maxdepth 1 -name '*.html' ! -name 'index*.html' ! -name '*.[0-9]*.html' | sort)
  echo "${all%%$'\n'*}"
}
pages=(index.html compare/matrix.html trends.html "$(first reports)" "$(first topics)" "$(first citations)")
# An issuer's timeline, where the archive has an issuer of several years.
timeline=$(first issuers)
[ -z "$timeline" ] || pages+=("$timeline")
flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
echo "Lighthouse 12.2.3 (mobile): performance / accessibility / best practices / SEO"
for page in "${pages[@]}"; do
  url="http://127.0.0.1:$port/$(node -e 'process.stdout.write(encodeURI(process.argv[1]))' "$page")"
  for run in 1 2 3; do
    CHROME_PATH=/usr/bin/chromium "$tools/node_modules/.bin/lighthouse" "$url" --quiet --chrome-flags="$flags" \
      --only-categories=performance,accessibility,best-practices,seo --output=json --output-path="$tools/report-$run.json" >/dev/null 2>&1 || true
  done
  node -e '
    const fs = require("fs");
    const runs = process.argv.slice(1, 4).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
    const median = (k) => {
      const scores = runs.map((r) => r.categories[k] && r.categories[k].score).filter((s) => s !== null && s !== undefined).sort((a, b) => a - b);
      return scores.length ? Math.round(scores[Math.floor(scores.length / 2)] * 100) : "—";
    };
    const failed = new Set(runs.flatMap((r) => Object.values(r.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary").map((a) => a.id)));
    console.log(`${process.argv[4].padEnd(40)} ${median("performance")} / ${median("accessibility")} / ${median("best-practices")} / ${median("seo")}` + (failed.size ? `   failed: ${[...failed].join(", ")}` : ""));
  ' "$tools"/report-{1,2,3}.json "$page"
  rm -f "$tools"/report-*.json
done
