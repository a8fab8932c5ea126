#!/usr/bin/env bash
# scan_inputs.sh XXGK FIXTURES — the forms a scan comes in (issue 16, items 1 and 2): a folder of
# a report's page images is one report, its pages in numeric order of their names; a multi-page
# TIFF (grey LZW, or black-and-white group 4) is one report, every page read in order; `xxgk load`
# of a folder tree takes a folder of page images as one report beside the others; a folder with no
# page image, a non-image among the pages, a page that does not decode: one line naming the file,
# and the other reports still loaded.
# The pages are huaian_2024's table pages (3–5) rasterised at 300 dpi (tools/scan/make_scan.py);
# every cell of tables 2–4 is compared with the hand-read huaian_2024.layout.expected.json.
# Needs poppler-utils, python3-pil, sqlite3 and the tesseract packages (`bash .ci/setup --tests`).
set -euo pipefail
xxgk=$1 fixtures=$2
here=$(cd "$(dirname "$0")" && pwd)
py=python3
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import PIL' 2>/dev/null; then py=$p; break; fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/xxgk-scan-inputs.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
pdf=$fixtures/pdf/huaian_2024.pdf
expected=$fixtures/corpus/huaian_2024.layout.expected.json
export OMP_THREAD_LIMIT=1

for p in 3 4 5; do
  "$py" "$here/../tools/scan/make_scan.py" "$pdf" "$work/p$p.png" --page "$p" --dpi 300
done

# judge JSON [CELL=PAGE ...]: every cell exact, source.name as given, each CELL found on PAGE
judge() {
  "$py" - "$expected" "$@" <<'EOF'
import json, sys
import os
sys.path.insert(0, os.environ['HERE'])
from ocr_scans import judge
expected = json.load(open(sys.argv[1], encoding='utf-8'))
lines = open(sys.argv[2], encoding='utf-8').read().splitlines()
if len(lines) != 1:
    sys.exit('%d reports, expected one' % len(lines))
got = json.loads(lines[0])
exact, flagged, wrong, bad = judge(expected, got)
problems = []
if exact != exact + flagged + wrong:
    problems.append('exact %d of %d: %s' % (exact, exact + flagged + wrong, '; '.join(bad[:5])))
if got['source']['name'] != sys.argv[3]:
    problems.append('source.name %r, expected %r' % (got['source']['name'], sys.argv[3]))
for want in sys.argv[4:]:
    path, page = want.split('=')
    have = got['cells'].get(path, {}).get('page')
    if have != int(page):
        problems.append('%s on page %s, expected page %s' % (path, have, page))
if problems:
    sys.exit('; '.join(problems))
EOF
}
export HERE=$here
# a cell of each table page: table 2 on the first page, table 3 on the second, table 4 on the third
pages=(active.regulations.issued=1 applications.new_received.natural_person=2 reviews.review.total=3)

# 1. a folder of page images whose name order (page-10, page-11, page-9) is not page order
scan=$work/tree/huaian-scan
mkdir -p "$scan"
cp "$work/p3.png" "$scan/page-9.png"
cp "$work/p4.png" "$scan/page-10.png"
cp "$work/p5.png" "$scan/page-11.png"
"$xxgk" parse --json "$scan" > "$work/folder.json" 2> "$work/folder.err" || bad "folder: exit $?: $(cat "$work/folder.err")"
[ -s "$work/folder.err" ] && bad "folder: something on standard error: $(cat "$work/folder.err")"
judge "$work/folder.json" huaian-scan "${pages[@]}" || bad "folder of page images"
# which file each page is (a cell's page counts them)
grep -qF '第 1 页 page-9.png，第 2 页 page-10.png，第 3 页 page-11.png' "$work/folder.json" ||
  bad "folder: no ocr.pages warning naming the files in page order"

# 2. the same pages as one multi-page TIFF (LZW grey, 300 dpi declared)
"$py" - "$work" <<'EOF'
import sys
from PIL import Image
w = sys.argv[1]
ims = [Image.open('%s/p%d.png' % (w, p)) for p in (3, 4, 5)]
ims[0].save(w + '/huaian.tif', save_all=True, append_images=ims[1:], compression='tiff_lzw', dpi=(300, 300))
# and black and white, CCITT group 4: what office scanners write (ink below grey 160)
bw = [im.point(lambda v: 255 if v >= 160 else 0).convert('1') for im in ims]
bw[0].save(w + '/huaian-g4.tif', save_all=True, append_images=bw[1:], compression='group4', dpi=(300, 300))
EOF
for t in huaian huaian-g4; do
  "$xxgk" parse --json "$work/$t.tif" > "$work/$t.json" 2> "$work/$t.err" || bad "$t.tif: exit $?: $(cat "$work/$t.err")"
  judge "$work/$t.json" "$t.tif" "${pages[@]}" || bad "multi-page TIFF $t.tif"
done

# 3. errors, each one line naming the file
expect_error() {  # expect_error WHAT PATH LINE: xxgk parse PATH fails with LINE first on standard error
  local rc=0
  "$xxgk" parse "$2" > "$work/out" 2> "$work/err" || rc=$?
  [ "$rc" -ne 0 ] || bad "$1: exit 0"
  [ -s "$work/out" ] && bad "$1: something on standard output"
  [ "$(head -n 1 "$work/err")" = "$3" ] || bad "$1: got '$(head -n 1 "$work/err")', expected '$3'"
}
mkdir "$work/empty"
expect_error "an empty folder" "$work/empty" "$work/empty: no report and no page image in the folder"
mixed=$work/tree/mixed-scan
mkdir -p "$mixed"
cp "$work/p3.png" "$mixed/1.png"
cp "$work/p4.png" "$mixed/2.png"
echo "scanned 2024-03-01" > "$mixed/notes.txt"
line="$mixed: notes.txt: not a page image (.png .jpg .jpeg .tif .tiff) in a folder of a scan's pages; move it out, the scan is not read without it"
expect_error "a non-image among the pages" "$mixed" "$line"
[ "$(wc -l < "$work/err")" -eq 1 ] || bad "a non-image among the pages: $(wc -l < "$work/err") lines on standard error"
damaged=$work/tree/damaged-scan
mkdir -p "$damaged"
cp "$work/p3.png" "$damaged/1.png"
cp "$here/bad_inputs/png_damaged_idat.png" "$damaged/2.png"
expect_error "a page that does not decode" "$damaged" \
  "$damaged: 2.png: this is a PNG image that cannot be decoded (damaged or cut short)"
[ "$(wc -l < "$work/err")" -eq 1 ] || bad "a damaged page: $(wc -l < "$work/err") lines on standard error: $(cat "$work/err")"

# 4. xxgk load of the tree: the folder of pages is one report beside a text report; a page image
# among reports is skipped, told; the two bad scans fail, named; nothing else is lost
cp "$fixtures/seeds/000_2a68a08fb10c7e43.txt" "$work/tree/"
cp "$work/p3.png" "$work/tree/logo.png"
rc=0
XXGK_LOAD_LOG_EVERY=3599 "$xxgk" load --db "$work/t.db" "$work/tree" > "$work/load.out" 2> "$work/load.err" || rc=$?
[ "$rc" -eq 1 ] || bad "load: exit $rc, expected 1 (two scans failed)"
grep -qxF "$work/tree/logo.png: a page image among other reports; a scan's page images go in a folder of their own (skipped)" \
  "$work/load.err" || bad "load: the page image among reports not told: $(cat "$work/load.err")"
grep -qxF "$damaged: 2.png: this is a PNG image that cannot be decoded (damaged or cut short)" "$work/load.err" ||
  bad "load: the damaged page not named: $(cat "$work/load.err")"
grep -qxF "$line" "$work/load.err" || bad "load: the non-image among pages not named: $(cat "$work/load.err")"
got=$(sqlite3 "$work/t.db" "SELECT group_concat(source_name || ':' || format, ' ') FROM (SELECT * FROM reports ORDER BY source_name)")
[ "$got" = "000_2a68a08fb10c7e43.txt:text huaian-scan:image" ] || bad "load: stored '$got'"
quarantined=$(sqlite3 "$work/t.db" "SELECT count(*) FROM quarantine")
[ "$quarantined" = 2 ] || bad "load: $quarantined in the quarantine, expected 2"
[ "$fail" -eq 0 ] && echo "scan inputs: all passed"
exit "$fail"
