#!/usr/bin/env bash
# cli_test.sh XXGK FIXTURES — the command as a user meets it: bad inputs in a
# batch give one line each, a non-zero exit, no partial JSON, and the good
# files of the batch still come out. Ends with "N passed, N failed".
set -u
xxgk=$1
fixtures=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

seed0="$fixtures/seeds/000_2a68a08fb10c7e43.txt"
seed2="$fixtures/seeds/002_6dd58b88eaeffe1b.txt"

# the bad inputs of issue 2
: > "$tmp/empty.txt"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' > "$tmp/picture.png"
printf '这是一篇新闻稿，不是年度报告。\n今天天气很好。\n' > "$tmp/news.txt"
head -n 140 "$seed0" > "$tmp/cut.txt"
{ printf '规章规章规章\n'; printf '\xc3\x28 broken\n'; } > "$tmp/badutf8.txt"
truncate -s 200M "$tmp/huge.txt"

"$xxgk" parse --json "$seed0" "$tmp/empty.txt" "$tmp/picture.png" "$tmp/news.txt" "$tmp/cut.txt" \
  "$tmp/badutf8.txt" "$tmp/huge.txt" "$seed2" > "$tmp/out.jsonl" 2> "$tmp/err.txt"
rc=$?
check "batch with bad files exits 1" '[ "$rc" -eq 1 ]'
check "the good files and the cut-off one still parsed" '[ "$(wc -l < "$tmp/out.jsonl")" -eq 3 ]'
check "every output line is a whole report" \
  '[ "$(grep -c "^{\"schema\":\"xxgk.report/1\".*\"warnings\":\[.*\]}$" "$tmp/out.jsonl")" -eq 3 ]'
check "one error line per bad file plus a summary" '[ "$(wc -l < "$tmp/err.txt")" -eq 6 ]'
check "empty file named"   'grep -q "empty.txt: empty file" "$tmp/err.txt"'
check "PNG named"          'grep -q "picture.png: this is a PNG image" "$tmp/err.txt"'
check "not a report"       'grep -q "news.txt: no tables found" "$tmp/err.txt"'
# issue 11/17: a report cut off is read, with table.truncated (an error finding), not refused
check "cut-off read with table.truncated" 'grep "cut.txt" "$tmp/out.jsonl" | grep -q "\"code\":\"table.truncated\""'
check "bad UTF-8 with line" 'grep -q "badutf8.txt:2: invalid UTF-8" "$tmp/err.txt"'
check "200 MB refused"     'grep -q "huge.txt: 209.7 MB is over the 64 MB limit" "$tmp/err.txt"'
check "summary line"       'grep -q "5 of 8 files failed" "$tmp/err.txt"'

# readable output and usage errors
"$xxgk" parse "$seed2" > "$tmp/human.txt"
check "human output shows 大竹县" 'grep -q "机关 大竹县 · 2024年度" "$tmp/human.txt"'
check "human output shows table 3 total" 'grep -Eq "（七）总计 +92 +0 +0 +0 +0 +0 +92" "$tmp/human.txt"'
"$xxgk" parse > /dev/null 2>&1; rc=$?
check "no file is a usage error" '[ "$rc" -eq 2 ]'
"$xxgk" parse --bogus "$seed0" > /dev/null 2>&1; rc=$?
check "unknown option is a usage error" '[ "$rc" -eq 2 ]'
"$xxgk" frobnicate > /dev/null 2>&1; rc=$?
check "unknown command is a usage error" '[ "$rc" -eq 2 ]'
check "parse --help teaches" '"$xxgk" parse --help | grep -q "Exit status"'
"$xxgk" parse --json - < "$seed0" > "$tmp/stdin.jsonl"; rc=$?
check "standard input works" '[ "$rc" -eq 0 ] && grep -q "\"name\":\"分水镇\"" "$tmp/stdin.jsonl"'

# regions: placed from the text, or by a manifest where the text cannot
"$xxgk" parse --json "$seed0" | grep -q '"region_code":"420984103"'
check "seed 000 placed in 汉川市分水镇" '[ $? -eq 0 ]'
ocr="$fixtures/corpus/shuyang_2025.ocr.md"
"$xxgk" parse --json "$ocr" > "$tmp/ocr.json"
check "OCR 沐阳 read as 沭阳县 with a warning" 'grep -q "\"region_code\":\"321322\"" "$tmp/ocr.json" && grep -q "region.confusable" "$tmp/ocr.json"'
"$xxgk" parse --json --manifest "$fixtures/corpus/manifest.csv" "$ocr" > "$tmp/ocr2.json"
check "manifest places it in 321322" 'grep -q "\"region_code\":\"321322\"" "$tmp/ocr2.json"'
printf 'file,region_code,level\nx.txt,321322,planet\n' > "$tmp/bad.csv"
"$xxgk" parse --manifest "$tmp/bad.csv" "$seed0" > /dev/null 2> "$tmp/merr.txt"; rc=$?
check "bad manifest level refused with its line" '[ "$rc" -eq 3 ] && grep -q "bad.csv:2: unknown level" "$tmp/merr.txt"'

# load: the seeds and the corpus into a fresh database, every body placed
db="$tmp/x.db"
"$xxgk" load --db "$db" "$fixtures/seeds" "$fixtures/corpus" 2> "$tmp/load1.txt"; rc=$?
check "first load exits 0" '[ "$rc" -eq 0 ]'
check "first load summary" 'grep -q ": 14 loaded, 0 unchanged, 0 replaced, 0 failed (14 files" "$tmp/load1.txt"'
check "every body placed (the OCR one by the folder manifest)" \
  '[ "$(sqlite3 "$db" "SELECT count(*) FROM reports WHERE region_code IS NULL")" -eq 0 ]'
check "seed 003 in 渠县宝城镇" '[ "$(sqlite3 "$db" "SELECT region_code FROM reports WHERE source_name LIKE '"'"'003%'"'"'")" = 511725111 ]'
"$xxgk" load --db "$db" "$fixtures/seeds" "$fixtures/corpus" 2> "$tmp/load2.txt"; rc=$?
check "second load changes nothing" 'grep -q ": 0 loaded, 14 unchanged" "$tmp/load2.txt" && [ "$rc" -eq 0 ]'
# JSON Lines from parse, with a broken line and an unknown schema among them
"$xxgk" parse --json "$seed0" "$seed2" > "$tmp/in.jsonl"
{ head -1 "$tmp/in.jsonl"; echo '{"schema":"xxgk.report/1",'; echo '{"schema":"xxgk.report/9"}'; tail -1 "$tmp/in.jsonl"; } > "$tmp/mixed.jsonl"
"$xxgk" load --db "$tmp/j.db" "$tmp/mixed.jsonl" 2> "$tmp/load3.txt"; rc=$?
check "bad JSON lines fail alone" '[ "$rc" -eq 1 ] && grep -q ": 2 loaded, 0 unchanged, 0 replaced, 2 failed" "$tmp/load3.txt"'
check "broken line named" 'grep -q "mixed.jsonl:2: not valid JSON" "$tmp/load3.txt"'
check "unknown schema named" 'grep -q "mixed.jsonl:3: schema \"xxgk.report/9\" is not xxgk.report/1" "$tmp/load3.txt"'
check "failures quarantined" '[ "$(sqlite3 "$tmp/j.db" "SELECT count(*) FROM quarantine")" -eq 2 ]'
# a raw document and its JSON are one document
"$xxgk" load --db "$tmp/j.db" "$seed0" 2> "$tmp/load4.txt"
check "raw after its JSON is unchanged" 'grep -q ": 0 loaded, 1 unchanged" "$tmp/load4.txt"'
# a file that is not a database, and a folder with a bad file among good ones
echo "not a database" > "$tmp/text.db"
"$xxgk" load --db "$tmp/text.db" "$seed0" 2> "$tmp/load5.txt"; rc=$?
check "not a database refused" '[ "$rc" -eq 3 ] && grep -q "not an SQLite database" "$tmp/load5.txt"'
check "and left as it was" '[ "$(cat "$tmp/text.db")" = "not a database" ]'
mkdir -p "$tmp/batch" && cp "$seed0" "$seed2" "$tmp/batch/" && cp "$tmp/picture.png" "$tmp/batch/bad.txt"
"$xxgk" load --db "$tmp/b.db" "$tmp/batch" 2> "$tmp/load6.txt"; rc=$?
check "batch goes on past a bad file" '[ "$rc" -eq 1 ] && grep -q ": 2 loaded, 0 unchanged, 0 replaced, 1 failed" "$tmp/load6.txt"'
# export
"$xxgk" export --db "$db" --table applications_named -o "$tmp/apps.csv"; rc=$?
check "export CSV starts with a BOM and a header" '[ "$rc" -eq 0 ] && head -c 3 "$tmp/apps.csv" | od -An -tx1 | grep -q "ef bb bf" && grep -q "report_id,row_key,label" "$tmp/apps.csv"'
check "export has 25 rows a report" '[ "$(($(wc -l < "$tmp/apps.csv") - 1))" -eq 350 ]'
"$xxgk" export --db "$db" --table nosuch > /dev/null 2> "$tmp/exp.txt"; rc=$?
check "unknown table is a usage error" '[ "$rc" -eq 2 ] && grep -q "no table or view named" "$tmp/exp.txt"'
"$xxgk" export --db "$db" --table reports --json > "$tmp/reports.jsonl"
check "export JSON Lines" '[ "$(wc -l < "$tmp/reports.jsonl")" -eq 14 ] && grep -q "\"region_code\":\"3208\"" "$tmp/reports.jsonl"'

# check: files, a database, JSON, waivers, exit status
"$xxgk" check "$seed0" > "$tmp/chk.txt"; rc=$?
check "check finds seed 000's errors and exits 1" '[ "$rc" -eq 1 ] && grep -q "t3.row_sum" "$tmp/chk.txt" && grep -q "合计：1 份报告，3 项错误" "$tmp/chk.txt"'
"$xxgk" check "$seed2" > /dev/null; rc=$?
check "a clean report exits 0" '[ "$rc" -eq 0 ]'
"$xxgk" check --json "$seed0" > "$tmp/chk.jsonl"
check "check --json gives xxgk.finding/1 lines" '[ "$(grep -c "^{\"schema\":\"xxgk.finding/1\"" "$tmp/chk.jsonl")" -eq 3 ]'
printf 'body,rule,reason\n420984103,*,已核实\n' > "$tmp/waive.csv"
"$xxgk" check --waivers "$tmp/waive.csv" "$seed0" > "$tmp/chk2.txt"; rc=$?
check "waived errors are shown and do not fail" '[ "$rc" -eq 0 ] && grep -q "已豁免：已核实" "$tmp/chk2.txt"'
"$xxgk" check --db "$db" > "$tmp/chk3.txt"; rc=$?
check "check --db stores findings" '[ "$rc" -eq 1 ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM findings WHERE rule = '"'"'t4.sum'"'"'")" -eq 2 ]'
"$xxgk" check --db "$db" > /dev/null
check "a second run replaces, not adds" '[ "$(sqlite3 "$db" "SELECT count(*) FROM findings WHERE rule = '"'"'t4.sum'"'"'")" -eq 2 ]'

# rollup, stats, outliers on the fixtures' database
"$xxgk" rollup --db "$db" --level city --region 3208 --year 2024 > "$tmp/roll.txt"; rc=$?
check "rollup of 淮安 2024" '[ "$rc" -eq 0 ] && grep -q "江苏省·淮安市（3208）· 2024年度" "$tmp/roll.txt" && grep -q "新收申请 3119" "$tmp/roll.txt"'
"$xxgk" rollup --db "$db" --level county --region 320813 --year 2023 --csv > "$tmp/roll.csv"
check "rollup CSV has a BOM and own/sub rows" 'head -c 3 "$tmp/roll.csv" | od -An -tx1 | grep -q "ef bb bf" && grep -q "^320813,.*,own," "$tmp/roll.csv"'
"$xxgk" rollup --db "$db" --level county --year 2031 > /dev/null 2> "$tmp/roll.err"; rc=$?
check "rollup of an empty year says so" '[ "$rc" -eq 3 ] && grep -q "no report for 2031" "$tmp/roll.err"'
"$xxgk" rollup --db "$db" > /dev/null 2>&1; rc=$?
check "rollup without --level is a usage error" '[ "$rc" -eq 2 ]'
"$xxgk" stats --db "$db" --year 2024 --json > "$tmp/stats.jsonl"; rc=$?
check "stats JSON" '[ "$rc" -eq 0 ] && grep -q "\"measure\":\"new_received\"" "$tmp/stats.jsonl"'
"$xxgk" outliers --db "$db" --year 2024 > "$tmp/out.txt"; rc=$?
check "outliers runs on few bodies without flagging" '[ "$rc" -eq 0 ] && grep -q "合计：偏高 0 条，偏低 0 条" "$tmp/out.txt"'

# PDF and Word read directly (issue 8): figures from the PDF itself, the
# original bytes' hash kept, and each unreadable kind named on its own line
pdf="$fixtures/pdf"
"$xxgk" parse --json "$pdf/huaian_2024.pdf" > "$tmp/huaian.json"; rc=$?
check "PDF parses" '[ "$rc" -eq 0 ] && grep -q "\"format\":\"pdf\"" "$tmp/huaian.json"'
check "PDF hash is of the PDF bytes" \
  'grep -q "\"sha256\":\"$(sha256sum "$pdf/huaian_2024.pdf" | cut -c1-64)\"" "$tmp/huaian.json"'
"$xxgk" parse "$pdf/huaian_2024.pdf" > "$tmp/huaian.txt"
check "PDF 新收 3119, 结转 34" 'grep -Eq "一、本年新收 +3001 +53 +0 +0 +61 +4 +3119" "$tmp/huaian.txt" && grep -Eq "二、上年结转 +34( +0){5} +34" "$tmp/huaian.txt"'
check "PDF 总计 3050, 结转下年度 103" 'grep -Eq "（七）总计 +2932 +53 +0 +0 +61 +4 +3050" "$tmp/huaian.txt" && grep -Eq "四、结转下年度 +103( +0){5} +103" "$tmp/huaian.txt"'
"$xxgk" parse "$pdf/hongze_2023.pdf" > "$tmp/hongze.txt"
check "PDF table 4 as printed (总计 0 under 维持 10, 纠正 1)" 'grep -Eq "行政复议 +10 +1 +0 +0 +0$" "$tmp/hongze.txt"'
"$xxgk" parse "$pdf/merged_2024.docx" > "$tmp/docx.txt"; rc=$?
check "DOCX with merged cells parses" '[ "$rc" -eq 0 ] && grep -q "docx/utf-8" "$tmp/docx.txt" && grep -Eq "一、本年新收 +40 +3 +0 +1 +1 +0 +45" "$tmp/docx.txt"'
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest' > "$tmp/old.doc"
"$xxgk" parse "$pdf/scan_2024.pdf" "$pdf/encrypted_2024.pdf" "$tmp/old.doc" "$pdf/bomb.docx" \
  > /dev/null 2> "$tmp/conv_err.txt"; rc=$?
check "unreadable PDF/Word exit 1" '[ "$rc" -eq 1 ]'
check "scan: nothing read" 'grep -q "scan_2024.pdf: no text layer, and OCR read no text" "$tmp/conv_err.txt"'
check "encrypted named" 'grep -q "encrypted_2024.pdf: encrypted PDF" "$tmp/conv_err.txt"'
check ".doc names a conversion route" 'grep -q "old.doc: a legacy Office file.*libreoffice --headless --convert-to docx" "$tmp/conv_err.txt"'
check "zip bomb refused" 'grep -q "bomb.docx: word/document.xml inflates" "$tmp/conv_err.txt"'
"$xxgk" load --db "$tmp/pdf.db" "$pdf" 2> "$tmp/load_pdf.txt"; rc=$?
check "load walks .pdf/.docx, bad ones quarantined" \
  '[ "$rc" -eq 1 ] && grep -q ": 3 loaded, 0 unchanged, 0 replaced, 8 failed (11 files" "$tmp/load_pdf.txt"'
check "PDF stored with its format" \
  '[ "$(sqlite3 "$tmp/pdf.db" "SELECT count(*) FROM reports WHERE format IN (\"pdf\",\"docx\")")" = 3 ]'
check "quarantine keeps the scan" \
  '[ "$(sqlite3 "$tmp/pdf.db" "SELECT count(*) FROM quarantine WHERE reason LIKE \"%OCR read no text%\"")" = 1 ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
