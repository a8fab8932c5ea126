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
check "both good files still parsed" '[ "$(wc -l < "$tmp/out.jsonl")" -eq 2 ]'
check "every output line is a whole report" \
  '[ "$(grep -c "^{\"schema\":\"xxgk.report/1\".*\"warnings\":\[.*\]}$" "$tmp/out.jsonl")" -eq 2 ]'
check "one error line per bad file plus a summary" '[ "$(wc -l < "$tmp/err.txt")" -eq 7 ]'
check "empty file named"   'grep -q "empty.txt: empty file" "$tmp/err.txt"'
check "PNG named"          'grep -q "picture.png: this is a PNG image" "$tmp/err.txt"'
check "not a report"       'grep -q "news.txt: no table 3" "$tmp/err.txt"'
check "cut-off with line"  'grep -Eq "cut.txt:[0-9]+: the text ends inside table 3" "$tmp/err.txt"'
check "bad UTF-8 with line" 'grep -q "badutf8.txt:2: invalid UTF-8" "$tmp/err.txt"'
check "200 MB refused"     'grep -q "huge.txt: 209.7 MB is over the 64 MB limit" "$tmp/err.txt"'
check "summary line"       'grep -q "6 of 8 files failed" "$tmp/err.txt"'

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
check "OCR 沐阳 unresolved without a manifest" 'grep -q "region.unresolved" "$tmp/ocr.json"'
"$xxgk" parse --json --manifest "$fixtures/corpus/manifest.csv" "$ocr" > "$tmp/ocr2.json"
check "manifest places it in 321322" 'grep -q "\"region_code\":\"321322\"" "$tmp/ocr2.json"'
printf 'file,region_code,level\nx.txt,321322,planet\n' > "$tmp/bad.csv"
"$xxgk" parse --manifest "$tmp/bad.csv" "$seed0" > /dev/null 2> "$tmp/merr.txt"; rc=$?
check "bad manifest level refused with its line" '[ "$rc" -eq 1 ] && grep -q "bad.csv:2: unknown level" "$tmp/merr.txt"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
