#!/usr/bin/env bash
# bad_inputs.sh XXGK FIXTURES — the catalogue of hostile inputs (tests/bad_inputs/catalogue.tsv):
# each input alone, given to its command, must give exactly its one-line error (or skip
# notice), a non-zero exit where something failed, never a crash, a hang or a stored row.
# Ends with "N passed, N failed".
set -u
xxgk=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fixtures=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# No timing decides a result: load's progress line comes every 5 s when standard error is a file, and
# one input under the sanitizer on a busy machine can take that long (an hour here, the most it takes: never); the hang
# guard is generous for the same reason (a FIFO read would block for ever, not for minutes).
export XXGK_LOAD_LOG_EVERY=3599
hang=600

# what git cannot hold, made here
make_input() {
  case "$1" in
    huge.txt) truncate -s 200M huge.txt ;;
    fifo.txt) mkfifo fifo.txt ;;
    dangling.txt) ln -s /nonexistent/report.txt dangling.txt ;;
    loop.txt) ln -s loop2.txt loop.txt; ln -s loop.txt loop2.txt ;;
    folder-loop) mkdir folder-loop; ln -s . folder-loop/self ;;
    name-with-newline-and-esc.txt) : > "$(printf 'name\nwith\033[31mesc.txt')"; echo "$(printf 'name\nwith\033[31mesc.txt')" ;;
    damaged-index.db)
      "$xxgk" load --quiet --db damaged-index.db "$fixtures/seeds" 2> /dev/null
      sqlite3 damaged-index.db "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
      page=$(sqlite3 damaged-index.db "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_reports_1'")
      head -c 3000 /dev/zero | tr '\0' '\377' | dd of=damaged-index.db bs=1 seek=$(((page - 1) * 16384)) conv=notrunc 2> /dev/null ;;
  esac
}

# peak memory of one input (issue 17, item 12: a 91 KB .docx took 1.1 GB): the largest resident set of
# the command, whatever the speed; the sanitizer build's own bookkeeping doubles it
peak_cap_kb=$((256 * 1024))
grep -qa __asan_init "$xxgk" && peak_cap_kb=$((512 * 1024))
measured() {  # measured CMD...: runs it; its peak resident set (KB) goes to peak.txt; its exit status
  python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:]).returncode
open("peak.txt", "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(128 - r if r < 0 else r)' "$@"
}

n=0
while IFS=$'\t' read -r file cmd expected; do
  case "$file" in ''|'#'*) continue ;; esac
  n=$((n + 1))
  work="$tmp/$n"
  mkdir -p "$work"
  cd "$work" || exit 1
  name=$file
  if [ "${file#@}" != "$file" ]; then
    name=${file#@}
    made=$(make_input "$name")
    [ -n "$made" ] && name=$made
  else
    cp "$here/bad_inputs/$file" .
  fi
  case "$cmd" in
    parse) measured timeout "$hang" "$xxgk" parse "$name" > out.txt 2> err.txt; rc=$? ;;
    load) measured timeout "$hang" "$xxgk" load --db "$work/t.db" "$name" > out.txt 2> err.txt; rc=$? ;;
    check-db) measured timeout "$hang" "$xxgk" check --db "$name" > out.txt 2> err.txt; rc=$? ;;
  esac
  # the error is the first line; load adds its summary line after it
  got=$(head -n 1 err.txt)
  lines=$(wc -l < err.txt)
  want_lines=1
  [ "$cmd" = load ] && want_lines=2
  matched=0
  if [ "${expected%\*}" != "$expected" ]; then
    case "$got" in "${expected%\*}"*) matched=1 ;; esac
  else
    [ "$got" = "$expected" ] && matched=1
  fi
  what="$file ($cmd)"
  if [ "$rc" -ge 124 ]; then
    bad "$what: exit $rc (crash or hang)"
  elif [ "$matched" -ne 1 ]; then
    bad "$what: got '$got', expected '$expected'"
  elif [ "$lines" -ne "$want_lines" ]; then
    bad "$what: $lines lines on standard error, expected $want_lines: $(cat err.txt)"
  elif [ -s out.txt ] && [ "$cmd" != check-db ]; then
    bad "$what: something on standard output: $(head -c 200 out.txt)"
  elif [ "$cmd" = load ] && [ "$(sqlite3 t.db 'SELECT count(*) FROM reports' 2>&1)" != 0 ]; then
    bad "$what: a report was stored"
  elif [ "$cmd" = load ] && case "$got" in *"(skipped)") false ;; *) true ;; esac && [ "$rc" -ne 1 ]; then
    bad "$what: exit $rc, expected 1 (a file failed)"
  elif [ "$cmd" != load ] && [ "$rc" -eq 0 ]; then
    bad "$what: exit 0"
  elif ! [ "$(cat peak.txt 2> /dev/null || echo 0)" -gt 0 ] || [ "$(cat peak.txt)" -gt "$peak_cap_kb" ]; then
    bad "$what: peak memory $(cat peak.txt 2> /dev/null) KB, over $peak_cap_kb KB (or not measured)"
  else
    ok
  fi
  cd "$tmp" || exit 1
done < "$here/bad_inputs/catalogue.tsv"
[ "$n" -ge 33 ] || bad "only $n catalogue lines read"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
