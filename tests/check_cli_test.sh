#!/usr/bin/env bash
# check_cli_test.sh XXGK FIXTURES — issue 18 as a user meets it: the culprit
# cell and its value in the text, the JSON, the database and the workbook; severities from
# a configuration; a report edited after publication; a table and prose
# repeated from last year. Ends with "N passed, N failed".
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
fix="最可能有误：表三“（七）总计”行“自然人”列印为 0，按其他各项应为 2"

"$xxgk" check "$seed0" > "$tmp/text.txt"; rc=$?
check "seed 000: errors exit 1" '[ "$rc" -eq 1 ]'
check "seed 000: each of the three findings names the culprit" '[ "$(grep -c "$fix" "$tmp/text.txt")" -eq 3 ]'
"$xxgk" check --json "$seed0" > "$tmp/f.jsonl"
check "json: culprits with printed and suggested values" \
  '[ "$(grep -c "\"culprits\":\[{\"path\":\"applications.total_processed.natural_person\",\"solution\":0,\"printed\":0,\"suggested\":2,\"low\":null,\"high\":null}\],\"solutions\":1" "$tmp/f.jsonl")" -eq 3 ]'
check "json: a finding without a relation has empty culprits" \
  'grep "\"rule\":\"template.part_missing\"\|\"rule\":\"cells" "$tmp/f.jsonl" | head -1 | grep -q "\"culprits\":\[\],\"solutions\":0,\"alternatives\":\[\],\"fix\":null" || ! grep -q "\"rule\":\"template.part_missing\"\|\"rule\":\"cells" "$tmp/f.jsonl"'

# the database keeps them
"$xxgk" load --quiet --db "$tmp/a.db" "$seed0" > /dev/null 2>&1
"$xxgk" check --db "$tmp/a.db" > /dev/null
check "db: culprits stored with the findings" \
  '[ "$(sqlite3 "$tmp/a.db" "SELECT count(*) FROM findings WHERE json_extract(culprits, \"\$[0].suggested\") = 2 AND fix LIKE \"%按其他各项应为 2\"")" -eq 3 ]'

# the review workbook: the culprit in its 可能有误的数字 column, on each of the three rows
"$xxgk" check --xlsx "$tmp/r.xlsx" "$seed0" > /dev/null
n=$(/usr/bin/python3 -c 'import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["问题清单"]
rows = list(ws.iter_rows(values_only=True))
col = rows[0].index("可能有误的数字")
print(sum(1 for r in rows[1:] if r[col] == sys.argv[2]))' "$tmp/r.xlsx" "$fix")
check "workbook: each of the three rows names the culprit" '[ "$n" = 3 ]'

# severities from a configuration
printf '[severity]\nt3.row_sum = warning\nt3.results_sum = off  # not wanted here\n' > "$tmp/check.conf"
"$xxgk" check --json --config "$tmp/check.conf" "$seed0" > "$tmp/c.jsonl"
check "config: row sum demoted to a warning" 'grep -q "\"rule\":\"t3.row_sum\",\"severity\":\"warning\"" "$tmp/c.jsonl"'
check "config: results sum off" '! grep -q "t3.results_sum" "$tmp/c.jsonl"'
check "rules --config shows it" '"$xxgk" rules --config "$tmp/check.conf" | grep -Eq "^t3.results_sum +off"'
printf '[severity]\nt3.row_sum = fatal\n' > "$tmp/bad.conf"
"$xxgk" check --config "$tmp/bad.conf" "$seed0" > /dev/null 2> "$tmp/err.txt"; rc=$?
check "config: a bad severity names file and line" \
  '[ "$rc" -eq 3 ] && grep -q "bad.conf:2: severity \"fatal\"" "$tmp/err.txt"'

# the same body and year twice, one figure changed: edited after publication
python3 - "$seed2" "$tmp/v2.txt" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
# the review total printed one more: the same report, edited
i = text.index("四、政府信息公开行政复议")
j = text.index("\n6\n", i) if "\n6\n" in text[i:] else -1
open(sys.argv[2], "w", encoding="utf-8").write(text[:j] + "\n7\n" + text[j + 3:] if j > 0 else text + "\n")
PY
"$xxgk" check --json "$seed2" "$tmp/v2.txt" > "$tmp/v.jsonl"
check "versions: one version.edited finding" '[ "$(grep -c "\"rule\":\"version.edited\"" "$tmp/v.jsonl")" -eq 1 ]'
check "versions: it names how the figures differ" 'grep "version.edited" "$tmp/v.jsonl" | grep -q "1 个数字不同"'
"$xxgk" load --quiet --db "$tmp/v.db" "$seed2" "$tmp/v2.txt" > /dev/null 2>&1
"$xxgk" check --db "$tmp/v.db" --json > "$tmp/vdb.jsonl"
check "versions in a database: found and stored" \
  '[ "$(grep -c "version.edited" "$tmp/vdb.jsonl")" -eq 1 ] && [ "$(sqlite3 "$tmp/v.db" "SELECT count(*) FROM findings WHERE rule = \"version.edited\"")" -eq 1 ]'

# last year's report filed again as this year's: tables and prose repeated
sed 's/2024年/2025年/g; s/2025年1月/2026年1月/g' "$seed2" > "$tmp/next.txt"
"$xxgk" check --json "$seed2" "$tmp/next.txt" > "$tmp/y.jsonl"
check "repeat: table 3 identical to last year's" 'grep -q "\"rule\":\"year.table_repeated\",\"severity\":\"warning\",\"where\":\"applications\"" "$tmp/y.jsonl"'
check "repeat: the prose repeats last year's" 'grep -q "\"rule\":\"year.narrative_repeated\"" "$tmp/y.jsonl"'
check "repeat: same body's year is not a copy across bodies" '! grep -q "copy.narrative" "$tmp/y.jsonl"'

# a report printed without table 4: the parser's table.missing names table 4's
# cells, so the checker does not say it again — in a database too, where the
# warning comes back from the store (which dropped the cells it names up to
# schema 5, and check --db reported table 4 missing twice)
seed1="$fixtures/seeds/001_61f640e52d4e149d.txt"
awk '/^四、政府信息公开行政复议/ { skip = 1 } /^五、/ { skip = 0 } !skip' "$seed1" > "$tmp/no4.txt"
check "no table 4: the cut text has part five but no table 4" \
  'grep -q "^五、" "$tmp/no4.txt" && ! grep -q "复议后起诉" "$tmp/no4.txt"'
"$xxgk" check --json "$tmp/no4.txt" > "$tmp/no4.jsonl"
check "no table 4: one table.missing from files" '[ "$(grep -c "\"rule\":\"table.missing\"" "$tmp/no4.jsonl")" -eq 1 ]'
"$xxgk" load --quiet --db "$tmp/no4.db" "$tmp/no4.txt" > /dev/null 2>&1
"$xxgk" check --db "$tmp/no4.db" --json > "$tmp/no4db.jsonl"
check "no table 4: one table.missing from a database" \
  '[ "$(grep -c "\"rule\":\"table.missing\"" "$tmp/no4db.jsonl")" -eq 1 ]'
check "no table 4: the stored warning names table 4's cells" \
  '[ "$(sqlite3 "$tmp/no4.db" "SELECT where_path FROM warnings WHERE code = \"table.missing\"")" = "reviews.*" ]'

check "rules --markdown lists every rule" '[ "$("$xxgk" rules --markdown | grep -c "^### ")" -eq "$("$xxgk" rules | wc -l)" ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
