#!/usr/bin/env bash
# Rebuilds the example PDFs in this folder from the shipped fixtures plus a
# synthetic corpus (xxgk-synth, seed 7: 120 bodies, 2023–2024), in
# deterministic mode (fixed date and ids). Run from the repository root after
# `bash .ci/setup`.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build/xxgk-synth --out "$tmp/syn" --bodies 120 --years 2023-2024 --seed 7 --outlier-rate 0.08 \
  --gazetteer data/gazetteer > /dev/null
build/xxgk load --db "$tmp/x.db" fixtures/seeds fixtures/corpus
build/xxgk load --db "$tmp/x.db" --manifest "$tmp/syn/manifest.csv" "$tmp/syn"
out=reports/examples
# 和田县 2024 (synthetic figures on real region names), 8 bodies
build/xxgk report county --db "$tmp/x.db" --region 653221 --year 2024 --date 2025-03-20 --deterministic \
  -o "$out/county_653221_2024.pdf"
# 淮安市洪泽区 2023, a real report from the corpus
sha=$(sqlite3 "$tmp/x.db" "SELECT sha256 FROM reports WHERE region_code='320813' AND year=2023 AND chosen=1")
build/xxgk report agency --db "$tmp/x.db" --report "$sha" --date 2025-03-20 --deterministic \
  -o "$out/agency_320813_2023.pdf"
build/xxgk report outliers --db "$tmp/x.db" --year 2024 --date 2025-03-20 --deterministic \
  -o "$out/outliers_2024.pdf"
