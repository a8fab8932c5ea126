#!/usr/bin/env bash
# bench/parse.sh — parse throughput by layout, one core, from memory.
# Run after .ci/setup:  bash bench/parse.sh [MB]   (default 128 MB a group)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-128}
b=build/bench/bench_parse
run() { printf '%-44s ' "$1:"; shift; "$b" --mb "$mb" "$@" | paste -sd' ' | sed 's/parsed //'; }
run "seeds, all five (003 is traditional)"   fixtures/seeds/*.txt
run "seeds, simplified (000 001 002 004)"    fixtures/seeds/00[0124]*.txt
run "seed 003 alone (OpenCC t2s)"            fixtures/seeds/003*.txt
run "converter text (pdftotext, OCR)"        fixtures/corpus/*.layout.txt fixtures/corpus/*.raw.txt fixtures/corpus/*.ocr.md
run "HTML (libxml2)"                         fixtures/corpus/*.html
run "run-together web text (read twice)"     fixtures/corpus/pingtan_*.txt
