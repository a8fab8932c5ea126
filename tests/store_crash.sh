#!/usr/bin/env bash
# store_crash.sh XXGK FIXTURES — kill -9 a large load at random moments; each
# time the database must pass PRAGMA integrity_check and hold whole reports
# only (25 table-3 rows and 3 table-4 rows for every report); a final load
# then completes the set. Ends with "N passed, N failed".
set -u
xxgk=$1
fixtures=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

n=${XXGK_CRASH_FILES:-20000}
mkdir -p "$tmp/in"
# n documents: the simplified seeds in turn, each with a line that makes it
# another document (another sha256) of the same content; one awk writes them all
awk -v n="$n" -v dir="$tmp/in" '
  FNR == 1 { k++ } { doc[k] = doc[k] $0 "\n" }
  END { for (i = 0; i < n; i++) { f = sprintf("%s/%06d.txt", dir, i);
        printf "%s\n（文档编号 %d）\n", doc[i % k + 1], i > f; close(f) } }
' "$fixtures"/seeds/00[0124]*.txt
db="$tmp/crash.db"
check_whole() {
  local out
  # killed before the schema's first transaction committed: an empty database, still whole
  if [ "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE name = 'reports'" 2>&1)" = 0 ]; then
    if [ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ]; then
      ok; echo "after kill $1: killed before the schema was committed; empty and whole"
    else
      bad "after kill $1: empty database fails integrity_check"
    fi
    return
  fi
  out=$(sqlite3 "$db" "PRAGMA integrity_check;
    SELECT (SELECT count(*) FROM reports) || ' ' ||
           (SELECT count(*) FROM applications) || ' ' || (SELECT count(*) FROM reviews) || ' ' ||
           (SELECT count(*) FROM reports r WHERE (SELECT count(*) FROM applications a WHERE a.report_id = r.id) != 25);" 2>&1)
  local integrity reports apps reviews partial
  integrity=$(echo "$out" | head -1)
  read -r reports apps reviews partial <<< "$(echo "$out" | tail -1)"
  if [ "$integrity" = "ok" ] && [ "$apps" = $((reports * 25)) ] && [ "$reviews" = $((reports * 3)) ] && [ "$partial" = 0 ]; then
    ok; echo "after kill $1: $reports whole reports, integrity ok"
  else
    bad "after kill $1: $out"
  fi
}
for k in 1 2 3 4 5; do
  "$xxgk" load --quiet --batch 100 --db "$db" "$tmp/in" > /dev/null 2>&1 &
  pid=$!
  # somewhere inside the load: 0.05 to 0.99 s
  sleep "0.$(( RANDOM % 9 + 0 ))$(( RANDOM % 9 + 1 ))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  check_whole "$k"
done
"$xxgk" load --quiet --db "$db" "$tmp/in" > /dev/null 2> "$tmp/final.txt"
rc=$?
total=$(sqlite3 "$db" "SELECT count(*) FROM reports")
if [ "$rc" -eq 0 ] && [ "$total" -eq "$n" ]; then ok; else bad "final load: rc=$rc, $total of $n reports: $(cat "$tmp/final.txt")"; fi
check_whole final
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
