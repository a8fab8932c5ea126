#!/usr/bin/env bash
# store_crash.sh XXGK SYNTH GAZETTEER — kill -9 loads at 20 points (issue 17,
# item 1 and "make it systematic"). The input has conflicts: 300 bodies'
# reports for two years and 300 corrected copies (`_v2`, another document of
# the same body and year). After every kill the database must pass PRAGMA
# integrity_check, hold whole reports only (25 table-3 rows and 3 table-4 rows
# each), and have exactly one chosen report for every body and year (a crash
# used to leave both, and roll-ups counted both), with every body-year of two
# documents marked a conflict. Each next load goes on from what the last one
# committed: its summary's "N loaded, M unchanged" must be what the database
# gained and held. At the end the roll-ups equal those of one load without a
# kill. Ends with "N passed, N failed".
#
# No timing decides a result: each load is killed by itself with SIGKILL
# (XXGK_LOAD_KILL_AT, src/cli/cmd_load.c) once it has read a set number of
# reports, inside its open batch: the state kill -9 leaves, at a point the
# test chooses.
set -u
xxgk=$1
synth=$2
gazetteer=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
q() { sqlite3 "$1" "$2" 2>&1; }

in="$tmp/in"
"$synth" --out "$in" --bodies 300 --years 2023-2024 --layouts lines --gazetteer "$gazetteer" > /dev/null ||
  { echo "FAIL: xxgk-synth"; exit 1; }
# a corrected copy of every other report: the same body and year, another document;
# listed in the manifest like its original (a name alone can be ambiguous: 朝阳区)
for f in $(cd "$in" && ls ./*.txt | sort | awk 'NR % 2 == 1' | head -300); do
  f=${f#./}
  { cat "$in/$f"; printf '\n（更正版）\n'; } > "$in/${f%.txt}_v2.txt"
done
awk -F, 'NR > 1 && $1 ~ /\.txt$/ { sub(/\.txt$/, "_v2.txt", $1); print $1 "," $2 "," $3 }' "$in/manifest.csv" > "$tmp/v2.csv"
while IFS=, read -r file rest; do
  [ -f "$in/$file" ] && echo "$file,$rest"
done < "$tmp/v2.csv" >> "$in/manifest.csv"
files=$(ls "$in"/*.txt | wc -l)
pairs=$(ls "$in"/*_v2.txt | wc -l)
[ "$files" -eq 900 ] && [ "$pairs" -eq 300 ] || { echo "FAIL: corpus of $files files, $pairs copies"; exit 1; }

# the invariants of a committed state, one line each
check_state() {  # check_state DB WHAT
  local db=$1 what=$2 out
  if [ "$(q "$db" "SELECT count(*) FROM sqlite_master WHERE name = 'reports'")" = 0 ]; then
    # killed before the schema's first transaction committed: empty, still whole
    if [ "$(q "$db" "PRAGMA integrity_check")" = ok ]; then ok; else bad "$what: empty database fails integrity_check"; fi
    return
  fi
  out=$(q "$db" "PRAGMA integrity_check")
  [ "$out" = ok ] && ok || bad "$what: integrity_check: $out"
  out=$(q "$db" "SELECT (SELECT count(*) FROM reports r WHERE (SELECT count(*) FROM applications a WHERE a.report_id = r.id) != 25
                                                        OR (SELECT count(*) FROM reviews v WHERE v.report_id = r.id) != 3)")
  [ "$out" = 0 ] && ok || bad "$what: $out reports not whole"
  out=$(q "$db" "SELECT count(*) FROM (SELECT 1 FROM reports GROUP BY body_key, year HAVING sum(chosen) > 1)")
  [ "$out" = 0 ] && ok || bad "$what: $out body-years with two chosen reports"
  out=$(q "$db" "SELECT count(*) FROM (SELECT 1 FROM reports GROUP BY body_key, year HAVING sum(chosen) <> 1)")
  [ "$out" = 0 ] && ok || bad "$what: $out body-years without exactly one chosen report"
  out=$(q "$db" "SELECT count(*) FROM (SELECT 1 FROM reports GROUP BY body_key, year
                                       HAVING (count(*) > 1) <> (min(conflict) = 1 AND max(conflict) = 1))")
  [ "$out" = 0 ] && ok || bad "$what: $out body-years whose conflict marks are wrong"
}

# a load of the corpus into $1 that kills itself once it has read $2 reports (the ones already held
# count); sets $ran to "killed" or "finished" and leaves its standard error in $tmp/load.err
load_until() {
  XXGK_LOAD_KILL_AT=$2 "$xxgk" load --jobs 1 --batch 100 --db "$1" "$in" 2> "$tmp/load.err" &
  wait $! 2> /dev/null
  if [ $? -eq 137 ]; then ran=killed; else ran=finished; fi
}

db="$tmp/crash.db"
killed=0 finished=0
for k in $(seq 1 20); do
  held=$(q "$db" "SELECT count(*) FROM reports" 2> /dev/null)
  [[ "$held" =~ ^[0-9]+$ ]] || held=0
  # 20 to 249 reports beyond what is held: inside the first batch of 100, at its end, in a later one;
  # past the last file the load finishes, and the next starts on a new file
  at=$((held + 20 + (k * 47) % 230))
  load_until "$db" "$at"
  expect=killed
  [ "$at" -gt "$files" ] && expect=finished
  [ "$ran" = "$expect" ] && ok || bad "load $k: $ran at $at reports ($held held): expected $expect"
  now=$(q "$db" "SELECT count(*) FROM reports" 2> /dev/null)
  [[ "$now" =~ ^[0-9]+$ ]] || now=0
  check_state "$db" "kill $k ($ran at $held → $now reports)"
  if [ "$ran" = finished ]; then
    finished=$((finished + 1))
    # what it said is what the database gained and held
    if grep -q ": $((files - held)) loaded, $held unchanged, 0 replaced, 0 failed" "$tmp/load.err" && [ "$now" = "$files" ]; then
      ok
    else
      bad "load $k after $held reports: $(tail -1 "$tmp/load.err"), the database holds $now"
    fi
    rm -f "$db" "$db-wal" "$db-shm"   # start again on a new file
  else
    killed=$((killed + 1))
    [ "$now" -ge "$held" ] && ok || bad "kill $k: the database lost reports ($held → $now)"
  fi
done
echo "$killed loads killed, $finished finished"

# the next load completes the set and says what it added
held=$(q "$db" "SELECT count(*) FROM reports" 2> /dev/null)
[[ "$held" =~ ^[0-9]+$ ]] || held=0
"$xxgk" load --quiet --db "$db" "$in" 2> "$tmp/final.err"; rc=$?
now=$(q "$db" "SELECT count(*) FROM reports")
if [ "$rc" -eq 0 ] && [ "$now" = "$files" ] &&
   grep -q ": $((files - held)) loaded, $held unchanged, 0 replaced, 0 failed" "$tmp/final.err"; then
  ok
else
  bad "final load: rc=$rc, $now of $files reports after $held: $(cat "$tmp/final.err")"
fi
check_state "$db" "final"
[ "$(q "$db" "SELECT count(*) FROM reports WHERE chosen = 1")" = $((files - pairs)) ] && ok ||
  bad "final: $(q "$db" "SELECT count(*) FROM reports WHERE chosen = 1") chosen of $((files - pairs)) body-years"

# the figures: every roll-up equals that of one load without a kill (a copy's figures are its original's)
"$xxgk" load --quiet --db "$tmp/clean.db" "$in" 2> /dev/null
for y in 2023 2024; do
  for level in province county; do
    "$xxgk" rollup --db "$db" --level $level --year $y --csv > "$tmp/a.csv" 2>&1
    "$xxgk" rollup --db "$tmp/clean.db" --level $level --year $y --csv > "$tmp/b.csv" 2>&1
    if [ -s "$tmp/a.csv" ] && cmp -s "$tmp/a.csv" "$tmp/b.csv"; then ok; else bad "rollup $level $y differs from a clean load's"; fi
  done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
