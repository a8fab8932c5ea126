#!/usr/bin/env bash
# scan_variants.sh XXGK — the image variants scanners and phones write, read by OCR (issue 16):
# tests/scan_variants.py says which and how they are judged. Needs poppler-utils, python3-pil
# and the tesseract packages (`bash .ci/setup --tests`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=python3
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import PIL' 2>/dev/null; then py=$p; break; fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/xxgk-scan-variants.XXXXXX")
trap 'rm -rf "$work"' EXIT
export OMP_THREAD_LIMIT=1
"$py" "$here/scan_variants.py" "$1" "$work"
