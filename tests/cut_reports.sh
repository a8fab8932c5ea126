#!/usr/bin/env bash
# cut_reports.sh XXGK FIXTURES — issue 17 item 2 (and issue 11 item 8): a report cut off
# anywhere inside its tables is never taken for a whole report. Every seed is cut after
# each line from its table 2 heading to the last figure of its table 4 (seed 000, the
# issue's reproducer, at every 2nd line; the others at every 17th): each cut either is refused
# with a reason or is read with a table.truncated warning, and `xxgk check` makes that an
# error. Where the figures end is read off the document: the last line holding a digit
# before the heading of part 五.
set -u
xxgk=$1
fixtures=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 cuts=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

for seed in "$fixtures"/seeds/*.txt; do
  name=$(basename "$seed")
  first=$(grep -n '^[#[:space:]]*二、主' "$seed" | head -n 1 | cut -d: -f1)
  five=$(grep -n '^[#[:space:]]*五、' "$seed" | head -n 1 | cut -d: -f1)
  if [ -z "$first" ] || [ -z "$five" ]; then
    bad "$name: no table 2 heading or part 五 heading to cut between"
    continue
  fi
  last=$(head -n $((five - 1)) "$seed" | grep -n '[0-9]' | tail -n 1 | cut -d: -f1)
  # the shared machine is slow: seed 000 at every 2nd line, the others at every 17th
  step=17
  case "$name" in 000_*) step=2 ;; esac
  for ((k = first; k < last; k += step)); do
    head -n "$k" "$seed" > "$tmp/cut.txt"
    cuts=$((cuts + 1))
    if "$xxgk" parse --json "$tmp/cut.txt" > "$tmp/out.json" 2> "$tmp/err.txt"; then
      if grep -q '"code":"table.truncated"' "$tmp/out.json"; then
        pass=$((pass + 1))
      else
        bad "$name cut after line $k (its figures end at $last): read with no table.truncated"
      fi
    elif [ -s "$tmp/err.txt" ] && [ ! -s "$tmp/out.json" ]; then
      pass=$((pass + 1))   # refused, with its reason
    else
      bad "$name cut after line $k: failed with no reason, or with a half report"
    fi
  done
  # the whole table set is no cut: the same document up to part 五 is not flagged
  head -n $((five - 1)) "$seed" > "$tmp/whole.txt"
  "$xxgk" parse --json "$tmp/whole.txt" > "$tmp/out.json" 2> /dev/null
  if grep -q '"code":"table.truncated"' "$tmp/out.json"; then
    bad "$name up to part 五 (line $five) called truncated"
  else
    pass=$((pass + 1))
  fi
done

# the checker makes the warning an error: a cut report is never a clean one
seed0=$(ls "$fixtures"/seeds/000_*.txt)
head -n 143 "$seed0" > "$tmp/c.txt"
"$xxgk" check "$tmp/c.txt" > "$tmp/check.txt" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && grep -q 'table.truncated' "$tmp/check.txt"; then
  pass=$((pass + 1))
else
  bad "check of seed 000 cut at line 143: exit $rc, no table.truncated finding"
fi
# cut in table 2's head, before any figure (seed 000 after 现行有效件, the last of its
# column headings): read with table.truncated — `parse` exits 0 as for any report read
# with warnings, `check` reports the cut as an error, `load` stores it. Refused before
# (no tables found); cut after the title alone (no heading), still refused, as before.
head2=$(grep -n '^现行有效件' "$seed0" | head -n 1 | cut -d: -f1)
title2=$(grep -n '^二、主动公开' "$seed0" | head -n 1 | cut -d: -f1)
head -n "$head2" "$seed0" > "$tmp/h2.txt"
"$xxgk" parse --json "$tmp/h2.txt" > "$tmp/out.json" 2> "$tmp/err.txt"
rc=$?
if [ "$rc" -eq 0 ] && grep -q '"code":"table.truncated"' "$tmp/out.json"; then
  pass=$((pass + 1))
else
  bad "seed 000 cut after line $head2 (table 2's headings): parse exit $rc, $(cat "$tmp/err.txt")"
fi
"$xxgk" check "$tmp/h2.txt" > "$tmp/check.txt" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'table.truncated' "$tmp/check.txt"; then
  pass=$((pass + 1))
else
  bad "check of seed 000 cut at line $head2: exit $rc, no table.truncated finding"
fi
"$xxgk" load -q --db "$tmp/h2.db" "$tmp/h2.txt" > /dev/null 2> "$tmp/err.txt"
rc=$?
if [ "$rc" -eq 0 ] && grep -q ' 1 loaded' "$tmp/err.txt"; then
  pass=$((pass + 1))
else
  bad "load of seed 000 cut at line $head2: exit $rc, $(cat "$tmp/err.txt")"
fi
head -n "$title2" "$seed0" > "$tmp/t2.txt"
if ! "$xxgk" parse --json "$tmp/t2.txt" > "$tmp/out.json" 2> "$tmp/err.txt" && [ ! -s "$tmp/out.json" ] &&
   grep -q 'no tables found: no 主动公开 (表二)' "$tmp/err.txt"; then
  pass=$((pass + 1))
else
  bad "seed 000 cut after its line $title2 (table 2's title alone): not refused as before"
fi
[ "$cuts" -ge 250 ] || bad "only $cuts cuts tried"
echo "$cuts cuts; $pass passed, $fail failed"
[ "$fail" -eq 0 ]
