#!/usr/bin/env bash
# missing_paths.sh XXGK FIXTURES — paths that name nothing (issue 17, the
# brief's "other files in a batch still go through"): `xxgk load` given one
# missing path among several names it in one line, loads the rest and exits
# non-zero; `xxgk serve --db` on a file that is not there refuses in one
# line and makes no empty database (a mistyped name used to be served empty).
# Ends with "N passed, N failed".
set -u
xxgk=$1
fixtures=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
export XXGK_LOAD_LOG_EVERY=3599   # no progress lines: only the error and the summary
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
q() { sqlite3 "$1" "$2" 2>&1; }

seed0="$fixtures/seeds/000_2a68a08fb10c7e43.txt"
seed2="$fixtures/seeds/002_6dd58b88eaeffe1b.txt"
mkdir "$tmp/dir"
cp "$fixtures/seeds/001_61f640e52d4e149d.txt" "$tmp/dir/"

# --- load: one missing path between three that are there (two files and a folder)
"$xxgk" load --db "$tmp/a.db" "$seed0" "$tmp/nosuch.txt" "$tmp/dir" "$seed2" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "load: exits non-zero (1: the rest went through) [rc=$rc]" '[ "$rc" -eq 1 ]'
check "load: one line names the missing path and why" \
  '[ "$(grep -c "nosuch" "$tmp/err")" -eq 1 ] && grep -q "^xxgk load: $tmp/nosuch.txt: No such file or directory$" "$tmp/err"'
check "load: the other three reports are in the database" '[ "$(q "$tmp/a.db" "SELECT count(*) FROM reports")" = 3 ]'
check "load: the summary counts them and the missing path" \
  'grep -q ": 3 loaded, 0 unchanged, 0 replaced, 0 failed, 1 path not found (3 files" "$tmp/err"'
check "load: nothing on standard output" '[ ! -s "$tmp/out" ]'

# two missing: both named, the one file loaded
"$xxgk" load --db "$tmp/b.db" "$tmp/x1.txt" "$seed0" "$tmp/x2" 2> "$tmp/err"; rc=$?
check "load: two missing paths, both named, the file loaded [rc=$rc]" \
  '[ "$rc" -eq 1 ] && grep -q "x1.txt: No such file" "$tmp/err" && grep -q "x2: No such file" "$tmp/err" &&
   grep -q "2 paths not found" "$tmp/err" && [ "$(q "$tmp/b.db" "SELECT count(*) FROM reports")" = 1 ]'

# nothing there at all: trouble (3), as every command with nothing to work on
"$xxgk" load --db "$tmp/c.db" "$tmp/x1.txt" 2> "$tmp/err"; rc=$?
check "load: only a missing path: exit 3, named [rc=$rc]" '[ "$rc" -eq 3 ] && grep -q "x1.txt: No such file" "$tmp/err"'

# --- serve: a database that is not there is refused, not made
# (before the fix it served an empty database: a server that starts is stopped here, no clock involved)
"$xxgk" serve --db "$tmp/missing.db" --listen 127.0.0.1:0 > "$tmp/out" 2> "$tmp/err" &
pid=$!
while kill -0 "$pid" 2> /dev/null; do
  grep -q "^xxgk serve: http" "$tmp/err" && { kill "$pid"; break; }
  sleep 0.05
done
wait "$pid"; rc=$?
check "serve: a missing database: exit 3 [rc=$rc]" '[ "$rc" -eq 3 ]'
check "serve: one line naming the file" \
  '[ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "^xxgk serve: $tmp/missing.db: no such file" "$tmp/err"'
check "serve: no database made" '[ ! -e "$tmp/missing.db" ] && [ ! -e "$tmp/missing.db-wal" ]'
# the read-only commands say the same
"$xxgk" stats --db "$tmp/missing.db" > /dev/null 2> "$tmp/err"; rc=$?
check "stats: a missing database named as missing [rc=$rc]" \
  '[ "$rc" -eq 3 ] && grep -q "missing.db: .*no such file" "$tmp/err" && [ ! -e "$tmp/missing.db" ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
