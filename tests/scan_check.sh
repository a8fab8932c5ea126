#!/usr/bin/env bash
# scan_check.sh XXGK FIXTURES — a scan's doubtful figures reach the supervisor (issue 16): huaian_2024's
# table pages (3–5) as a dirty 300-dpi scan (1 % of pixels random grey; tools/scan/make_scan.py),
# where OCR leaves figures unconfirmed or unreadable (ocr.unconfirmed, ocr.unreadable). After
# `xxgk load` and `xxgk check --db`, each such cell has one scan.unconfirmed finding — severity warning,
# `where` the cell, its message in the table's words ending with the page of the scan the cell is on
# (cells[path].page of `xxgk parse --json`) — and the review workbook's problems sheet lists them.
# Needs poppler-utils, python3-pil, python3-openpyxl, sqlite3 and the tesseract packages.
set -euo pipefail
xxgk=$1 fixtures=$2
here=$(cd "$(dirname "$0")" && pwd)
py=python3
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import PIL, openpyxl' 2>/dev/null; then py=$p; break; fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/xxgk-scan-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
export OMP_THREAD_LIMIT=1
"$py" "$here/../tools/scan/make_scan.py" "$fixtures/pdf/huaian_2024.pdf" "$work/huaian-scan.pdf" \
  --page 3 --last 5 --dpi 300 --noise 0.01
"$xxgk" parse --json "$work/huaian-scan.pdf" > "$work/parsed.json"
"$xxgk" load --db "$work/t.db" "$work/huaian-scan.pdf" > /dev/null 2> "$work/load.err" ||
  { echo "FAIL: load: $(cat "$work/load.err")"; exit 1; }
rc=0
"$xxgk" check --db "$work/t.db" --json --xlsx "$work/review.xlsx" > "$work/findings.jsonl" 2> "$work/check.err" || rc=$?
[ "$rc" -le 1 ] || { echo "FAIL: check: exit $rc: $(cat "$work/check.err")"; exit 1; }
"$py" - "$work/parsed.json" "$work/findings.jsonl" "$work/review.xlsx" <<'PY'
import json, sys
import openpyxl
report = json.load(open(sys.argv[1], encoding='utf-8'))
findings = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8') if l.strip()]
# the cells OCR doubts, from the parser's own warnings ("path：扫描件识读为 …")
doubted = {w['message'].split('：', 1)[0] for w in report['warnings']
           if w['code'] in ('ocr.unconfirmed', 'ocr.unreadable')}
problems = []
if len(doubted) < 5:
    problems.append('only %d doubted cells: the dirty scan no longer exercises the rule' % len(doubted))
scan = [f for f in findings if f['rule'] == 'scan.unconfirmed']
got = {f['where'] for f in scan}
if got != doubted or len(scan) != len(doubted):
    problems.append('scan.unconfirmed on %d cells (%d findings), the parser doubts %d: missing %s, extra %s'
                    % (len(got), len(scan), len(doubted), sorted(doubted - got)[:3], sorted(got - doubted)[:3]))
for f in scan:
    page = report['cells'].get(f['where'], {}).get('page')
    if f['severity'] != 'warning':
        problems.append('%s: severity %s' % (f['where'], f['severity']))
    if not page or not f['message'].startswith('扫描件表') or not f['message'].endswith('请核对原件第 %d 页' % page):
        problems.append('%s (page %s): %s' % (f['where'], page, f['message']))
# the review workbook: the problems sheet (问题清单) has a row for each, the rule named in its words
wb = openpyxl.load_workbook(sys.argv[3], read_only=True)
sheet = wb['问题清单']
rows = [[str(c) for c in r if c is not None] for r in sheet.iter_rows(values_only=True)]
listed = sum(1 for r in rows if any('扫描件数字待核对' in c for c in r))
if listed != len(scan):
    problems.append('the workbook lists %d scan.unconfirmed rows, expected %d' % (listed, len(scan)))
if problems:
    print('FAIL: ' + '\n      '.join(problems[:10]))
    sys.exit(1)
print('scan check: %d doubted cells, each a scan.unconfirmed finding naming its page, in the workbook too'
      % len(doubted))
PY
