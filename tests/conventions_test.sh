#!/usr/bin/env bash
# conventions_test.sh XXGK FIXTURES SYNTH GAZETTEER — what every command shares (issue 13,
# deliverable 4): getopt_long options (--opt=value, options after operands,
# --), `xxgk help CMD`, did-you-mean, exit codes 0/1/2/3, a schema key in
# every JSON line, counts printed as integers, write errors noticed, blanks
# (not zeros) for a region with no report of its own. Ends with "N passed, N failed".
set -u
xxgk=$(realpath "$1")
fixtures=$2
synth=$3
gazetteer=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
export LANG=C LC_ALL=C LANGUAGE=

seed0="$fixtures/seeds/000_2a68a08fb10c7e43.txt"
seed2="$fixtures/seeds/002_6dd58b88eaeffe1b.txt"
db="$tmp/x.db"
"$xxgk" load --quiet --db="$db" "$fixtures/seeds" "$fixtures/corpus" 2> /dev/null
check "load takes --db=FILE" '[ "$(sqlite3 "$db" "SELECT count(*) FROM reports")" -eq 14 ]'

# every command `xxgk help` lists (a new one is covered without editing this list)
commands=$("$xxgk" help | awk '/^Commands:/{f=1;next} f&&/^  [a-z]/{print $1} f&&/^$/{exit}' | tr '\n' ' ')
check "help lists the commands ($commands)" 'for c in parse load export check track diff rules rollup stats outliers report serve help version; do
  case " $commands " in *" $c "*) ;; *) false ;; esac; done'

# help: `xxgk help CMD` is `xxgk CMD --help`, and both exit 0
for c in $commands; do
  "$xxgk" help "$c" > "$tmp/h1" 2>&1; r1=$?
  "$xxgk" "$c" --help > "$tmp/h2" 2>&1; r2=$?
  check "help $c = $c --help, exit 0" '[ "$r1" -eq 0 ] && [ "$r2" -eq 0 ] && cmp -s "$tmp/h1" "$tmp/h2" && grep -q "^usage: xxgk $c" "$tmp/h1"'
done
# every command: an unknown option is a usage error with exit 2 and names the command
for c in $commands; do
  "$xxgk" "$c" --no-such-option > /dev/null 2> "$tmp/e"; rc=$?
  check "$c --no-such-option exits 2" '[ "$rc" -eq 2 ] && grep -q "^xxgk $c: unknown option --no-such-option" "$tmp/e"'
done
# did you mean
"$xxgk" chek "$seed0" > /dev/null 2> "$tmp/e"; rc=$?
check "a mistyped command gets a suggestion" '[ "$rc" -eq 2 ] && grep -q "did you mean .check." "$tmp/e"'
"$xxgk" check --jsn "$seed0" > /dev/null 2> "$tmp/e"; rc=$?
check "a mistyped option gets a suggestion" '[ "$rc" -eq 2 ] && grep -q "did you mean --json?" "$tmp/e"'
"$xxgk" rollup --db "$db" --level=conty > /dev/null 2> "$tmp/e"; rc=$?
check "a mistyped value gets a suggestion" '[ "$rc" -eq 2 ] && grep -q "did you mean county?" "$tmp/e"'
"$xxgk" check --json=yes "$seed0" > /dev/null 2> "$tmp/e"; rc=$?
check "a flag given a value is refused" '[ "$rc" -eq 2 ] && grep -q -- "--json takes no value" "$tmp/e"'
"$xxgk" load --jobs=many "$seed0" > /dev/null 2> "$tmp/e"; rc=$?
check "a bad number names the option and the value" '[ "$rc" -eq 2 ] && grep -q -- "--jobs takes a whole number from 1 to 256, not .many." "$tmp/e"'
"$xxgk" check --db > /dev/null 2> "$tmp/e"; rc=$?
check "a missing value is a usage error" '[ "$rc" -eq 2 ] && grep -q -- "--db needs a value" "$tmp/e"'

# options after operands, --opt=value, and -- before a file named like an option
"$xxgk" check "$seed0" --json > "$tmp/a.jsonl"; rc=$?
check "options after operands" '[ "$rc" -eq 1 ] && [ "$(wc -l < "$tmp/a.jsonl")" -ge 3 ]'
cp "$seed2" "$tmp/-odd.txt"
"$xxgk" parse --json -- "$tmp/-odd.txt" > "$tmp/odd.json"; rc=$?
( cd "$tmp" && "$xxgk" parse --json -- -odd.txt > "$tmp/odd2.json" ); rc2=$?
check "-- ends the options" '[ "$rc" -eq 0 ] && [ "$rc2" -eq 0 ] && grep -q "大竹县" "$tmp/odd2.json"'

# exit codes: 0 nothing to report, 1 findings, 3 trouble
"$xxgk" check "$seed2" > /dev/null; rc=$?
check "check of a clean report exits 0" '[ "$rc" -eq 0 ]'
"$xxgk" check "$seed0" > /dev/null; rc=$?
check "check with errors exits 1" '[ "$rc" -eq 1 ]'
for c in rollup stats outliers; do
  extra=""; [ "$c" = rollup ] && extra="--level county"
  "$xxgk" $c --db "$db" $extra --year 1999 > "$tmp/o" 2> "$tmp/e"; rc=$?
  check "$c --year 1999 (no report) exits 3 and says so" '[ "$rc" -eq 3 ] && grep -q "no report for 1999" "$tmp/e" && [ ! -s "$tmp/o" ]'
  "$xxgk" $c --db "$tmp/missing.db" $extra > /dev/null 2> "$tmp/e"; rc=$?
  check "$c on a missing database exits 3" '[ "$rc" -eq 3 ] && [ "$(grep -c . "$tmp/e")" -eq 1 ]'
done
"$xxgk" export --db "$tmp/missing.db" --table reports > /dev/null 2> "$tmp/e"; rc=$?
check "export on a missing database exits 3" '[ "$rc" -eq 3 ]'

# write errors: every command that prints notices a full disk and exits 3
if [ -w /dev/full ]; then
  for cmdline in "parse $seed2" "check $seed2" "export --db $db --table reports" \
                 "rollup --db $db --level county --year 2024" "stats --db $db --year 2024" \
                 "outliers --db $db --year 2024" "help check" "version" "rules" "rules --markdown" \
                 "diff $seed0 $seed2" "diff --json $seed0 $seed2"; do
    $xxgk $cmdline > /dev/full 2> /dev/null; rc=$?
    check "$cmdline > /dev/full exits 3" '[ "$rc" -eq 3 ]'
  done
fi

# a schema key in every JSON line
"$xxgk" parse --json "$seed0" > "$tmp/j1"
"$xxgk" check --json "$seed0" > "$tmp/j2"
"$xxgk" rollup --db "$db" --level county --year 2024 --json > "$tmp/j3"
"$xxgk" stats --db "$db" --year 2024 --json > "$tmp/j4"
# outliers need peers: a small synthetic year with planted outliers
"$synth" --out "$tmp/syn" --bodies 60 --years 2023-2024 --seed 3 --outlier-rate 0.1 --gazetteer "$gazetteer" > /dev/null
"$xxgk" load --quiet --db "$tmp/syn.db" --manifest "$tmp/syn/manifest.csv" "$tmp/syn" 2> /dev/null
"$xxgk" outliers --db "$tmp/syn.db" --year 2024 --json > "$tmp/j5"; rc=$?
check "outliers exits 1 when a body stands out" '[ "$rc" -eq 1 ] && [ -s "$tmp/j5" ]'
"$xxgk" outliers --db "$db" --year 2024 > /dev/null; rc=$?
check "outliers exits 0 when none does" '[ "$rc" -eq 0 ]'
"$xxgk" export --db "$db" --table findings --json > "$tmp/j6"
"$xxgk" diff --json "$seed0" "$seed2" > "$tmp/j7"
for j in j1 j2 j3 j4 j5 j7; do
  check "every line of $j has a schema key" '[ -s "$tmp/$j" ] && [ "$(grep -vc "^{\"schema\":\"xxgk\.[a-z]*/1\"" "$tmp/$j")" -eq 0 ]'
done

# counts as integers, never 1.341e+04
"$xxgk" stats --db "$db" --year 2024 > "$tmp/s.txt"
"$xxgk" stats --db "$db" --year 2024 --csv > "$tmp/s.csv"
check "stats prints no exponent" '[ -s "$tmp/s.txt" ] && ! grep -Eq "[0-9]e[+-][0-9]" "$tmp/s.txt" "$tmp/s.csv" "$tmp/j4"'
check "stats JSON: n is an integer" 'grep -q "\"n\":[0-9]*," "$tmp/j4" && ! grep -q "\"n\":[0-9]*\.[0-9]" "$tmp/j4"'

# a region with no report of its own: blanks in CSV, null in JSON, not zeros
"$xxgk" rollup --db "$db" --level county --region 420984 --year 2024 --csv > "$tmp/r.csv"
own=$(grep "^420984,.*,own," "$tmp/r.csv")
check "rollup CSV: no own report gives blank figures" \
  '[ -n "$own" ] && echo "$own" | awk -F, "{ exit !(\$6 == 0 && \$10 == \"\" && \$11 == \"\") }"'
"$xxgk" rollup --db "$db" --level county --region 420984 --year 2024 --json > "$tmp/r.json"
check "rollup JSON: no own report gives null figures" 'grep -q "\"own\":{\"reports\":0,\"cells_missing\":0,\"figures\":null" "$tmp/r.json"'

# export (issue 13, deliverable 5): BLOBs as hex or left out, valid UTF-8, formulas guarded,
# findings with their body and year
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$xxgk" export --db "$db" --table reports --json > "$tmp/rep.jsonl"
check "export --json: every line is valid UTF-8 JSON with a schema, minhash as hex" \
  '$py -c "
import json, sys
n = 0
for raw in open(sys.argv[1], \"rb\"):
    r = json.loads(raw.decode(\"utf-8\"))
    assert r[\"schema\"] == \"xxgk.row/1\" and r[\"table\"] == \"reports\"
    m = r[\"minhash\"]
    assert m is None or (len(m) == 256 and all(c in \"0123456789abcdef\" for c in m)), m
    n += 1
assert n == 14, n
" "$tmp/rep.jsonl"'
"$xxgk" export --db "$db" --table reports -o "$tmp/rep.csv"
check "export CSV of reports passes iconv (valid UTF-8)" 'iconv -f UTF-8 -t UTF-8 "$tmp/rep.csv" > /dev/null'
"$xxgk" export --db "$db" --table reports --blobs=omit > "$tmp/rep2.csv"
check "--blobs=omit leaves the BLOB column out" 'head -1 "$tmp/rep.csv" | grep -q ",minhash" && ! head -1 "$tmp/rep2.csv" | grep -q minhash'
# a byte that is no character, as an old database or a bad input may hold
sqlite3 "$db" "INSERT INTO quarantine(path, sha256, reason, at) VALUES('bad.txt', NULL, CAST(X'61C328' AS TEXT), '2025-01-01')"
"$xxgk" export --db "$db" --table quarantine --json > "$tmp/q.jsonl"
check "an invalid byte becomes U+FFFD, the line stays JSON" \
  '$py -c "import json,sys; rs=[json.loads(l) for l in open(sys.argv[1], encoding=\"utf-8\")]; assert any(r[\"reason\"] == \"a\ufffd(\" for r in rs)" "$tmp/q.jsonl"'
printf 'body,rule,reason\n420984103,t3.row_sum,"=HYPERLINK(""http://x"",""y"")"\n420984103,t3.balance,+1 见附件\n' > "$tmp/w.csv"
"$xxgk" check --db "$db" --waivers "$tmp/w.csv" > /dev/null 2>&1
"$xxgk" export --db "$db" --table findings > "$tmp/f.csv"
check "formula cells are guarded in CSV" 'grep -q "\"'"'"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" "$tmp/f.csv" && grep -q "\"'"'"'+1 见附件\"" "$tmp/f.csv"'
check "findings exported with body, year and status" \
  'head -1 "$tmp/f.csv" | grep -q "report,agency_name,region_code,body_key,year" && grep -q ",分水镇,420984103,420984103,2024,.*,waived," "$tmp/f.csv"'

# folders (issue 13: `check DIR` failed "is a directory"; parse did too): parse, check and load
# walk a folder the same way, in name order; an empty one is nothing to work on, exit 3 for all three
"$xxgk" parse --json "$fixtures/seeds" > "$tmp/pdir.jsonl" 2> "$tmp/pdir.err"; rc=$?
"$xxgk" parse --json "$fixtures"/seeds/*.txt > "$tmp/pfiles.jsonl"
check "parse DIR: every report of the folder, as the files would give" \
  '[ "$rc" -eq 0 ] && [ "$(wc -l < "$tmp/pdir.jsonl")" -eq 5 ] && cmp -s "$tmp/pdir.jsonl" "$tmp/pfiles.jsonl" && [ ! -s "$tmp/pdir.err" ]'
mkdir -p "$tmp/pdir/sub"
cp "$seed2" "$tmp/pdir/sub/"
cp "$tmp/pfiles.jsonl" "$tmp/pdir/parsed.jsonl"
: > "$tmp/pdir/empty.txt"
"$xxgk" parse "$tmp/pdir" > "$tmp/pdir.txt" 2> "$tmp/pdir.err"; rc=$?
check "parse DIR: subfolders walked, a failure named, parse output left to load" \
  '[ "$rc" -eq 1 ] && grep -q "^== $tmp/pdir/sub/002_6dd58b88eaeffe1b.txt$" "$tmp/pdir.txt" &&
   grep -qx "$tmp/pdir/empty.txt: empty file" "$tmp/pdir.err" && grep -q "^$tmp/pdir/parsed.jsonl: parse output, read by xxgk load (skipped)$" "$tmp/pdir.err"'
mkdir "$tmp/nothing"
for c in parse check "load --db $tmp/nothing.db"; do
  $xxgk $c "$tmp/nothing" > /dev/null 2> "$tmp/e"; rc=$?
  check "$c of an empty folder: nothing to work on, exit 3" '[ "$rc" -eq 3 ] && grep -q "no report files in the paths given" "$tmp/e"'
done

# load on a terminal (issue 13, deliverable 4): one line redrawn in place with the percent and the ETA,
# wiped before a file's error and before the summary. script(1) gives the load a pseudo-terminal;
# XXGK_LOAD_LOG_EVERY (tiny) makes it draw at every file, so no timing matters.
if command -v script > /dev/null; then
  mkdir "$tmp/tty"
  cp "$fixtures"/seeds/*.txt "$tmp/tty/"
  : > "$tmp/tty/empty.txt"
  XXGK_LOAD_LOG_EVERY=0.000001 script -qefc "'$xxgk' load --db '$tmp/tty.db' '$tmp/tty'" /dev/null > "$tmp/tty.out" 2>&1 < /dev/null; rc=$?
  tr '\r' '\n' < "$tmp/tty.out" | sed "s/$(printf '\033')\[K/<EL>/" > "$tmp/tty.txt"
  check "load on a terminal: exit 1 (one file failed)" '[ "$rc" -eq 1 ]'
  check "load on a terminal: the line redrawn with files, percent, rate, ETA" \
    '[ "$(grep -Ec "^<EL>  [1-6] / 6 files \([0-9]+%\) · [0-9]+ reports/s · ETA [0-9:]+( s)? · [01] failed$" "$tmp/tty.txt")" -ge 5 ] &&
     grep -q "^<EL>  6 / 6 files (100%) .* · 1 failed$" "$tmp/tty.txt"'
  check "load on a terminal: the line wiped before an error and the summary" \
    'grep -qx "<EL>$tmp/tty/empty.txt: empty file" "$tmp/tty.txt" && grep -q "^<EL>$tmp/tty.db: 5 loaded, 0 unchanged, 0 replaced, 1 failed (6 files" "$tmp/tty.txt"'
  rm -f "$tmp/tty.db"
  XXGK_LOAD_LOG_EVERY=0.000001 "$xxgk" load --db "$tmp/tty.db" "$tmp/tty" 2> "$tmp/tty.err"
  check "load to a file: lines, never a carriage return or an escape" \
    'grep -q "^xxgk load: [1-5] / 6 files ([0-9]*%)" "$tmp/tty.err" && ! grep -q "$(printf "[\r\033]")" "$tmp/tty.err"'
  check "load to a file: no line for the last file, the summary says it" '! grep -q "^xxgk load: 6 / 6 files" "$tmp/tty.err"'
fi

# messages and --help in Chinese under a zh_CN locale (gettext), English otherwise; the
# zh_CN locale need not be installed (Debian ships C.UTF-8 only)
LANG=zh_CN.UTF-8 LC_ALL= "$xxgk" check --help > "$tmp/zh.txt"
check "help in Chinese under zh_CN" 'grep -q "^用法：xxgk check" "$tmp/zh.txt" && grep -q "^选项：" "$tmp/zh.txt" && grep -q "审核数据库中选定的报告" "$tmp/zh.txt"'
LC_ALL=zh_CN.UTF-8 "$xxgk" check --jsn "$seed0" 2> "$tmp/zh.err" > /dev/null; rc=$?
check "messages in Chinese under zh_CN, did-you-mean too" '[ "$rc" -eq 2 ] && grep -q "未知选项 --jsn；是否要用 --json？" "$tmp/zh.err"'
LANG=en_US.UTF-8 LC_ALL= "$xxgk" check --help > "$tmp/en.txt"
check "English otherwise" 'grep -q "^usage: xxgk check" "$tmp/en.txt" && ! grep -q "用法" "$tmp/en.txt"'
LANG=zh_CN.UTF-8 LC_ALL= "$xxgk" help > "$tmp/zh2.txt"
check "the list of commands in Chinese" 'grep -q "^命令：" "$tmp/zh2.txt" && grep -q "track *从审核结果工作簿读回状态" "$tmp/zh2.txt"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
