#!/usr/bin/env bash
# serve_scan_zip.sh XXGK FIXTURES — `xxgk serve` takes a .zip of a scanned report's page images as one
# report (issue 16), as `xxgk load` takes a folder of them: huaian_2024's table pages (3–5) rasterised
# at 300 dpi (tools/scan/make_scan.py), zipped under names whose text order is not page order
# (scan/page-10.png, scan/page-11.png, scan/page-9.png), uploaded: one report loaded, read in page
# order (the ocr.pages warning) with every figure of tables 2–4 as hand-read in
# huaian_2024.layout.expected.json. A zip of pages with a text file among them is refused, named; a
# zip of text reports is still taken file by file.
# Needs curl, poppler-utils, python3-pil and the tesseract packages (`bash .ci/setup --tests`).
set -u
xxgk=$(realpath "$1")
fixtures=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null; wait "$p" 2> /dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }
export LANG=C.UTF-8 LC_ALL=C.UTF-8 OMP_THREAD_LIMIT=1
py=python3
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import PIL' 2>/dev/null; then py=$p; break; fi
done
command -v curl > /dev/null || { echo "FAIL: curl is not installed"; exit 1; }
cd "$tmp"
mkdir srvtmp
for p in 3 4 5; do
  "$py" "$here/../tools/scan/make_scan.py" "$fixtures/pdf/huaian_2024.pdf" "p$p.png" --page "$p" --dpi 300
done
"$py" - <<'PY'
import zipfile
with zipfile.ZipFile('scan.zip', 'w') as z:   # stored: PNG is compressed already
    for name, page in (('scan/page-10.png', 4), ('scan/page-11.png', 5), ('scan/page-9.png', 3)):
        z.write('p%d.png' % page, name)
    z.writestr('__MACOSX/scan/._page-9.png', b'resource fork')
from PIL import Image
Image.new('L', (60, 40), 255).save('blank.png')
with zipfile.ZipFile('mixed.zip', 'w') as z:
    z.write('p3.png', 'scan/1.png')
    z.write('p4.png', 'scan/2.png')
    z.writestr('scan/notes.txt', 'scanned 2024-03-01')
PY
: > x.db
TMPDIR=$tmp/srvtmp "$xxgk" serve --db x.db --listen 127.0.0.1:0 > s.out 2> s.log &
pids+=($!)
for _ in $(seq 600); do
  grep -q '^xxgk serve: http' s.log && break
  kill -0 "${pids[-1]}" 2> /dev/null || break
  sleep 0.05
done
url=$(sed -n 's|^xxgk serve: \(http://[^/]*\)/.*|\1|p' s.log)
check "server prints where it listens" '[ -n "$url" ]'
curl -s "$url/api/session" > session.json
csrf=$("$py" -c 'import json; print(json.load(open("session.json"))["csrf"])')
up() { curl -s -o "$1" -w '%{http_code}' -X POST -H "X-CSRF-Token: $csrf" --data-binary "@$2" "$url/api/upload?name=$2"; }
check "a zip of page images: 200" '[ "$(up scan.json scan.zip)" = 200 ]'
"$py" - scan.json "$fixtures/corpus/huaian_2024.layout.expected.json" x.db "$here" <<'PY' || fail=$((fail + 1))
import json, sqlite3, sys
sys.path.insert(0, sys.argv[4])
from convert_modes import flat
up = json.load(open(sys.argv[1]))
problems = []
files = up['files']
if len(files) != 1 or files[0]['outcome'] != 'loaded' or up['loaded'] != 1:
    problems.append('expected one report loaded, got %s' % files)
db = sqlite3.connect(sys.argv[3])
rows = db.execute("SELECT source_name, format FROM reports").fetchall()
if rows != [('scan.zip', 'image')]:
    problems.append('stored %s' % rows)
msgs = [m for (m,) in db.execute("SELECT message FROM warnings WHERE code = 'ocr.pages'")]
if not msgs or '第 1 页 scan/page-9.png，第 2 页 scan/page-10.png，第 3 页 scan/page-11.png' not in msgs[0]:
    problems.append('pages not in numeric order: %s' % msgs)
# every figure of tables 2–4 against the hand-read truth (the store's cells)
want = flat(json.load(open(sys.argv[2], encoding='utf-8')))
have = {}
t3 = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total']
for (key, *vals) in db.execute("SELECT t.key, a.natural_person, a.commercial, a.research, a.social_org,"
                               " a.legal_service, a.other_org, a.total FROM applications a JOIN t3_rows t"
                               " ON t.row = a.row"):
    for c, v in zip(t3, vals):
        have['applications.%s.%s' % (key, c)] = v
t4 = ['review', 'litigation_direct', 'litigation_after_review']
for (g, *vals) in db.execute("SELECT grp, upheld, corrected, other, pending, total FROM reviews"):
    for c, v in zip(['upheld', 'corrected', 'other', 'pending', 'total'], vals):
        have['reviews.%s.%s' % (t4[g], c)] = v
wrong = [k for k, v in want.items() if k.startswith(('applications.', 'reviews.')) and have.get(k) != v]
if wrong or not have:
    problems.append('%d of the table 3–4 figures differ from the document: %s' % (len(wrong), wrong[:4]))
if problems:
    print('FAIL: ' + '\n      '.join(problems))
    sys.exit(1)
PY
check "pages with a text file among them: refused, the file named" \
  '[ "$(up mixed.json mixed.zip)" = 200 ] && grep -q "scan/notes.txt: not a page image" mixed.json && grep -q "\"refused\": *1" mixed.json'
"$py" -c 'import zipfile, sys; z = zipfile.ZipFile("texts.zip", "w"); [z.write(f, f.rsplit("/", 1)[1]) for f in sys.argv[1:]]' \
  "$fixtures"/seeds/00[0-2]_*.txt "$tmp/blank.png"
check "a zip of text reports (and one picture) is still taken file by file" \
  '[ "$(up texts.json texts.zip)" = 200 ] && grep -q "\"loaded\": *3" texts.json && grep -q "\"refused\": *1" texts.json'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
