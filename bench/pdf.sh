#!/usr/bin/env bash
# bench/pdf.sh [N] — PDF reports read on one core.
#  1. throughput: `xxgk parse --json` over the two corpus PDFs (hongze_2023,
#     5 pages; huaian_2024, 6 pages), N times each (default 100), in one
#     process, one file after another: poppler's text layer with character
#     boxes, lines and columns rebuilt from geometry, the parser, the JSON;
#  2. one report, whole process: a single `xxgk parse --json FILE` (start-up,
#     the gazetteer, the PDF, the output) against `pdftotext -layout FILE`,
#     the median of 15 runs of each; the target is at most 3 times as long.
# Needs `bash .ci/setup` (poppler-utils for pdftotext).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
files=()
for i in $(seq "$n"); do files+=(fixtures/pdf/hongze_2023.pdf fixtures/pdf/huaian_2024.pdf); done
start=$(date +%s.%N)
taskset -c 0 build/xxgk parse --json "${files[@]}" > /dev/null
end=$(date +%s.%N)
awk -v n="$((2 * n))" -v s="$start" -v e="$end" 'BEGIN {
  printf "%d PDF reports in %.2f s = %.1f reports/s on one core (%.1f ms each)\n", n, e - s, n / (e - s), 1000 * (e - s) / n }'
median() {   # median wall time in ms of 15 runs of "$@"
  for i in $(seq 15); do
    s=$(date +%s%N); taskset -c 0 "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000 ))
  done | sort -n | sed -n 8p | awk '{ printf "%.1f", $1 / 1000 }'
}
for f in fixtures/pdf/hongze_2023.pdf fixtures/pdf/huaian_2024.pdf; do
  x=$(median build/xxgk parse --json "$f")
  p=$(median pdftotext -layout "$f" /dev/null)
  awk -v f="$(basename "$f")" -v x="$x" -v p="$p" 'BEGIN {
    printf "%s: xxgk parse %.1f ms, pdftotext -layout %.1f ms: %.1f times as long (target: at most 3)\n", f, x, p, x / p }'
done
