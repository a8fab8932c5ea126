#!/usr/bin/env bash
# bench/report.sh [N] — county 通报 PDFs per second on one core, for a county of 36 bodies with two
# years of figures (34 reports this year, 2 缺报). Builds the database from a synthetic corpus
# (xxgk-synth, 400 bodies), gathers 36 of its bodies into one county (tests/synth_county.py), stores
# the findings (xxgk check --db, as a user does before writing the 通报), then renders the county's
# 通报 N times (default 50) one after another on CPU 0. Prints PDFs/s, the pages and the PDF's size.
# Then the same N 通报s in one process (build/bench/bench_compose: no process start-up, the fonts
# opened once), compose and render apart, in CPU time as well as wall time: the machine may be
# shared. Needs `bash .ci/setup`.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build/xxgk-synth --out "$tmp/syn" --bodies 400 --years 2023-2024 --seed 11 --outlier-rate 0.1 --error-rate 0.1 \
  --gazetteer data/gazetteer > /dev/null
build/xxgk load --quiet --db "$tmp/b.db" --manifest "$tmp/syn/manifest.csv" "$tmp/syn"
county=$(python3 tests/synth_county.py "$tmp/b.db" 2024 36 2)
build/xxgk check --db "$tmp/b.db" > /dev/null || true
bodies=$(sqlite3 "$tmp/b.db" "SELECT count(*) FROM reports WHERE year=2024 AND chosen=1 AND region_code LIKE '$county%'")
one=(taskset -c 0)
command -v taskset > /dev/null || one=()
start=$(date +%s.%N)
for i in $(seq "$n"); do
  "${one[@]}" build/xxgk report county --db "$tmp/b.db" --region "$county" --year 2024 --deterministic \
    --issuer 某区人民政府办公室 -o "$tmp/c.pdf" 2> /dev/null
done
end=$(date +%s.%N)
size=$(stat -c %s "$tmp/c.pdf")
pages=$(pdfinfo "$tmp/c.pdf" | awk '/^Pages/ {print $2}')
awk -v n="$n" -v s="$start" -v e="$end" -v b="$bodies" -v z="$size" -v p="$pages" -v c="$county" 'BEGIN {
  printf "county %s, %d reports in 2024 (and 2 缺报): %d PDFs in %.2f s = %.1f PDFs/s on one core\n", c, b, n, e - s, n / (e - s)
  printf "(the whole command: open the database, read findings and figures, test outliers, compose, lay out, subset, write)\n"
  printf "each PDF %d pages, %.0f KB\n", p, z / 1024 }'
"${one[@]}" build/bench/bench_compose "$tmp/b.db" "$county" 2024 "$n"
