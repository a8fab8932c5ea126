#!/usr/bin/env bash
# bench/ocr.sh [CLASSES] — scans read by OCR (issue 16): each corpus PDF, the
# hand-read fixtures' figures drawn by a second producer (tests/synth_pdf.py,
# reportlab) in each layout class (ruled, narrow wrapped labels, three-line
# tables without vertical rules), and xxgk-synth reports drawn the same way
# (XXGK_OCR_BODIES of them, default 3: one a class), made
# into a scan in every degradation class (tools/scan/make_scan.py: 300 and
# 200 dpi, JPEG quality 60, turned ±1°, salt-and-pepper noise, combined),
# parsed with `xxgk parse --json` on one core (OMP_THREAD_LIMIT=1), every
# cell of tables 2–4 compared with the hand-read report: exact, flagged
# (not the document's figure, but its cell says so), wrong (never allowed);
# CPU seconds a report and the parse's peak resident set.
# Needs `bash .ci/setup --tests` (poppler-utils, python3-pil, tesseract).
set -euo pipefail
cd "$(dirname "$0")/.."
classes=${1:-300,200,jpeg60,rot+1,rot-1,noise,200jpeg60rot-1}
py=python3
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import PIL' 2>/dev/null; then py=$p; break; fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/xxgk-ocr-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
taskset -c 0 "$py" tests/ocr_scans.py --xxgk build/xxgk --work "$work" --classes "$classes" \
  --real fixtures/pdf/hongze_2023.pdf fixtures/corpus/hongze_2023.layout.expected.json \
  --real fixtures/pdf/huaian_2024.pdf fixtures/corpus/huaian_2024.layout.expected.json \
  --draw fixtures/corpus/huaian_2024.layout.expected.json fixtures/corpus/hongze_2023.layout.expected.json \
         fixtures/corpus/pingtan_2021.expected.json fixtures/corpus/pingtan_2023.expected.json \
         fixtures/corpus/shuyang_2025.ocr.expected.json fixtures/corpus/shuyang_fgj_2023.expected.json \
  --synth build/xxgk-synth --gazetteer data/gazetteer --bodies "${XXGK_OCR_BODIES:-3}" || true
