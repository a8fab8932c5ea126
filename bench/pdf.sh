#!/usr/bin/env bash
# bench/pdf.sh [N] — PDF reports read per second on one core: `xxgk parse
# --json` over the two corpus PDFs (hongze_2023, 5 pages; huaian_2024, 6
# pages), N times each (default 100), in one process, one file after another.
# The time covers everything: poppler's text layer with character boxes,
# lines and columns rebuilt from geometry, the parser, the JSON. Needs
# `bash .ci/setup`.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
files=()
for i in $(seq "$n"); do files+=(fixtures/pdf/hongze_2023.pdf fixtures/pdf/huaian_2024.pdf); done
start=$(date +%s.%N)
build/xxgk parse --json "${files[@]}" > /dev/null
end=$(date +%s.%N)
awk -v n="$((2 * n))" -v s="$start" -v e="$end" 'BEGIN {
  printf "%d PDF reports in %.2f s = %.1f reports/s on one core (%.1f ms each)\n", n, e - s, n / (e - s), 1000 * (e - s) / n }'
