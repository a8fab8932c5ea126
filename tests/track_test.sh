#!/usr/bin/env bash
# track_test.sh XXGK FIXTURES — the review workbook and the rectification loop
# (issue 13, deliverables 1 and 2), read back with an independent reader
# (python3-openpyxl): the seeds' known problems in the right rows; a round
# trip check → edit statuses in the workbook → track → check that changes
# exactly the edited findings; ids that survive a corrected report; --since;
# CSV (BOM, headers, GBK from Excel) and waivers with quoted commas and GBK.
# Expected problems are the documents' (shared/corpus/EXPECTED.md, DOMAIN.md):
# seed 000 prints （七）总计 as 0 0 0 0 0 0 2; 洪泽区 2023 prints 行政复议 总计 0
# under 维持 10, 纠正 1, and 复议后起诉 总计 0 under 维持 5; seed 004 lost cells
# in 21 rows of table 3 and printed 16 numbers in table 4.
# Ends with "N passed, N failed".
set -u
xxgk=$(realpath "$1")
fixtures=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
export LANG=C LC_ALL=C LANGUAGE=
# Debian's python3 has openpyxl (.ci/setup --tests); a pyenv one on PATH may not
py=/usr/bin/python3
[ -x "$py" ] || py=python3
$py -c 'import openpyxl' || { echo "FAIL: python3-openpyxl is not installed"; exit 1; }
cd "$tmp"

mkdir in
cp "$fixtures"/seeds/*.txt "$fixtures"/corpus/hongze_2023.layout.txt in/
db=$tmp/x.db
"$xxgk" load --quiet --db "$db" in 2> /dev/null
SOURCE_DATE_EPOCH=1740787200 "$xxgk" check --db "$db" --quiet --xlsx r1.xlsx > check1.txt 2> check1.err; rc=$?
check "check --xlsx exits 1 (errors) and writes the workbook" '[ "$rc" -eq 1 ] && [ -s r1.xlsx ] && grep -q "wrote r1.xlsx" check1.err'

# ---- the workbook as Excel sees it ----
cat > wb.py <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
names = wb.sheetnames
fails = []
def need(cond, what):
    if not cond: fails.append(what)
need(names[:3] == ["汇总", "问题清单", "规则汇总"], "sheet names %r" % names)
ws = wb["问题清单"]
hdr = [c.value for c in ws[1]]
for h in ["编号", "区划代码", "单位", "年度", "表", "行", "列", "规则", "严重程度", "说明", "原文行号", "状态", "整改要求", "处理人", "处理日期", "处理说明"]:
    need(h in hdr, "problems header %s" % h)
need(ws.freeze_panes == "A2", "problems header frozen (%s)" % ws.freeze_panes)
need(ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:"), "problems autofilter")
need(ws.column_dimensions["K"].width >= 40, "说明 column wide")
dv = [d for d in ws.data_validations.dataValidation if d.type == "list"]
need(dv and "待整改" in dv[0].formula1 and "复核通过" in dv[0].formula1, "状态 drop-down")
col = {h: i for i, h in enumerate(hdr)}
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
def find(agency, rule, table=None, row=None, column=None):
    return [r for r in rows if r[col["单位"]] == agency and r[col["规则代码"]] == rule
            and (table is None or r[col["表"]] == table) and (row is None or r[col["行"]] == row)
            and (column is None or r[col["列"]] == column)]
# seed 000, 分水镇 2024: （七）总计 row 0 0 0 0 0 0 2
r = find("分水镇", "t3.row_sum", "表三", "（七）总计", "总计")
need(len(r) == 1, "seed 000 t3.row_sum row")
if r:
    r = r[0]
    need(r[col["年度"]] == 2024 and isinstance(r[col["年度"]], int), "年度 a number")
    need(r[col["区划代码"]] == "420984103", "分水镇 region code")
    need(r[col["原文行号"]] == 519 and isinstance(r[col["原文行号"]], int), "原文行号 519 as a number")
    need(r[col["严重程度"]] == "错误" and r[col["状态"]] == "待整改", "error, 待整改")
    need(r[col["整改要求"]], "a 整改要求")
need(len(find("分水镇", "t3.results_sum", "表三", None, "自然人")) == 1, "seed 000 results_sum on 自然人")
need(len(find("分水镇", "t3.balance", "表三", None, "自然人")) == 1, "seed 000 balance on 自然人")
# 洪泽区 2023: table 4 totals printed 0
need(len(find("洪泽区人民政府", "t4.sum", "表四", "行政复议", "总计")) == 1, "洪泽 review total")
need(len(find("洪泽区人民政府", "t4.sum", "表四", "行政诉讼（复议后起诉）", "总计")) == 1, "洪泽 after-review total")
# seed 004, 涧池镇 2023: 21 rows lost cells, table 4 has 16
need(len(find("涧池镇", "cells.missing")) == 21, "涧池镇 21 cells.missing (%d)" % len(find("涧池镇", "cells.missing")))
need(len(find("涧池镇", "cells.extra", "表四")) == 1 or len(find("涧池镇", "cells.extra")) == 1, "涧池镇 cells.extra")
# errors before warnings
sev = [r[col["严重程度"]] for r in rows]
need(sev == sorted(sev, key=lambda s: {"错误": 0, "警告": 1}[s]), "errors first")
need(all(len(r[col["编号"]]) == 16 for r in rows), "every row has a 16-digit id")
# the summary: one row per report, counts as numbers
ss = wb["汇总"]
sh = [c.value for c in ss[1]]
sc = {h: i for i, h in enumerate(sh)}
srows = [[c.value for c in r] for r in ss.iter_rows(min_row=2)]
fs = [r for r in srows if r[sc["单位"]] == "分水镇"]
need(len(fs) == 1 and fs[0][sc["错误"]] == 3 and fs[0][sc["状态"]] == "待整改", "summary: 分水镇 3 errors")
need(fs and fs[0][sc["区划"]] and "汉川市" in fs[0][sc["区划"]], "summary: 区划 names 汉川市")
need(len(srows) == 6, "summary: 6 reports (%d)" % len(srows))
rs = wb["规则汇总"]
rrows = {r[1].value: r for r in rs.iter_rows(min_row=2)}
need("t4.sum" in rrows and rrows["t4.sum"][3].value == 2, "rules: t4.sum 2 findings")
missing = [r for r in rows if r[col["规则代码"]] == "cells.missing"]
need("cells.missing" in rrows and rrows["cells.missing"][3].value == len(missing)
     and rrows["cells.missing"][4].value == len({r[col["单位"]] for r in missing}), "rules: cells.missing counts agree")
for f in fails: print("FAIL:", f)
print(len(fails))
EOF
n=$($py wb.py r1.xlsx | tee wb.out | tail -1)
grep FAIL wb.out
check "openpyxl finds the seeds' problems in the right rows" '[ "$n" = 0 ]'

# ---- round trip: edit statuses in the workbook, track, check again ----
cat > edit.py <<'EOF'
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["问题清单"]
hdr = [c.value for c in ws[1]]
col = {h: i + 1 for i, h in enumerate(hdr)}
edits = {}
for row in range(2, ws.max_row + 1):
    agency = ws.cell(row, col["单位"]).value
    rule = ws.cell(row, col["规则代码"]).value
    r = ws.cell(row, col["行"]).value
    fid = ws.cell(row, col["编号"]).value
    if agency == "分水镇" and rule == "t3.row_sum":
        edits[fid] = ("已整改", "王五", '已重新发布,见"政府信息公开"栏目')
    elif agency == "洪泽区人民政府" and rule == "t4.sum" and r == "行政复议":
        edits[fid] = ("豁免", "", "原表如此")
    elif agency == "涧池镇" and rule == "cells.extra":
        edits[fid] = ("verified", "", "")
for row in range(2, ws.max_row + 1):
    fid = ws.cell(row, col["编号"]).value
    if fid in edits:
        st, who, why = edits[fid]
        ws.cell(row, col["状态"]).value = st
        if who: ws.cell(row, col["处理人"]).value = who
        if why: ws.cell(row, col["处理说明"]).value = why
# a row with an unknown id, and one with a status that is none of the four
last = ws.max_row
ws.cell(last + 1, col["编号"]).value = "0123456789abcdef"
ws.cell(last + 1, col["状态"]).value = "已整改"
ws.cell(last + 2, col["编号"]).value = ws.cell(2, col["编号"]).value
ws.cell(last + 2, col["状态"]).value = "已修改"
wb.save(sys.argv[2])
json.dump({k: v[0] for k, v in edits.items()}, open(sys.argv[3], "w"), ensure_ascii=False)
EOF
$py edit.py r1.xlsx r1e.xlsx edits.json
check "three findings edited" '[ "$($py -c "import json;print(len(json.load(open(\"edits.json\"))))")" = 3 ]'
SOURCE_DATE_EPOCH=1741046400 "$xxgk" track --db "$db" --xlsx r1e.xlsx --who 张三 > track1.txt 2> track1.err; rc=$?
check "track exits 1: a row matched nothing" '[ "$rc" -eq 1 ]'
check "track records exactly the three edits" 'grep -q "^3 项状态已记录" track1.txt'
check "track names the unmatched row" 'grep -q "r1e.xlsx:[0-9]*: 编号 0123456789abcdef matches no finding" track1.err'
check "track names the bad status, with a suggestion" 'grep -q "状态 .已修改. is not one of 待整改, 已整改, 豁免, 复核通过; did you mean 已整改?" track1.err'
SOURCE_DATE_EPOCH=1741132800 "$xxgk" check --db "$db" --quiet --xlsx r2.xlsx > check2.txt 2>&1; rc=$?
check "after the waiver one error fewer" 'grep -q "4 项错误" check2.txt && grep -q "1 项已豁免" check2.txt && [ "$rc" -eq 1 ]'
cat > diff.py <<'EOF'
import sys, json, openpyxl
def statuses(path):
    ws = openpyxl.load_workbook(path)["问题清单"]
    hdr = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(hdr)}
    out = {}
    for r in ws.iter_rows(min_row=2, values_only=True):
        out[r[col["编号"]]] = (r[col["状态"]], r[col["处理人"]], r[col["处理说明"]])
    return out
a, b = statuses(sys.argv[1]), statuses(sys.argv[2])
edits = json.load(open(sys.argv[3]))
want = {"已整改": "已整改", "豁免": "豁免", "verified": "复核通过"}
fails = []
if set(a) != set(b): fails.append("the findings differ: %r" % (set(a) ^ set(b)))
changed = {k for k in a if k in b and a[k] != b[k]}
if changed != set(edits): fails.append("changed %d findings, edited %d: %r" % (len(changed), len(edits), changed ^ set(edits)))
for k, st in edits.items():
    if k in b and b[k][0] != want[st]: fails.append("%s is %s, not %s" % (k, b[k][0], want[st]))
row_sum = [k for k, v in edits.items() if v == "已整改"]
if row_sum and b[row_sum[0]][1:] != ("王五", '已重新发布,见"政府信息公开"栏目'): fails.append("who/why kept: %r" % (b[row_sum[0]],))
others = [k for k in edits if edits[k] != "已整改"]
if any(b[k][1] != "张三" for k in others): fails.append("--who for rows with no 处理人")
for f in fails: print("FAIL:", f)
print(len(fails))
EOF
n=$($py diff.py r1.xlsx r2.xlsx edits.json | tee diff.out | tail -1)
grep FAIL diff.out
check "round trip: the next check changes exactly the edited findings" '[ "$n" = 0 ]'
"$xxgk" track --db "$db" --xlsx r2.xlsx > track2.txt 2>&1; rc=$?
check "reading an unedited workbook back changes nothing" '[ "$rc" -eq 0 ] && grep -q "^0 项状态已记录" track2.txt'
check "the history keeps who, when and why" \
  '[ "$(sqlite3 "$db" "SELECT count(*) FROM finding_status_log WHERE who IN (\"王五\",\"张三\") AND at LIKE \"2025-03-04%\"")" -eq 3 ]'

# ---- a corrected report: same ids, the fixed findings gone, statuses kept ----
# seed 000 again with its （七）总计 自然人 cell (line 507) printed as 2: every rule holds
sed '507s/0/2/' "$fixtures/seeds/000_2a68a08fb10c7e43.txt" > in2_000.txt
cp "$db" before.db
sed 's/$/ /' "$fixtures/corpus/hongze_2023.layout.txt" > hongze_2023.v2.txt   # another file, same report
"$xxgk" load --quiet --db "$db" in2_000.txt hongze_2023.v2.txt 2> /dev/null
SOURCE_DATE_EPOCH=1741564800 "$xxgk" check --db "$db" --since=last --xlsx r3.xlsx > since.txt 2>&1; rc=$?
# new: 000's second version (version.edited: a figure differs); hongze's second file is the same
# report (same figures, same prose): no version.edited
check "--since last: 3 fixed, 1 new (000's corrected version)" 'grep -q "新发现 1 项，已消除 3 项" since.txt && [ "$(grep -c "^  新发现  .*version.edited" since.txt)" -eq 1 ]'
check "hongze's second file, the same report, is no version.edited" '! grep -q "新发现  .*洪泽.*version.edited" since.txt'
check "--since lists what was fixed" '[ "$(grep -c "^  已消除  分水镇 2024年度" since.txt)" -eq 3 ]'
check "the waiver on 洪泽 survives its re-load (same id)" 'grep -q "1 项已豁免" since.txt'
n=$($py -c '
import openpyxl
wb = openpyxl.load_workbook("r3.xlsx")
print(sum(1 for r in wb["变化"].iter_rows(min_row=2, values_only=True) if r[0] == "已消除"))')
check "the workbook has a 变化 sheet with the 3 fixed" '[ "$n" = 3 ]'
"$xxgk" check --db "$db" --since=2025-03-06 --quiet > since2.txt 2>&1
check "--since DATE: against the state after the check before that day" 'grep -q "新发现 1 项，已消除 3 项" since2.txt'
"$xxgk" check --db "$db" --since=2025-01-01 --quiet > since3.txt 2>&1
check "--since a date before any check: everything is new" 'grep -Eq "新发现 [1-9][0-9]* 项，已消除 0 项，仍存在 0 项" since3.txt'
"$xxgk" check --db "$db" --since=before.db --json > since4.jsonl 2>&1
check "--since another database, as JSON lines" '[ "$(grep -c "\"schema\":\"xxgk.change/1\",\"change\":\"fixed\"" since4.jsonl)" -eq 3 ]'
"$xxgk" check --since=last in/002_6dd58b88eaeffe1b.txt > /dev/null 2> e.txt; rc=$?
check "--since without --db is a usage error" '[ "$rc" -eq 2 ]'

# ---- CSV: the same content, BOM, headers in either language, GBK back from Excel ----
"$xxgk" check --db "$db" --quiet --csv p.csv --headers en > /dev/null 2>&1
check "CSV: BOM and English headers" 'head -c 3 p.csv | od -An -tx1 | grep -q "ef bb bf" && head -1 p.csv | grep -q "^.*id,region_code,agency,year"'
check "CSV: the other sheets beside it" '[ -s p-summary.csv ] && [ -s p-rules.csv ]'
"$xxgk" check --db "$db" --quiet --csv p.csv > /dev/null 2>&1
check "CSV: Chinese headers by default" 'head -1 p.csv | grep -q "编号,区划代码,单位,年度"'
$py - <<'EOF'
import csv, io
rows = list(csv.reader(io.open("p.csv", encoding="utf-8-sig", newline="")))
h = rows[0]
i, s, n = h.index("编号"), h.index("状态"), h.index("处理说明")
for r in rows[1:]:
    if r[h.index("单位")] == "涧池镇" and r[h.index("规则代码")] == "cells.missing":
        r[s] = "已整改"; r[n] = "重新发布,已核"
        break
out = io.StringIO()
csv.writer(out, lineterminator="\r\n").writerows(rows)
open("p_gbk.csv", "wb").write(out.getvalue().encode("gbk"))   # what Excel saves on Chinese Windows
EOF
"$xxgk" track --db "$db" --csv p_gbk.csv > track3.txt 2>&1; rc=$?
check "track --csv reads a GBK file back" '[ "$rc" -eq 0 ] && grep -q "^1 项状态已记录" track3.txt'
check "the note with a comma is whole" '[ "$(sqlite3 "$db" "SELECT why FROM finding_status WHERE why LIKE \"重新发布%\"")" = "重新发布,已核" ]'

# ---- waivers: a quoted comma kept, GBK read, unmatched rows named ----
printf 'body,rule,reason\n420984103,t3.row_sum,"已核实,原表如此"\n999999,t3.balance,无此单位\n' > w.csv
"$xxgk" check in/000_2a68a08fb10c7e43.txt --waivers w.csv > w.txt 2> w.err
check "a waiver reason with a quoted comma is whole" 'grep -q "已豁免：已核实,原表如此$" w.txt'
check "a waiver row that matches nothing is named with its line" 'grep -q "w.csv:3: 999999, t3.balance: matches no finding" w.err'
$py -c 'open("w_gbk.csv","wb").write(open("w.csv",encoding="utf-8").read().encode("gbk"))'
"$xxgk" check in/000_2a68a08fb10c7e43.txt --waivers w_gbk.csv > wg.txt 2> wg.err
check "a GBK waiver file matches" 'grep -q "已豁免：已核实,原表如此$" wg.txt && grep -q "1 项已豁免" wg.txt'
printf '420984103,t3.row_sum,"unclosed\n' > wbad.csv
"$xxgk" check in/000_2a68a08fb10c7e43.txt --waivers wbad.csv > /dev/null 2> wbad.err; rc=$?
check "a broken waiver file: exit 3, file and line named" '[ "$rc" -eq 3 ] && grep -q "wbad.csv:1: a quoted field is not closed" wbad.err'

# ---- manifests: the same CSV reader (a quoted comma in a file name, GBK), unmatched rows named ----
cp "$fixtures/corpus/shuyang_2025.ocr.md" "沭阳县,2025.ocr.md"
printf 'file,region_code,level\n"沭阳县,2025.ocr.md",321322,county\nnosuch.txt,320813,county\n' > m.csv
$py -c 'open("m_gbk.csv","wb").write(open("m.csv",encoding="utf-8").read().encode("gbk"))'
"$xxgk" parse --json --manifest m_gbk.csv "沭阳县,2025.ocr.md" > m.json 2> m.err
check "a GBK manifest with a quoted comma places the body" 'grep -q "\"region_code\":\"321322\"" m.json'
check "a manifest row that matches no file is named" 'grep -q "m_gbk.csv:3: nosuch.txt: no file of that name was read" m.err'
"$xxgk" load --quiet --db m.db --manifest m.csv "沭阳县,2025.ocr.md" 2> ml.err
check "load names it too" 'grep -q "m.csv:3: nosuch.txt: no file of that name was read" ml.err && [ "$(sqlite3 m.db "SELECT region_code FROM reports")" = 321322 ]'

# ---- diff: one body's two reports side by side ----
"$xxgk" diff in/000_2a68a08fb10c7e43.txt in2_000.txt > diff.txt; rc=$?
check "diff of a corrected version: one figure, three errors gone, exit 1" \
  '[ "$rc" -eq 1 ] && grep -q "^== 同一年度的两个版本" diff.txt && grep -Eq "^  （七）总计 · 自然人 +0 → 2 +\+2$" diff.txt &&
   [ "$(grep -c "^  已消失  t3" diff.txt)" -eq 3 ] && grep -q "^合计：1 个数字不同" diff.txt'
"$xxgk" diff --json "$fixtures/corpus/pingtan_2021.txt" "$fixtures/corpus/pingtan_2023.txt" > diff.json; rc=$?
check "diff --json of two years" '[ "$rc" -eq 1 ] && $py -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d[\"schema\"] == \"xxgk.diff/1\" and d[\"relation\"] == \"years\"
c = {x[\"path\"]: x for x in d[\"cells\"]}
# 平潭 2021 and 2023 as printed (shared/corpus/EXPECTED.md): 行政许可 2293 → 2629
assert c[\"active.licensing.decisions\"][\"a\"] == 2293 and c[\"active.licensing.decisions\"][\"b\"] == 2629
assert d[\"rates\"][\"disclosed\"][\"a\"][\"denominator\"] > 0
" diff.json'
"$xxgk" diff in/002_6dd58b88eaeffe1b.txt in/002_6dd58b88eaeffe1b.txt > /dev/null; rc=$?
check "diff of a report with itself exits 0" '[ "$rc" -eq 0 ]'
a=$(sqlite3 "$db" "SELECT substr(sha256,1,10) FROM reports WHERE source_name='000_2a68a08fb10c7e43.txt'")
b=$(sqlite3 "$db" "SELECT substr(sha256,1,10) FROM reports WHERE source_name='in2_000.txt'")
"$xxgk" diff --db "$db" "$a" "$b" > diffdb.txt; rc=$?
check "diff --db by sha256 prefix" '[ "$rc" -eq 1 ] && cmp -s <(tail -n +4 diff.txt) <(tail -n +4 diffdb.txt)'
"$xxgk" diff --db "$db" 0000000000 "$b" > /dev/null 2> diffe.txt; rc=$?
check "diff --db with an unknown report is a usage error naming it" '[ "$rc" -eq 2 ] && grep -q "no report 0000000000" diffe.txt'

# the page in the agency PDF: `report agency` annexes the same comparison with the body's report of
# the year before. 平潭 2021 and its 2023 report relabelled 2022 (EXPECTED.md: 行政许可 2293 → 2629)
mkdir ag
cp "$fixtures/corpus/pingtan_2021.txt" ag/
sed 's/2023/2022/g' "$fixtures/corpus/pingtan_2023.txt" > ag/pingtan_2022.txt
"$xxgk" load --quiet --db ag.db ag 2> /dev/null
"$xxgk" check --quiet --db ag.db > /dev/null 2>&1
"$xxgk" diff --db ag.db "$(sqlite3 ag.db "SELECT sha256 FROM reports WHERE year=2021")" \
  "$(sqlite3 ag.db "SELECT sha256 FROM reports WHERE year=2022")" > ag.txt
n=$(sed -n 's/^合计：\([0-9]*\) 个数字不同.*/\1/p' ag.txt)
"$xxgk" report agency --db ag.db --report "$(sqlite3 ag.db "SELECT sha256 FROM reports WHERE year=2022")" \
  --deterministic -o ag.pdf 2> ag.err
pdftotext -layout ag.pdf - | tr -d '\f' > ag.pdf.txt
check "diff in the agency PDF: an annex comparing with 2021, as many changed figures as xxgk diff ($n)" \
  '[ -n "$n" ] && [ "$n" -gt 0 ] && grep -q "^附件2" ag.pdf.txt && grep -q "与上年报告的比较" ag.pdf.txt &&
   tr -d "\n " < ag.pdf.txt | grep -q "与2021年度报告逐格比较（[0-9]*个单元格），${n}处数字不同"'
check "diff in the agency PDF: 行政许可 2,293 → 2,629 on its row" \
  'grep -Eq "^ *表二 +行政许可 +处理决定数量 +2,293 +2,629 *$" ag.pdf.txt'

# ---- files mode gives the same ids as the database ----
"$xxgk" check --json in/000_2a68a08fb10c7e43.txt > f.jsonl
id_file=$(grep '"rule":"t3.row_sum"' f.jsonl | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
id_db=$(sqlite3 before.db "SELECT finding_id FROM findings f JOIN reports r ON r.id=f.report_id WHERE r.source_name LIKE '000%' AND f.rule='t3.row_sum'")
check "a finding's id is the same from files and from the database" '[ -n "$id_file" ] && [ "$id_file" = "$id_db" ]'

# ---- check DIR (issue 13: it failed "is a directory"): walked as load walks it ----
"$xxgk" check --quiet "$fixtures/seeds" > dir.txt 2> dir.err; rc=$?
check "check DIR reads the folder" '[ "$rc" -eq 1 ] && grep -q "^合计：5 份报告，3 项错误" dir.txt && [ ! -s dir.err ]'
"$xxgk" check --quiet "$fixtures/seeds" in/missing.txt > /dev/null 2> dir2.err; rc=$?
check "a missing path among them is named, the rest checked" '[ "$rc" -eq 1 ] && grep -q "in/missing.txt" dir2.err'
"$xxgk" check "$fixtures/seeds" --xlsx dir.xlsx > /dev/null 2>&1
n=$($py -c 'import openpyxl; print(openpyxl.load_workbook("dir.xlsx")["汇总"].max_row - 1)')
check "check DIR --xlsx: a summary row per report" '[ "$n" = 5 ]'

# ---- year on year in the workbook, and 按时 in the summary ----
# 大竹县 2024 (seed 002, EXPECTED.md: new 99, licensing 135588, review 1/0/5/0/6, published 2025-02-14)
# and a "2025" made from it: licensing printed 140000, the review total printed "/", published
# 2026-04-10 (a county's deadline is 03-31: 10 days late); 平潭 2021 and its 2023 report relabelled
# 2022 (EXPECTED.md: new 70 → 81, licensing 2293 → 2629, review 3 → 2).
mkdir yoy
s2=in/002_6dd58b88eaeffe1b.txt
sed '3s/2025-02-14/2026-04-10/; 60s/135588/140000/; 584s/^6$/\//; s/2024年/2025年/g' "$s2" > yoy/dazhu_2025.txt
check "the 2025 copy changed the three lines" 'sed -n 3p yoy/dazhu_2025.txt | grep -q 2026-04-10 && sed -n 60p yoy/dazhu_2025.txt | grep -qx 140000 && sed -n 584p yoy/dazhu_2025.txt | grep -qx /'
cp "$s2" "$fixtures/corpus/pingtan_2021.txt" in/000_2a68a08fb10c7e43.txt in/001_61f640e52d4e149d.txt yoy/
sed 's/2023/2022/g' "$fixtures/corpus/pingtan_2023.txt" > yoy/pingtan_2022.txt
"$xxgk" check --quiet --xlsx yoy.xlsx yoy > /dev/null 2>&1
cat > yoy.py <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
fails = []
def need(cond, what):
    if not cond: fails.append(what)
need("同比" in wb.sheetnames, "a 同比 sheet (%r)" % wb.sheetnames)
ws = wb["同比"]
hdr = [c.value for c in ws[1]]
col = {h: i for i, h in enumerate(hdr)}
rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
def get(agency, year, figure):
    m = [r for r in rows if r[col["单位"]] == agency and r[col["年度"]] == year and r[col["指标"]] == figure]
    need(len(m) == 1, "one %s %d %s row (%d)" % (agency, year, figure, len(m)))
    return m[0] if m else None
r = get("大竹县", 2025, "行政许可")
if r:
    need((r[col["上年度"]], r[col["上年"]], r[col["本年"]], r[col["增减"]], r[col["增减率（%）"]]) == (2024, 135588, 140000, 4412, 3.3),
         "大竹 licensing 135588 → 140000 (+4412, 3.3%%): %r" % (r,))
r = get("大竹县", 2025, "行政复议")
if r:
    need(r[col["上年"]] == 6 and r[col["本年"]] is None and r[col["增减"]] is None, "大竹 review: 6 → blank, no change: %r" % (r,))
    need(r[col["说明"]] and "本年" in r[col["说明"]] and "空格" in r[col["说明"]], "大竹 review: the blank said (%r)" % (r[col["说明"]],))
r = get("大竹县", 2025, "本年新收申请")
if r:
    need((r[col["上年"]], r[col["本年"]], r[col["增减"]]) == (99, 99, 0), "大竹 new 99 → 99")
for fig, a, b in (("本年新收申请", 70, 81), ("行政许可", 2293, 2629), ("行政复议", 3, 2)):
    r = get("平潭综合实验区", 2022, fig)
    if r:
        need((r[col["上年"]], r[col["本年"]], r[col["增减"]]) == (a, b, b - a), "平潭 %s %d → %d: %r" % (fig, a, b, r))
r = get("平潭综合实验区", 2022, "行政许可")
need(r and not r[col["说明"]], "平潭 licensing printed both years: no note")
need(not [r for r in rows if r[col["单位"]] in ("分水镇", "湘潭县易俗河镇")], "bodies with one year have no 同比 rows")
need(all(isinstance(r[col["本年"]], (int, float)) or r[col["本年"]] is None for r in rows), "numbers as numbers")
ss = wb["汇总"]
sh = [c.value for c in ss[1]]
sc = {h: i for i, h in enumerate(sh)}
srows = {(r[sc["单位"]], r[sc["年度"]]): r for r in ss.iter_rows(min_row=2, values_only=True)}
def on_time(agency, year, want, deadline):
    r = srows.get((agency, year))
    need(r and r[sc["按时"]] == want and r[sc["发布时限"]] == deadline, "%s %d: %s by %s (%r)" % (agency, year, want, deadline, r and (r[sc["按时"]], r[sc["发布时限"]])))
on_time("分水镇", 2024, "按时", "2025-01-31")          # a town, published 2025-01-14
on_time("大竹县", 2024, "按时", "2025-03-31")          # a county, 2025-02-14
on_time("大竹县", 2025, "逾期10天", "2026-03-31")      # 2026-04-10
on_time("湘潭县易俗河镇", 2024, "未载明发布日期", "2025-01-31")   # seed 001 prints no date
for f in fails: print("FAIL:", f)
print(len(fails))
EOF
n=$($py yoy.py yoy.xlsx | tee yoy.out | tail -1)
grep FAIL yoy.out
check "同比: each body's figures against the year before, blanks blank; 按时 by the level's deadline" '[ "$n" = 0 ]'
"$xxgk" check --quiet --csv yoy.csv --headers en yoy > /dev/null 2>&1
check "同比 as CSV beside the problems" 'grep -q ",大竹县,2025,2024,行政许可,135588,140000,4412,3.3," yoy-year_on_year.csv'

# ---- copying: one problems row per cluster, not one per pair, under the errors (issue 13: 13,530
# copy warnings buried 1,026 errors) ----
# seed 002 (大竹县) filed again as 渠县's and 邻水县's: three reports, one text, one set of tables
mkdir cp
cp "$s2" in/000_2a68a08fb10c7e43.txt cp/
sed 's/大竹县/渠县/g' "$s2" > cp/quxian.txt
sed 's/大竹县/邻水县/g' "$s2" > cp/linshui.txt
"$xxgk" check --quiet --xlsx cp.xlsx cp > /dev/null 2>&1
cat > cp.py <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
fails = []
def need(cond, what):
    if not cond: fails.append(what)
ws = wb["问题清单"]
hdr = [c.value for c in ws[1]]
col = {h: i for i, h in enumerate(hdr)}
rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
for rule in ("copy.narrative", "copy.table"):
    m = [r for r in rows if r[col["规则代码"]] == rule]
    need(len(m) == 1, "%s: one row for the cluster (%d)" % (rule, len(m)))
    if m:
        need(len(m[0][col["编号"]].split()) == 2, "%s: the row carries the two copies' ids (%r)" % (rule, m[0][col["编号"]]))
        need(all(a in m[0][col["单位"]] for a in ("大竹县", "渠县", "邻水县")), "%s: the row names the three bodies" % rule)
sev = [r[col["严重程度"]] for r in rows]
need(sev[:3] == ["错误"] * 3 and set(sev[3:]) == {"警告"}, "分水镇's three errors first, then the copies (%r)" % sev)
cs = wb["内容雷同"]
ch = [c.value for c in cs[1]]
cc = {h: i for i, h in enumerate(ch)}
members = [r for r in cs.iter_rows(min_row=2, values_only=True)]
need(len(members) == 6 and {r[cc["组号"]] for r in members} == {1, 2}, "内容雷同: two clusters of three (%d rows)" % len(members))
need(all(r[cc["份数"]] == 3 for r in members), "内容雷同: 份数 3")
for f in fails: print("FAIL:", f)
print(len(fails))
EOF
n=$($py cp.py cp.xlsx | tee cp.out | tail -1)
grep FAIL cp.out
check "copies: one row a cluster under the errors, its members in 内容雷同" '[ "$n" = 0 ]'

# ---- a GB18030 file (a character GBK has not: 䶮, U+4DAE) is read, not refused ----
printf 'body,rule,reason\n420984103,t3.row_sum,"䶮 已核实,原表如此"\n' > w18.csv
$py -c 'open("w18_gb.csv","wb").write(open("w18.csv",encoding="utf-8").read().encode("gb18030"))'
check "the file is GB18030, not GBK" '! $py -c "open(\"w18_gb.csv\",\"rb\").read().decode(\"gbk\")" 2> /dev/null'
"$xxgk" check in/000_2a68a08fb10c7e43.txt --waivers w18_gb.csv > w18.txt 2> w18.err
check "a GB18030 waiver file matches, its text whole" 'grep -q "已豁免：䶮 已核实,原表如此$" w18.txt'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
