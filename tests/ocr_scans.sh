#!/usr/bin/env bash
# ocr_scans.sh XXGK FIXTURES — scans read by OCR (issue 16): huaian_2024's
# table pages (3–5) made into image-only PDFs in several degradation
# classes (tools/scan/make_scan.py), every cell of tables 2–4 checked against
# the hand-read report; no cell may be wrong without a flag on it, and the
# clean and lightly degraded scans must be exact (tests/ocr_scans.py). Also a
# hand-read report drawn anew in two layout classes (tests/synth_pdf.py).
# Needs poppler-utils, python3-pil and the tesseract packages (`bash .ci/setup --tests`).
set -euo pipefail
xxgk=$1 fixtures=$2
here=$(cd "$(dirname "$0")" && pwd)
py=python3
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import PIL' 2>/dev/null; then py=$p; break; fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/xxgk-ocr.XXXXXX")
trap 'rm -rf "$work"' EXIT
real=("$fixtures/pdf/huaian_2024.pdf" "$fixtures/corpus/huaian_2024.layout.expected.json" 3-5)
# every figure exact: a clean 300 dpi scan, one turned −1° (a serif 1 that neither model read with
# the cell's usual border: its row refused), and one at 200 dpi saved as JPEG quality 60 turned 1°
"$py" "$here/ocr_scans.py" --xxgk "$xxgk" --work "$work" --classes 300,rot-1,200jpeg60rot-1 --min-exact 1.0 \
  --real "${real[@]}"
# a hand-read report's figures drawn by a second producer (reportlab) with
# narrow wrapped labels, and as a 三线表 without vertical rules (the grid
# from whitespace), scanned at 300 dpi: every figure exact
"$py" "$here/ocr_scans.py" --xxgk "$xxgk" --work "$work" --classes 300 --min-exact 1.0 \
  --draw "$fixtures/corpus/shuyang_fgj_2023.expected.json" --layouts narrow,threeline
# full grid, table 4's figures under two-line headings, a table-2 label misread by one character
"$py" "$here/ocr_scans.py" --xxgk "$xxgk" --work "$work" --classes 300 --min-exact 1.0 \
  --draw "$fixtures/corpus/pingtan_2023.expected.json" --layouts ruled
# salt-and-pepper noise: none wrong without a flag on its cell — on the real serif scan (where the
# median wore thin strokes: 1s read as nothing, 447 as 147, a label misread, 162 of 200 exact before
# figures were read again from the page before its median), and on a drawn 三线表 (its rows found
# from whitespace, where noise left on the page once read as "-" and moved table 2's figures a row)
"$py" "$here/ocr_scans.py" --xxgk "$xxgk" --work "$work" --classes noise --min-exact 0.99 --real "${real[@]}"
"$py" "$here/ocr_scans.py" --xxgk "$xxgk" --work "$work" --classes noise \
  --draw "$fixtures/corpus/huaian_2024.layout.expected.json" --layouts threeline
# degraded drawn scans (the sans face, its 0s blurred): full grid at 200 dpi and as JPEG 60 — table
# 4's two-line heading 其他结果 read as 他 and then as the figure "4" (table 4 refused), a wrapped
# label read as one block garbled (its row lost), 0s read 6 at confidence 0 by the digit model
# where chi_sim read 0 or O (rows unreadable) — and the narrow layout at 200 dpi, JPEG 60, −1°
"$py" "$here/ocr_scans.py" --xxgk "$xxgk" --work "$work" --classes 200,jpeg60 --min-exact 0.99 \
  --draw "$fixtures/corpus/huaian_2024.layout.expected.json" --layouts ruled
"$py" "$here/ocr_scans.py" --xxgk "$xxgk" --work "$work" --classes 200jpeg60rot-1 --min-exact 0.99 \
  --draw "$fixtures/corpus/huaian_2024.layout.expected.json" --layouts narrow
