#!/usr/bin/env bash
# report_test.sh XXGK SYNTH FIXTURES GAZETTEER — the three PDF reports from a
# database of the shipped fixtures plus one synthetic year: every figure that
# pdftotext reads back must be the database's (summed here in SQL, not by
# xxgk), and bad requests fail cleanly. Ends with "N passed, N failed".
set -u
xxgk=$1
synth=$2
fixtures=$3
gazetteer=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
q() { sqlite3 "$db" "$1"; }
# the numbers of the first `pdftotext -layout` line starting with $2, separators dropped
row() { pdftotext -layout "$1" - | grep -m1 "^ *$2 " | sed "s/^ *$2//; s/,//g" | tr -s ' ' | sed 's/^ //'; }

db="$tmp/x.db"
"$synth" --out "$tmp/syn" --bodies 60 --years 2023-2024 --seed 3 --outlier-rate 0.1 \
  --gazetteer "$gazetteer" > /dev/null
"$xxgk" load --db "$db" "$fixtures/seeds" "$fixtures/corpus" > /dev/null 2>&1
"$xxgk" load --db "$db" --manifest "$tmp/syn/manifest.csv" "$tmp/syn" > /dev/null 2>&1
check "database loaded" '[ "$(q "SELECT count(*) FROM reports")" -gt 100 ]'

# roll-ups read by one thread and by two (XXGK_ROLLUP_THREADS, docs/aggregate.md)
# give the same bytes, at every level and for both years
same=1
for level in county city province; do
  for y in 2023 2024; do
    XXGK_ROLLUP_THREADS=1 "$xxgk" rollup --db "$db" --level $level --year $y --json > "$tmp/r1.json" 2>&1
    XXGK_ROLLUP_THREADS=2 "$xxgk" rollup --db "$db" --level $level --year $y --json > "$tmp/r2.json" 2>&1
    { [ -s "$tmp/r1.json" ] && cmp -s "$tmp/r1.json" "$tmp/r2.json"; } || { same=0; echo "differs: $level $y"; }
  done
done
check "rollup: two readers give one reader's bytes" '[ "$same" -eq 1 ]'
# and the sum is the database's: province totals of 表三 新收 against SQL over the chosen reports
XXGK_ROLLUP_THREADS=2 "$xxgk" rollup --db "$db" --level province --year 2024 --json > "$tmp/r2.json"
sum_json=$(python3 -c '
import json,sys
t=0
for l in open(sys.argv[1]):
    r=json.loads(l)
    for part in ("own","sub"):
        if part in r and r[part]["figures"]: t+=r[part]["figures"]["applications.new_received.total"]
print(int(t))' "$tmp/r2.json")
sum_sql=$(q "SELECT coalesce(sum(a.total),0) FROM applications a JOIN reports r ON r.id=a.report_id
             WHERE r.year=2024 AND r.chosen=1 AND a.row=0 AND r.region_code IS NOT NULL AND r.region_code<>''")
echo "province 新收 2024: rollup $sum_json, SQL $sum_sql"
check "rollup: province 新收 total equals SQL" '[ "$sum_json" = "$sum_sql" ] && [ "$sum_sql" -gt 0 ]'

# the county with the most synthetic bodies in 2024
county=$(q "SELECT substr(region_code,1,6) c FROM reports WHERE year=2024 AND length(region_code)>=6
            GROUP BY c ORDER BY count(*) DESC, c LIMIT 1")
"$xxgk" report county --db "$db" --region "$county" --year 2024 -o "$tmp/county.pdf" --deterministic 2> "$tmp/err"
rc=$?
check "county report written" '[ "$rc" -eq 0 ] && [ -s "$tmp/county.pdf" ] && grep -q "wrote" "$tmp/err"'
check "county report is at most 400 KB" '[ "$(stat -c %s "$tmp/county.pdf")" -le 409600 ]'
check "the PDF is whole" 'pdfinfo "$tmp/county.pdf" > "$tmp/info" && grep -q "^Pages: *[1-9]" "$tmp/info"'

# table 1 (主要数据) row 本年新收申请: own this year and last, sub this year and last — against SQL sums of
# the chosen reports (each part's columns are there because it has reports in both years)
own=$(q "SELECT sum(a.total) FROM reports r JOIN applications a ON a.report_id=r.id
         WHERE r.chosen=1 AND r.year=2024 AND r.region_code='$county' AND r.level='county' AND a.row=0")
ownp=$(q "SELECT sum(a.total) FROM reports r JOIN applications a ON a.report_id=r.id
          WHERE r.chosen=1 AND r.year=2023 AND r.region_code='$county' AND r.level='county' AND a.row=0")
sub=$(q "SELECT sum(a.total) FROM reports r JOIN applications a ON a.report_id=r.id
         WHERE r.chosen=1 AND r.year=2024 AND r.region_code LIKE '$county%'
         AND NOT (r.region_code='$county' AND r.level='county') AND a.row=0")
prev=$(q "SELECT sum(a.total) FROM reports r JOIN applications a ON a.report_id=r.id
          WHERE r.chosen=1 AND r.year=2023 AND r.region_code LIKE '$county%'
          AND NOT (r.region_code='$county' AND r.level='county') AND a.row=0")
read -r r1 r2 r3 r4 _ <<< "$(row "$tmp/county.pdf" 本年新收申请)"
check "本年新收申请 own/own last year/sub/sub last year are the database's ($own $ownp $sub $prev, read $r1 $r2 $r3 $r4)" \
  '[ -n "$own" ] && [ "$r1" = "$own" ] && [ "$r2" = "$ownp" ] && [ "$r3" = "$sub" ] && [ "$r4" = "$prev" ]'
pun=$(q "SELECT sum(a.c1) FROM reports r JOIN active a ON a.report_id=r.id
         WHERE r.chosen=1 AND r.year=2024 AND r.region_code LIKE '$county%'
         AND NOT (r.region_code='$county' AND r.level='county') AND a.item='penalty'")
read -r r1 r2 r3 _ <<< "$(row "$tmp/county.pdf" 行政处罚决定)"
check "行政处罚决定 sub is the database's ($pun, read $r3)" '[ -n "$pun" ] && [ "$r3" = "$pun" ]'
nbodies=$(q "SELECT count(*) FROM reports WHERE chosen=1 AND year=2024 AND region_code LIKE '$county%'")
check "the key findings count the reports published ($nbodies)" \
  'pdftotext "$tmp/county.pdf" - | tr -d "\n" | grep -q "${nbodies}个单位[均]*发布了2024年度报告"'
for name in $(q "SELECT agency_name FROM reports WHERE chosen=1 AND year=2024 AND region_code LIKE '$county%'"); do
  check "body $name is listed" 'pdftotext "$tmp/county.pdf" - | tr -d "\n " | grep -q "$name"'
done

"$xxgk" report county --db "$db" --region "$county" --year 2024 -o "$tmp/county2.pdf" --deterministic 2> /dev/null
check "deterministic mode is byte-stable" 'cmp -s "$tmp/county.pdf" "$tmp/county2.pdf"'

# one agency: its own figures
sha=$(q "SELECT sha256 FROM reports WHERE chosen=1 AND year=2024 AND region_code LIKE '$county%' AND level='town' LIMIT 1")
"$xxgk" report agency --db "$db" --report "$sha" -o "$tmp/agency.pdf" --deterministic 2> /dev/null; rc=$?
aname=$(q "SELECT agency_name FROM reports WHERE sha256='$sha'")
anew=$(q "SELECT a.total FROM reports r JOIN applications a ON a.report_id=r.id WHERE r.sha256='$sha' AND a.row=0")
check "agency report names $aname and its 新收 $anew" \
  '[ "$rc" -eq 0 ] && pdftotext "$tmp/agency.pdf" - | tr -d "\n " | grep -q "$aname" &&
   pdftotext -layout "$tmp/agency.pdf" - | grep "本年新收" | sed "s/,//g" | grep -qw "$anew"'

# the outliers brief: one section per flagged body, every flagged body of `xxgk outliers`
"$xxgk" report outliers --db "$db" --year 2024 -o "$tmp/out.pdf" --deterministic 2> /dev/null; rc=$?
"$xxgk" outliers --db "$db" --year 2024 --csv > "$tmp/out.csv"
check "outliers brief written" '[ "$rc" -eq 0 ] && [ -s "$tmp/out.pdf" ]'
pdftotext "$tmp/out.pdf" - | grep -E "^[一二三四五六七八九十]、|^[0-9]+\. " > "$tmp/heads"
check "no body has two sections" '[ -s "$tmp/heads" ] && [ -z "$(sort "$tmp/heads" | uniq -d)" ]'

# bad requests: a clear message, a non-zero exit, no file
"$xxgk" report county --db "$db" --region 99 --year 2024 -o "$tmp/none.pdf" 2> "$tmp/err"; rc=$?
check "a region with no data fails without a PDF" '[ "$rc" -ne 0 ] && [ ! -e "$tmp/none.pdf" ] && [ "$(wc -l < "$tmp/err")" -eq 1 ]'
"$xxgk" report county --db "$db" --region "$county" --year 2024 -o /nonexistent/dir/x.pdf 2> "$tmp/err"; rc=$?
check "an unwritable path is an error naming it" '[ "$rc" -ne 0 ] && grep -q "/nonexistent/dir/x.pdf" "$tmp/err"'
"$xxgk" report agency --db "$db" --report 00ff -o "$tmp/none.pdf" 2> "$tmp/err"; rc=$?
check "an unknown report fails without a PDF" '[ "$rc" -ne 0 ] && [ ! -e "$tmp/none.pdf" ]'
"$xxgk" report nonsense 2> /dev/null; rc=$?
check "an unknown kind is a usage error" '[ "$rc" -eq 2 ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
