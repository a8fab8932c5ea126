#!/usr/bin/env bash
# faults_test.sh XXGK FIXTURES — issue 17's faults as a user meets them:
# loads that are interrupted, that fill the disk, that meet FIFOs and link
# loops; names that would drive a terminal. Each check names the defect it
# guards. Ends with "N passed, N failed".
set -u
xxgk=$1
fixtures=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
# load's progress line comes every 5 s when standard error is a file: under the sanitizer on a busy
# machine a small load takes that long. None here unless a check asks for it (nothing waits on a clock).
export XXGK_LOAD_LOG_EVERY=3599
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
q() { sqlite3 "$1" "$2" 2>&1; }

seed0="$fixtures/seeds/000_2a68a08fb10c7e43.txt"
seed2="$fixtures/seeds/002_6dd58b88eaeffe1b.txt"

# n reports in a folder: the seeds in turn, each another document by a line of its own
make_reports() {
  mkdir -p "$1"
  awk -v n="$2" -v dir="$1" '
    FNR == 1 { k++ } { doc[k] = doc[k] $0 "\n" }
    END { for (i = 0; i < n; i++) { f = sprintf("%s/%05d.txt", dir, i);
          printf "%s\n（文档编号 %d）\n", doc[i % k + 1], i > f; close(f) } }
  ' "$fixtures"/seeds/00[0124]*.txt
}

# --- item 10: the folder walk meets a dangling link, a link loop, a FIFO
w="$tmp/walk"
mkdir -p "$w/sub"
cp "$seed0" "$w/"
cp "$seed2" "$w/sub/"
ln -s /nonexistent/x.txt "$w/dangling.txt"
ln -s loop2.txt "$w/loop1.txt"; ln -s loop1.txt "$w/loop2.txt"
ln -s .. "$w/sub/up"
mkfifo "$w/fifo.txt"
timeout 600 "$xxgk" load --db "$tmp/walk.db" "$w" 2> "$tmp/walk.err"; rc=$?
check "walk: not blocked by a FIFO, exit 0 (nothing failed)" '[ "$rc" -eq 0 ]'
check "walk: both reports loaded" '[ "$(q "$tmp/walk.db" "SELECT count(*) FROM reports")" = 2 ]'
check "walk: FIFO named and skipped" 'grep -q "fifo.txt: a FIFO, not a regular file (skipped)" "$tmp/walk.err"'
check "walk: dangling link named" 'grep -q "dangling.txt: a symbolic link to nothing (dangling) (skipped)" "$tmp/walk.err"'
check "walk: link loop named" 'grep -q "loop1.txt: a symbolic link loop (skipped)" "$tmp/walk.err"'
check "walk: folder loop named" 'grep -q "sub/up: a folder already walked" "$tmp/walk.err"'
check "walk: summary counts skipped" 'grep -q "2 loaded, 0 unchanged, 0 replaced, 0 failed, 5 skipped (2 files" "$tmp/walk.err"'

# --- item 7: a write error on standard output is an error in every command
d="$tmp/walk.db"
while IFS= read -r cmd; do
  eval "\"\$xxgk\" $cmd" > /dev/full 2> "$tmp/full-out.err"; rc=$?
  check "stdout /dev/full: xxgk $cmd exits 3 (got $rc)" '[ "$rc" -eq 3 ]'
  check "stdout /dev/full: xxgk $cmd says so" 'grep -Eq "cannot write|writing|write error|No space" "$tmp/full-out.err"'
done <<EOF
parse "$seed0"
parse --json "$seed0" "$seed2"
check "$seed2"
check --db "$d"
check --db "$d" --json
rollup --db "$d" --level county
stats --db "$d"
outliers --db "$d" --year 2024
export --db "$d" --table reports
help
version
load --help
rules
rules --markdown
diff "$seed0" "$seed2"
EOF

# --- item 6: read-only commands on a database in a folder that cannot be written
ro="$tmp/ro"
mkdir -p "$ro"
"$xxgk" load --quiet --db "$ro/r.db" "$seed0" "$seed2" 2> /dev/null
chmod 444 "$ro/r.db"; chmod 555 "$ro"; chmod 755 "$tmp"
as_reader=()
if [ "$(id -u)" -eq 0 ]; then
  # root writes anywhere: read as nobody
  chmod 777 "$tmp/ro-out" 2>/dev/null || { mkdir -p "$tmp/ro-out"; chmod 777 "$tmp/ro-out"; }
  as_reader=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
  mkdir -p "$tmp/ro-out"
fi
while IFS= read -r cmd; do
  eval "\"\${as_reader[@]}\" \"\$xxgk\" $cmd" > "$tmp/ro.out" 2> "$tmp/ro.err"; rc=$?
  check "read-only folder: xxgk $cmd works (rc $rc: $(head -c 200 "$tmp/ro.err"))" '[ "$rc" -le 1 ] && [ -s "$tmp/ro.out" ]'
done <<EOF
rollup --db "$ro/r.db" --level county
stats --db "$ro/r.db"
outliers --db "$ro/r.db" --year 2024
export --db "$ro/r.db" --table reports
report county --db "$ro/r.db" --region 42 -o "$tmp/ro-out/c.pdf" && echo written
EOF
chmod 755 "$ro"; chmod 644 "$ro/r.db"

# --- item 11: a damaged database is named, never half-read, never written into
dmg="$tmp/dmg"
make_reports "$dmg" 200
"$xxgk" load --quiet --db "$tmp/d.db" "$dmg" 2> /dev/null
sqlite3 "$tmp/d.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
damage() {  # damage FILE PAGE: the page's first 3000 bytes become 0xFF (16 KB pages)
  head -c 3000 /dev/zero | tr '\0' '\377' | dd of="$1" bs=1 seek=$((($2 - 1) * 16384)) conv=notrunc 2> /dev/null
}
cp "$tmp/d.db" "$tmp/d-idx.db"
damage "$tmp/d-idx.db" "$(sqlite3 "$tmp/d.db" "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_reports_1'")"
"$xxgk" check --db "$tmp/d-idx.db" > /dev/null 2> "$tmp/dmg.err"; rc=$?
check "damaged index: check --db exits 3" '[ "$rc" -eq 3 ]'
check "damaged index: check --db gives a reason ($(cat "$tmp/dmg.err"))" 'grep -q "d-idx.db: the database is damaged (SQLite.s quick_check: .*); nothing is written into it; .sqlite3 .*d-idx.db .recover" "$tmp/dmg.err"'
before=$(md5sum < "$tmp/d-idx.db")
"$xxgk" load --db "$tmp/d-idx.db" "$seed2" 2> "$tmp/dmg-load.err"; rc=$?
check "damaged database: load refuses (exit 3)" '[ "$rc" -eq 3 ] && grep -q "damaged" "$tmp/dmg-load.err"'
check "damaged database: load wrote nothing" '[ "$(md5sum < "$tmp/d-idx.db")" = "$before" ]'
cp "$tmp/d.db" "$tmp/d-tab.db"
for p in $(sqlite3 "$tmp/d.db" "SELECT pageno FROM dbstat WHERE name = 'reports' AND pagetype = 'leaf' LIMIT 3" 2>/dev/null || echo 3); do
  damage "$tmp/d-tab.db" "$p"
done
for cmd in "rollup --level county" "stats" "outliers --year 2024"; do
  "$xxgk" $cmd --db "$tmp/d-tab.db" > "$tmp/dmg.out" 2> "$tmp/dmg.err"; rc=$?
  check "damaged table: $cmd exits 3, names the damage ($(head -c 150 "$tmp/dmg.err"))" '[ "$rc" -eq 3 ] && grep -q "the database is damaged" "$tmp/dmg.err"'
done

# --- item 9: outputs through mkstemp beside the target; a planted link is never followed; modes kept
o9="$tmp/out9"
mkdir -p "$o9"
echo "victim" > "$o9/victim"
ln -s victim "$o9/m.pdf.tmp"
ln -s victim "$o9/x.csv.part"
"$xxgk" report county --db "$tmp/walk.db" --region 420984 -o "$o9/m.pdf" 2> /dev/null
check "report -o: the link m.pdf.tmp is not followed" '[ "$(cat "$o9/victim")" = victim ] && [ -L "$o9/m.pdf.tmp" ]'
check "report -o: the PDF is written" '[ "$(head -c 5 "$o9/m.pdf")" = "%PDF-" ]'
"$xxgk" export --db "$tmp/walk.db" --table t3_rows -o "$o9/x.csv"
check "export -o: the link x.csv.part is not followed" '[ "$(cat "$o9/victim")" = victim ] && [ -L "$o9/x.csv.part" ]'
check "export -o: the CSV is written" 'grep -q "new_received" "$o9/x.csv"'
check "export -o: a new file gets 0666 less the umask ($(stat -c %a "$o9/x.csv"))" \
  '[ "$(stat -c %a "$o9/x.csv")" = "$(printf "%o" $((0666 & ~0$(umask))))" ]'
chmod 640 "$o9/x.csv" "$o9/m.pdf"
"$xxgk" export --db "$tmp/walk.db" --table t3_rows -o "$o9/x.csv"
"$xxgk" report county --db "$tmp/walk.db" --region 420984 -o "$o9/m.pdf" 2> /dev/null
check "export -o: the old mode 640 is kept" '[ "$(stat -c %a "$o9/x.csv")" = 640 ]'
check "report -o: the old mode 640 is kept" '[ "$(stat -c %a "$o9/m.pdf")" = 640 ]'
check "no temporary file left" '[ "$(ls -A "$o9" | grep -vc "^\(victim\|m.pdf\|x.csv\|m.pdf.tmp\|x.csv.part\)$")" = 0 ]'
# a link of the user's own (as /dev/stdout is; never /dev/stdout itself here: a regression run as
# root would replace the machine's /dev/stdout with a file)
ln -s /proc/self/fd/1 "$o9/stdout-link"
check "export -o a link to standard output writes through it (a pipe)" \
  '"$xxgk" export --db "$tmp/walk.db" --table t3_rows -o "$o9/stdout-link" | grep -q new_received'
"$xxgk" export --db "$tmp/walk.db" --table t3_rows -o "$o9/stdout-link" > "$o9/as-file.csv"
check "export -o a link to standard output writes through it (a file)" \
  '[ -L "$o9/stdout-link" ] && grep -q new_received "$o9/as-file.csv"'
echo old > "$o9/real.csv"; ln -s real.csv "$o9/link.csv"
"$xxgk" export --db "$tmp/walk.db" --table t3_rows -o "$o9/link.csv"
check "export -o a link to a file: the file is replaced, the link stays" \
  '[ -L "$o9/link.csv" ] && grep -q new_received "$o9/real.csv"'

# --- item 3: the summary counts committed reports only (a disk that fills: RLIMIT_FSIZE)
make_reports "$tmp/many" 1000
(trap '' XFSZ; ulimit -f 7000; "$xxgk" load --quiet --batch 100 --db "$tmp/full.db" "$tmp/many") 2> "$tmp/full.err"
rc=$?
said=$(sed -n 's/.*: \([0-9]*\) loaded,.*/\1/p' "$tmp/full.err")
held=$(q "$tmp/full.db" "SELECT count(*) FROM reports")
check "full disk: load fails (exit 3, trouble)" '[ "$rc" -eq 3 ]'
check "full disk: said '$said loaded', the file holds $held" '[ -n "$said" ] && [ "$said" = "$held" ] && [ "$held" -lt 1000 ]'
check "full disk: the reason is told" 'grep -q "rolled back, earlier ones are whole" "$tmp/full.err"'
check "full disk: integrity ok" '[ "$(q "$tmp/full.db" "PRAGMA integrity_check")" = ok ]'
# the 1000 are four bodies' reports, 250 documents each: one chosen a body-year, all marked conflicts
check "full disk: one chosen report a body-year" \
  '[ "$(q "$tmp/full.db" "SELECT count(*) FROM (SELECT 1 FROM reports GROUP BY body_key, year HAVING sum(chosen) <> 1)")" = 0 ]'
check "full disk: every copy marked a conflict" '[ "$(q "$tmp/full.db" "SELECT count(*) FROM reports WHERE conflict = 0")" = 0 ]'

# --- Ctrl-C commits the open batch, prints the summary and how to go on.
# The load sends itself the SIGINT once it has read 700 reports (XXGK_LOAD_INTERRUPT_AT, through the
# same handler as a Ctrl-C): a signal from outside after a sleep or a progress line can come after the
# load has finished on a fast machine, or before its first file on a slow one.
make_reports "$tmp/int" 3000
XXGK_LOAD_INTERRUPT_AT=700 "$xxgk" load --jobs 1 --batch 10000 --db "$tmp/int.db" "$tmp/int" 2> "$tmp/int.err"
rc=$?
said=$(sed -n 's/.*: \([0-9]*\) loaded,.*/\1/p' "$tmp/int.err")
held=$(q "$tmp/int.db" "SELECT count(*) FROM reports")
check "Ctrl-C: exit 130 (got $rc)" '[ "$rc" -eq 130 ]'
check "Ctrl-C: the open batch committed ($held reports, said $said)" '[ "$held" -ge 700 ] && [ "$held" -lt 3000 ] && [ "$said" = "$held" ]'
check "Ctrl-C: says how to go on" 'grep -q "interrupted: $held of 3000 files read and committed. Run the same command again" "$tmp/int.err"'
"$xxgk" load --db "$tmp/int.db" "$tmp/int" 2> "$tmp/int2.err"; rc=$?
check "Ctrl-C: the next run goes on" '[ "$rc" -eq 0 ] && grep -q ": $((3000 - held)) loaded, $held unchanged" "$tmp/int2.err"'
check "next run: done files not read" 'grep -q "$held unchanged since loaded and not read" "$tmp/int2.err"'
check "Ctrl-C: all 3000 there" '[ "$(q "$tmp/int.db" "SELECT count(*) FROM reports")" = 3000 ]'

# --- progress: a line every N seconds when standard error is a file. What is checked holds at any
# speed: with a tiny interval a line comes for the files as they go; with an hour none comes; with
# 0.3 s never more than one a 0.3 s of the time the load says it took.
XXGK_LOAD_LOG_EVERY=0.000001 "$xxgk" load --rehash --jobs 1 --db "$tmp/int.db" "$tmp/int" 2> "$tmp/prog.err"
lines=$(grep -c "^xxgk load: [0-9]* / 3000 files ([0-9]*%), [0-9]* reports, .* ETA .*, 0 failed$" "$tmp/prog.err")
check "progress: lines as the files go ($lines)" '[ "$lines" -ge 100 ]'
check "progress: percent grows" '[ "$(grep -o "files ([0-9]*%)" "$tmp/prog.err" | tail -1)" != "$(grep -o "files ([0-9]*%)" "$tmp/prog.err" | head -1)" ]'
XXGK_LOAD_LOG_EVERY=3599 "$xxgk" load --rehash --jobs 1 --db "$tmp/int.db" "$tmp/int" 2> "$tmp/prog.err"
check "progress: no line within the interval" '! grep -q "^xxgk load: [0-9]* / 3000 files" "$tmp/prog.err" && grep -q "(3000 files" "$tmp/prog.err"'
XXGK_LOAD_LOG_EVERY=0.3 "$xxgk" load --rehash --jobs 1 --db "$tmp/int.db" "$tmp/int" 2> "$tmp/prog.err"
lines=$(grep -c "^xxgk load: [0-9]* / 3000 files" "$tmp/prog.err")
secs=$(sed -n 's/.*(3000 files.*, \([0-9.]*\) s)$/\1/p' "$tmp/prog.err")
check "progress: at most a line a 0.3 s ($lines lines in $secs s)" \
  'awk -v l="$lines" -v s="$secs" "BEGIN { exit !(s != \"\" && l <= (s + 0.05) / 0.3 + 1) }"'

# --- item 13: a file name with a newline or an ESC is shown escaped, on one line
e="$tmp/esc"
mkdir -p "$e"
printf 'not a report\n' > "$e/$(printf 'evil\nname\033[31m.txt')"
"$xxgk" load --db "$tmp/esc.db" "$e" 2> "$tmp/esc.err"
check "escaped name: one line" '[ "$(grep -c . "$tmp/esc.err")" = 2 ]'
check "escaped name: \\n and \\x1b shown" 'grep -qF "evil\\nname\\x1b[31m.txt: " "$tmp/esc.err"'
check "escaped name: no ESC byte on the terminal" '! grep -q "$(printf "\033")" "$tmp/esc.err"'

# --- item 13: counts said without a wrong plural ("1 characters", "1 files")
"$xxgk" parse --json "$seed2" | sed 's/"name":"大竹县"/"name":"大竹\\ud840\\udc00县"/' > "$tmp/extb.jsonl"
"$xxgk" load --db "$tmp/extb.db" "$tmp/extb.jsonl" 2> "$tmp/extb.err"
check "one file: '(1 file,' ($(cat "$tmp/extb.err"))" 'grep -q ": 1 loaded, 0 unchanged, 0 replaced, 0 failed (1 file, " "$tmp/extb.err"'
"$xxgk" report agency --db "$tmp/extb.db" --report "$(q "$tmp/extb.db" "SELECT sha256 FROM reports")" \
  -o "$tmp/extb.pdf" 2> "$tmp/extb.err"
check "a character no font has (U+20000): counted, no plural ($(head -1 "$tmp/extb.err"))" \
  'grep -q "extb.pdf: characters no font has, shown as □: [1-9]" "$tmp/extb.err" && ! grep -q " 1 characters" "$tmp/extb.err"'

# --- concurrent loads: a second load waits out another writer's transaction, and says so, rather than
# failing "database is locked" after 5 s (the fault campaign's 4 loads at once: 2 failed so).
# The lock is held by the sqlite3 shell until the load says it waits: no clock decides anything.
# hold_lock NAME: an sqlite3 shell holds busy.db's write lock until `release_lock`
hold_lock() {
  mkfifo "$tmp/$1.in"
  sqlite3 "$tmp/busy.db" < "$tmp/$1.in" > "$tmp/$1.out" 2>&1 &
  spid=$!
  exec 7> "$tmp/$1.in"
  echo "BEGIN IMMEDIATE; SELECT 'held';" >&7
  until grep -q held "$tmp/$1.out" || ! kill -0 "$spid" 2> /dev/null; do sleep 0.05; done
}
release_lock() {
  echo "COMMIT;" >&7
  exec 7>&-
  wait "$spid"
}
"$xxgk" load --quiet --db "$tmp/busy.db" "$seed0" 2> /dev/null
hold_lock sql
"$xxgk" load --db "$tmp/busy.db" "$seed2" > /dev/null 2> "$tmp/busy.err" &
lpid=$!
until grep -q "waiting for it" "$tmp/busy.err" || ! kill -0 "$lpid" 2> /dev/null; do sleep 0.05; done
release_lock
wait "$lpid"; rc=$?
check "busy: the load says it waits for another writer" \
  'grep -q "^xxgk load: $tmp/busy.db: another process is writing into the database; waiting for it" "$tmp/busy.err"'
check "busy: then loads (rc=$rc): $(tail -1 "$tmp/busy.err")" \
  '[ "$rc" -eq 0 ] && [ "$(q "$tmp/busy.db" "SELECT count(*) FROM reports")" = 2 ]'

# --- the other writers (check --db, track) wait out a load the same way and say so, rather than
# seeming to hang for up to 10 minutes without a word
hold_lock sql2
"$xxgk" check --db "$tmp/busy.db" > /dev/null 2> "$tmp/busy2.err" &
cpid=$!
# (at most 30 s: a check that says nothing would otherwise wait its full 10 minutes)
n=0
until grep -q "waiting for it" "$tmp/busy2.err" || ! kill -0 "$cpid" 2> /dev/null || [ "$n" -ge 600 ]; do
  sleep 0.05; n=$((n + 1))
done
release_lock
wait "$cpid"; rc=$?
check "busy: check --db says it waits for another writer" \
  'grep -q "^xxgk check: $tmp/busy.db: another process is writing into the database; waiting for it" "$tmp/busy2.err"'
check "busy: then checks (rc=$rc) and stores its findings" \
  '[ "$rc" -le 1 ] && [ "$(q "$tmp/busy.db" "SELECT count(*) FROM check_runs")" = 1 ] && [ "$(q "$tmp/busy.db" "SELECT count(*) FROM findings")" -gt 0 ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
