#!/usr/bin/env bash
# browser_pdf.sh XXGK XXGK_SYNTH GAZETTEER — synthetic reports published as
# web pages and printed to PDF by headless Chromium, read directly and through
# every converter mode; no cell may be wrong (tests/browser_pdf.py, issue 11).
# Needs chromium, poppler-utils (`bash .ci/setup --tests`).
set -euo pipefail
xxgk=$1 synth=$2 gazetteer=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/xxgk-browser-pdf.XXXXXX")
trap 'rm -rf "$work"' EXIT
run() { python3 "$here/browser_pdf.py" --xxgk "$xxgk" --synth "$synth" --gazetteer "$gazetteer" "$@"; }
run --work "$work/all"
# pdftotext's default mode setting a row's printed figures aside as a stray
# ("0 0 0 3 0 2", its 3 a misprint the generator plants) and the row, short
# of them, filled by the rules: 0 where the document prints 3, "inferred"
# (the rules assume the figures the report misprints); now unreadable.
run --work "$work/stray" --bodies 30 --only 640221_2023_cgj --only 450125_2022_jyj
