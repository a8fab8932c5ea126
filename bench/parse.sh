#!/usr/bin/env bash
# bench/parse.sh — parse throughput by layout, one core, from memory.
# Run after .ci/setup:  bash bench/parse.sh [MB]   (default 128 MB a group)
# Rates are per CPU second (user + system), so a shared machine slows them
# less than the wall clock; BENCH_PARSE=other/bench_parse compares two builds.
# The converter-mode group is made here from the corpus PDFs with
# poppler-utils (pdftotext default mode, pdftohtml -i -noframes, -s, -xml).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-128}
b=${BENCH_PARSE:-build/bench/bench_parse}
run() { printf '%-44s ' "$1:"; shift; taskset -c 0 "$b" --mb "$mb" "$@" | paste -sd' ' | sed 's/parsed //'; }
run "seeds, all five (003 is traditional)"   fixtures/seeds/*.txt
run "seeds, simplified (000 001 002 004)"    fixtures/seeds/00[0124]*.txt
run "seed 003 alone (OpenCC t2s)"            fixtures/seeds/003*.txt
run "converter text (pdftotext, OCR)"        fixtures/corpus/*.layout.txt fixtures/corpus/*.raw.txt fixtures/corpus/*.ocr.md
run "HTML (libxml2)"                         fixtures/corpus/*.html
run "run-together web text (read twice)"     fixtures/corpus/pingtan_*.txt
if command -v pdftohtml > /dev/null; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xxgk-bench.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  for f in fixtures/pdf/hongze_2023.pdf fixtures/pdf/huaian_2024.pdf; do
    s=$(basename "$f" .pdf)
    pdftotext "$f" "$tmp/$s.default.txt"
    pdftohtml -i -noframes -stdout "$f" > "$tmp/$s.br.html"
    pdftohtml -s -i -noframes -stdout "$f" > "$tmp/$s.s.html"
    pdftohtml -i -xml -stdout "$f" > "$tmp/$s.xml"
  done
  run "pdftotext default mode (labels apart)"  "$tmp"/*.default.txt
  run "pdftohtml -i -noframes (<br/> lines)"   "$tmp"/*.br.html
  run "pdftohtml -s / -xml (read by position)" "$tmp"/*.s.html "$tmp"/*.xml
fi
