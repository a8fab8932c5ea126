#!/usr/bin/env bash
# outliers_test.sh XXGK SYNTH GAZETTEER — `xxgk outliers` and `xxgk stats` as a
# user meets them, on a small synthetic corpus with planted outliers: every
# flag carries its peer group, p and q within the FDR level, a direction; the
# low list is apart; units agree; sd is null for one body; bad options are
# usage errors. Ends with "N passed, N failed".
set -u
xxgk=$1
synth=$2
gazetteer=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

"$synth" --out "$tmp/c" --bodies 600 --years 2023-2024 --seed 5 --outlier-rate 0.1 --gazetteer "$gazetteer" > /dev/null
"$xxgk" load --quiet --db "$tmp/c.db" "$tmp/c" > /dev/null 2>&1
"$xxgk" outliers --db "$tmp/c.db" --year 2024 --json > "$tmp/o.jsonl"; rc=$?
check "outliers exits 1: some body stands out" '[ "$rc" -eq 1 ]'
python3 - "$tmp/o.jsonl" "$tmp/c/planted.csv" > "$tmp/py.txt" <<'PY'
import csv, json, sys
flags, digits = [], []
for line in open(sys.argv[1]):
    o = json.loads(line)
    (flags if o["report"] else digits).append(o)
bad = []
for o in flags:
    if not o["group"] or o["group_size"] < 10 or not o["group_key"]:
        bad.append(("group", o["name"]))
    if not (0 <= o["p"] <= o["q"] <= 0.05):
        bad.append(("p/q", o["name"], o["p"], o["q"]))
    if o["direction"] not in ("high", "low"):
        bad.append(("direction", o["name"]))
    if o["figure"] == "total_processed":
        bad.append(("tested twice", o["name"]))
    if abs(o["statistic"]) < o["threshold"]:
        bad.append(("z below threshold", o["name"]))
    if o["method"] == "funnel":
        # limits and value in one unit (a proportion), the value outside them
        if not (0 <= o["expected_lo"] <= o["expected_hi"] <= 1 and 0 <= o["value"] <= 1):
            bad.append(("funnel units", o["name"]))
        if o["expected_lo"] <= o["value"] <= o["expected_hi"]:
            bad.append(("funnel inside its limits", o["name"], o["value"], o["expected_lo"], o["expected_hi"]))
        if abs(o["value"] - o["numerator"] / o["denominator"]) > 1e-9:
            bad.append(("funnel value", o["name"]))
    if o["method"] == "level" and o["expected_lo"] <= o["value"] <= o["expected_hi"]:
        bad.append(("count inside its range", o["name"]))
    if o["method"] == "yoy" and (o["prev"] is None or o["prev_year"] != 2023):
        bad.append(("yoy without last year", o["name"]))
# the high list comes first, then the low
sides = [o["direction"] for o in flags]
if sides != sorted(sides, key=lambda s: s != "high"):
    bad.append(("sides interleaved",))
planted = {r["file"] for r in csv.DictReader(open(sys.argv[2])) if r["kind"].startswith("outlier.") and "_2024_" in r["file"]}
print("flags", len(flags), "high", sides.count("high"), "low", sides.count("low"), "planted", len(planted))
print("digits", " ".join(d["method"] + ":" + d["verdict"] for d in digits))
print("bad", len(bad), bad[:5])
PY
check "every flag: group, p ≤ q ≤ 0.05, direction, units" 'grep -q "^bad 0 " "$tmp/py.txt"'
check "flags found on a corpus with outliers planted" '[ "$(sed -n "s/^flags \([0-9]*\) .*/\1/p" "$tmp/py.txt")" -ge 10 ]'
check "a low list too" '! grep -q " low 0 " "$tmp/py.txt"'
check "digit tests reported, 样本不足 when too few" 'grep -Eq "^digits benford:(样本不足|符合|基本符合|勉强符合|不符合) last_digit:" "$tmp/py.txt"'
"$xxgk" outliers --db "$tmp/c.db" --year 2024 > "$tmp/o.txt"
check "text: two lists and the FDR" 'grep -q "【偏高】" "$tmp/o.txt" && grep -q "【偏低】" "$tmp/o.txt" && grep -q "错误发现率控制在 5%" "$tmp/o.txt"'
check "text: plain words" 'grep -Eq "约为同级（[^）]*）中位数 [0-9,]+ 件的 [0-9.]+ 倍" "$tmp/o.txt"'
"$xxgk" outliers --db "$tmp/c.db" --year 2024 --json --fdr 0.001 > "$tmp/o2.jsonl"
check "a lower FDR flags fewer" '[ "$(wc -l < "$tmp/o2.jsonl")" -lt "$(wc -l < "$tmp/o.jsonl")" ]'
"$xxgk" outliers --db "$tmp/c.db" --fdr 2 > /dev/null 2> "$tmp/err.txt"; rc=$?
check "--fdr out of range is a usage error" '[ "$rc" -eq 2 ] && grep -q "fdr" "$tmp/err.txt"'
"$xxgk" outliers --db "$tmp/c.db" --z 3.5 > /dev/null 2>&1; rc=$?
check "the old --z is gone, said so" '[ "$rc" -eq 2 ]'
"$xxgk" outliers --help > "$tmp/help.txt"
check "help teaches the methods" 'grep -q "Benjamini-Hochberg" "$tmp/help.txt" && grep -q -- "--fdr" "$tmp/help.txt"'

# stats: peer groups by kind, sd null for one body, edges exact in JSON
"$xxgk" stats --db "$tmp/c.db" --year 2024 --json > "$tmp/s.jsonl"; rc=$?
check "stats exits 0" '[ "$rc" -eq 0 ]'
check "stats by department kind" 'grep -q "\"group\":\"县级部门·公安局\"" "$tmp/s.jsonl" || grep -q "\"group_key\":\"department.county\"" "$tmp/s.jsonl"'
python3 - "$tmp/s.jsonl" > "$tmp/s.txt" <<'PY'
import json, sys
bad = 0
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o["n"] == 1 and o["sd"] is not None: bad += 1
    if o["n"] > 1 and o["sd"] is None: bad += 1
    e = o["edges"]
    if len(e) != 11 or e[0] != o["min"] or e[-1] != o["max"] or sum(o["histogram"]) != o["n"]: bad += 1
    if any(e[i] > e[i + 1] for i in range(10)): bad += 1
print("bad", bad)
PY
check "stats JSON: sd null only for n = 1, edges from min to max, counts sum to n" 'grep -q "^bad 0$" "$tmp/s.txt"'
"$synth" --out "$tmp/one" --bodies 3 --years 2024 --seed 2 --gazetteer "$gazetteer" > /dev/null
"$xxgk" load --quiet --db "$tmp/one.db" "$tmp/one" > /dev/null 2>&1
"$xxgk" stats --db "$tmp/one.db" --year 2024 --json > "$tmp/one.jsonl"
check "one body: sd is null, not 0" 'grep -q "\"n\":1,[^}]*\"sd\":null" "$tmp/one.jsonl"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
