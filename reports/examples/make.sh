#!/usr/bin/env bash
# Rebuilds the example PDFs in this folder, in deterministic mode (fixed date and ids):
#  - county_3208_2024.pdf     the README main job's document: 淮安市 2024 from the shipped fixtures
#                             (its own report only: no subordinate body reported);
#  - county_<code>_2024.pdf   a 36-body county of the synthetic corpus (xxgk-synth, seed 11, 400
#                             bodies, 2023–2024, gathered into one county by tests/synth_county.py),
#                             with 落款, 文号 and 主送;
#  - agency_320813_2023.pdf   the review of a real report (淮安市洪泽区 2023, from the corpus);
#  - outliers_2024.pdf        the brief on every flagged body of the synthetic store.
# Run from anywhere after `bash .ci/setup`.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=reports/examples
rm -f "$out"/*.pdf
# the shipped fixtures, as the README main job loads them
build/xxgk load --quiet --db "$tmp/f.db" fixtures/seeds fixtures/corpus
build/xxgk check --db "$tmp/f.db" > /dev/null || true
build/xxgk report county --db "$tmp/f.db" --region 3208 --year 2024 --date 2025-04-20 --deterministic \
  -o "$out/county_3208_2024.pdf"
sha=$(sqlite3 "$tmp/f.db" "SELECT sha256 FROM reports WHERE region_code='320813' AND year=2023 AND chosen=1")
build/xxgk report agency --db "$tmp/f.db" --report "$sha" --date 2025-04-20 --deterministic \
  --issuer 淮安市人民政府办公室 -o "$out/agency_320813_2023.pdf"
# the synthetic county
build/xxgk-synth --out "$tmp/syn" --bodies 400 --years 2023-2024 --seed 11 --outlier-rate 0.1 --error-rate 0.1 \
  --gazetteer data/gazetteer > /dev/null
build/xxgk load --quiet --db "$tmp/s.db" --manifest "$tmp/syn/manifest.csv" "$tmp/syn"
county=$(python3 tests/synth_county.py "$tmp/s.db" 2024 36 2)
build/xxgk check --db "$tmp/s.db" > /dev/null || true
name=$(sqlite3 "$tmp/s.db" "SELECT name FROM regions WHERE code='$county'")
build/xxgk report county --db "$tmp/s.db" --region "$county" --year 2024 --date 2025-04-20 --deterministic \
  --issuer "${name}人民政府办公室" --doc-number "${name:0:2}政公开办〔2025〕3号" \
  --to "各街道办事处、乡镇人民政府，区政府各部门" -o "$out/county_${county}_2024.pdf"
build/xxgk report outliers --db "$tmp/s.db" --year 2024 --date 2025-04-20 --deterministic \
  -o "$out/outliers_2024.pdf"
ls -l "$out"/*.pdf
