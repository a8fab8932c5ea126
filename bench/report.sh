#!/usr/bin/env bash
# bench/report.sh [N] — county PDFs per second on one core, for a county of
# 30 bodies with two years of figures. Builds the database from a synthetic
# corpus (xxgk-synth), then moves towns and departments of other counties
# under one county (region codes rewritten in the bench database only, so the
# county has 30 bodies), and renders the county report N times (default 50)
# one after another. Prints PDFs/s and the PDF's size. Needs `bash .ci/setup`.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build/xxgk-synth --out "$tmp/syn" --bodies 400 --years 2023-2024 --seed 11 --gazetteer data/gazetteer > /dev/null
build/xxgk load --quiet --db "$tmp/b.db" --manifest "$tmp/syn/manifest.csv" "$tmp/syn"
county=$(sqlite3 "$tmp/b.db" "SELECT region_code FROM reports WHERE level='county' AND year=2024 ORDER BY region_code LIMIT 1")
have=$(sqlite3 "$tmp/b.db" "SELECT count(*) FROM reports WHERE year=2024 AND chosen=1 AND region_code LIKE '$county%'")
# 30 - have more bodies (both years) from elsewhere: towns become 9-digit codes under the county
sqlite3 "$tmp/b.db" "
  CREATE TEMP TABLE moved AS SELECT DISTINCT body_key FROM reports
    WHERE level IN ('town','department') AND substr(region_code,1,6) <> '$county' AND year=2024
    ORDER BY body_key LIMIT $((30 - have));
  UPDATE reports SET region_code = CASE level WHEN 'town' THEN '$county' || substr(region_code,7)
                                              ELSE '$county' END
    WHERE body_key IN (SELECT body_key FROM moved);"
bodies=$(sqlite3 "$tmp/b.db" "SELECT count(*) FROM reports WHERE year=2024 AND chosen=1 AND region_code LIKE '$county%'")
start=$(date +%s.%N)
for i in $(seq "$n"); do
  build/xxgk report county --db "$tmp/b.db" --region "$county" --year 2024 -o "$tmp/c.pdf" 2> /dev/null
done
end=$(date +%s.%N)
size=$(stat -c %s "$tmp/c.pdf")
pages=$(pdfinfo "$tmp/c.pdf" | awk '/^Pages/ {print $2}')
awk -v n="$n" -v s="$start" -v e="$end" -v b="$bodies" -v z="$size" -v p="$pages" -v c="$county" 'BEGIN {
  printf "county %s, %d bodies in 2024: %d PDFs in %.2f s = %.1f PDFs/s on one core (whole command: open db, check, lay out, subset, write)\n", c, b, n, e - s, n / (e - s)
  printf "each PDF %d pages, %.0f KB\n", p, z / 1024 }'
