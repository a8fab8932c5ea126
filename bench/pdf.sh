#!/usr/bin/env bash
# bench/pdf.sh [N] — PDF reports read on one core.
#  1. throughput: `xxgk parse --json` over the two corpus PDFs (hongze_2023,
#     5 pages; huaian_2024, 6 pages), N times each (default 100), in one
#     process, one file after another: poppler's text layer with character
#     boxes, lines and columns rebuilt from geometry, the parser, the JSON;
#  2. one report, whole process: a single `xxgk parse --json FILE` (start-up,
#     the gazetteer, the PDF, the output) against `pdftotext -layout FILE`,
#     the median of 15 runs of each; the target is at most 3 times as long.
# Times are CPU seconds (user + system, bash's `time`), so a shared machine
# slows them less than the wall clock; the wall time is shown beside.
# XXGK=other/xxgk compares another build. Needs `bash .ci/setup` (poppler-utils
# for pdftotext).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
xxgk=${XXGK:-build/xxgk}
TIMEFORMAT='%U %S %R'
cpu() {   # CPU ms (user + system) and wall ms of "$@", output discarded
  local t
  t=$( { time taskset -c 0 "$@" > /dev/null 2>&1; } 2>&1 )
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.1f %.1f", 1000 * (a[1] + a[2]), 1000 * a[3] }'
}
files=()
for i in $(seq "$n"); do files+=(fixtures/pdf/hongze_2023.pdf fixtures/pdf/huaian_2024.pdf); done
read -r c w <<< "$(cpu "$xxgk" parse --json "${files[@]}")"
awk -v n="$((2 * n))" -v c="$c" -v w="$w" 'BEGIN {
  printf "%d PDF reports in %.2f s CPU (%.2f s wall) = %.1f reports/s on one core (%.1f ms each)\n",
         n, c / 1000, w / 1000, n / (c / 1000), c / n }'
median() {   # median CPU ms of 15 runs of "$@"
  for i in $(seq 15); do cpu "$@" | cut -d' ' -f1; done | sort -n | sed -n 8p
}
for f in fixtures/pdf/hongze_2023.pdf fixtures/pdf/huaian_2024.pdf; do
  x=$(median "$xxgk" parse --json "$f")
  p=$(median pdftotext -layout "$f" /dev/null)
  awk -v f="$(basename "$f")" -v x="$x" -v p="$p" 'BEGIN {
    printf "%s: xxgk parse %.1f ms CPU, pdftotext -layout %.1f ms: %.1f times as long (target: at most 3)\n", f, x, p, x / p }'
done
