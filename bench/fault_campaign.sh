#!/usr/bin/env bash
# fault_campaign.sh XXGK SYNTH GAZETTEER [KILLS] [OUTDIR] (BODIES=700 in the environment) — issue 17's fault
# campaign, to re-run on today's code (a campaign, not a test: it prints
# figures; tests/store_crash.sh and tests/faults_test.sh assert the same
# invariants at fixed points).
#
# The input: xxgk-synth, 700 bodies, 2022-2024 (2100 reports), plus 300
# corrected copies (`_v2`: another document of the same body and year, so
# 300 conflicts to settle), listed in the manifest like their originals.
#
# 1. KILLS (default 40) loads killed with kill -9 from outside, each once its
#    progress line shows it has read a chosen number of reports beyond what
#    the database held (an observable state; the signal then lands wherever
#    the load is: parsing, writing, committing, checkpointing). Batches of 50,
#    100 or 500 reports, 1 or 2 parsing threads, in turn. After each kill:
#    PRAGMA integrity_check; body-years with two chosen reports (or none);
#    reports whose tables are not whole; reports lost (fewer than before).
#    A load that finishes before its kill point is checked against its
#    summary ("N loaded, M unchanged" = what the database gained and held)
#    and the next starts on a new file. At the end a load without a kill
#    completes the set: every file's report present (none lost), counts
#    equal to the summary's, and the roll-ups equal to those of a clean load.
# 2. Concurrent loads: 2, 3 and 4 loads of the same folder started together
#    on one new database.
# 3. A full disk: the database on a 4 MB tmpfs (mounted if we may; else
#    RLIMIT_FSIZE, as tests/faults_test.sh does): the summary must say what
#    the file holds, and the file must be whole and consistent.
#
# Prints one line per kill and a table of figures; exit 0 when every figure
# of a defect is 0.
set -u
xxgk=$(realpath "$1")
synth=$(realpath "$2")
gazetteer=$(realpath "$3")
kills=${4:-40}
out=${5:-$(mktemp -d)}
mkdir -p "$out"
q() { sqlite3 "$1" "$2" 2>&1; }
num() { [[ "$1" =~ ^[0-9]+$ ]] && echo "$1" || echo 0; }

in="$out/in"
if [ ! -f "$in/manifest.csv" ]; then
  "$synth" --out "$in" --bodies "${BODIES:-700}" --years 2022-2024 --gazetteer "$gazetteer" > /dev/null || { echo "xxgk-synth failed"; exit 1; }
  # a corrected copy of every other report, up to 300: same body and year, another document
  for f in $(cd "$in" && ls | grep -E '\.(txt|md|html)$' | grep -v '_v2\.' | sort | awk 'NR % 2 == 1' | head -300); do
    ext=${f##*.}; stem=${f%.*}
    case $f in *.layout.txt) ext=layout.txt; stem=${f%.layout.txt} ;; esac
    if [ "$ext" = html ]; then
      sed 's|</body>|<p>（更正版）</p></body>|' "$in/$f" > "$in/${stem}_v2.$ext"
    else
      { cat "$in/$f"; printf '\n（更正版）\n'; } > "$in/${stem}_v2.$ext"
    fi
    line=$(grep -F "$f," "$in/manifest.csv" | head -1)
    [ -n "$line" ] && echo "${stem}_v2.$ext,${line#*,}" >> "$in/manifest.csv"
  done
fi
files=$(ls "$in" | grep -Ec '\.(txt|md|html)$')
copies=$(ls "$in" | grep -c '_v2\.')
echo "input: $files files ($copies corrected copies) in $in"

# the invariants of a committed state: "INTEGRITY TWO_CHOSEN NONE_CHOSEN NOT_WHOLE COUNT"
state() {
  local db=$1
  if [ "$(q "$db" "SELECT count(*) FROM sqlite_master WHERE name = 'reports'")" != 1 ]; then
    [ "$(q "$db" "PRAGMA integrity_check")" = ok ] && echo "0 0 0 0 0" || echo "1 0 0 0 0"
    return
  fi
  local integ two none whole count
  integ=$([ "$(q "$db" "PRAGMA integrity_check")" = ok ] && echo 0 || echo 1)
  two=$(num "$(q "$db" "SELECT count(*) FROM (SELECT 1 FROM reports GROUP BY body_key, year HAVING sum(chosen) > 1)")")
  none=$(num "$(q "$db" "SELECT count(*) FROM (SELECT 1 FROM reports GROUP BY body_key, year HAVING sum(chosen) = 0)")")
  whole=$(num "$(q "$db" "SELECT count(*) FROM reports r WHERE (SELECT count(*) FROM applications a WHERE a.report_id = r.id) != 25
                                                          OR (SELECT count(*) FROM reviews v WHERE v.report_id = r.id) != 3")")
  count=$(num "$(q "$db" "SELECT count(*) FROM reports")")
  echo "$integ $two $none $whole $count"
}

# --- 1. kill -9 during load
db="$out/kill.db"
rm -f "$db" "$db-wal" "$db-shm"
n_kill=0 n_finished=0 n_integ=0 n_two=0 n_none=0 n_whole=0 n_lost=0 n_said=0 n_over=0
batches=(50 100 500) jobs=(1 2)
k=0 attempts=0
while [ "$n_kill" -lt "$kills" ] && [ "$attempts" -lt $((kills * 3)) ]; do
  attempts=$((attempts + 1)); k=$((k + 1))
  read -r _ _ _ _ held <<< "$(state "$db")"
  batch=${batches[$((k % 3))]} j=${jobs[$((k % 2))]}
  at=$((held + 10 + (k * 97) % 600))
  XXGK_LOAD_LOG_EVERY=0.000001 "$xxgk" load --jobs "$j" --batch "$batch" --db "$db" "$in" 2> "$out/load.err" &
  pid=$!
  # wait for the observable state: a progress line with at least $at reports (or the end)
  while kill -0 "$pid" 2> /dev/null; do
    seen=$(tail -n 3 "$out/load.err" 2> /dev/null | sed -n 's/.* files ([0-9]*%), \([0-9]*\) reports,.*/\1/p' | tail -1)
    [ "$(num "$seen")" -ge "$at" ] && { kill -9 "$pid" 2> /dev/null; break; }
    sleep 0.01
  done
  wait "$pid" 2> /dev/null; rc=$?
  said=$(grep ' reports, ' "$out/load.err" | tail -1 | sed -n 's/.*), \([0-9]*\) reports,.*/\1/p')
  read -r integ two none whole now <<< "$(state "$db")"
  n_integ=$((n_integ + integ)); n_two=$((n_two + two)); n_none=$((n_none + none)); n_whole=$((n_whole + whole))
  if [ "$rc" -eq 137 ]; then
    n_kill=$((n_kill + 1))
    lost=0; [ "$now" -lt "$held" ] && lost=$((held - now))
    n_lost=$((n_lost + lost))
    # what it said it had read, against what it committed: never more committed than read
    # (one report of the file after the last line may have been committed before the kill landed)
    over=0; [ "$now" -gt "$(( $(num "$said") + 1 ))" ] && over=1
    n_over=$((n_over + over))
    printf 'kill %2d: batch %3d, jobs %d, at >= %4d read (last line %4s): held %4d -> %4d; integrity %s, two chosen %s, none chosen %s, not whole %s\n' \
      "$n_kill" "$batch" "$j" "$at" "${said:-0}" "$held" "$now" "$([ "$integ" = 0 ] && echo ok || echo FAIL)" "$two" "$none" "$whole"
  else
    n_finished=$((n_finished + 1))
    if grep -q ": $((files - held)) loaded, $held unchanged, 0 replaced, 0 failed" "$out/load.err" && [ "$now" = "$files" ]; then
      echo "load finished before its kill point (rc $rc): summary agrees with the database ($now); starting a new file"
    else
      n_said=$((n_said + 1))
      echo "load finished (rc $rc): summary \"$(tail -1 "$out/load.err")\" but the database holds $now (held $held)"
    fi
    rm -f "$db" "$db-wal" "$db-shm"
  fi
done
# the next load completes the set: nothing lost, counts as said
read -r _ _ _ _ held <<< "$(state "$db")"
"$xxgk" load --quiet --db "$db" "$in" 2> "$out/final.err"; rc=$?
read -r integ two none whole now <<< "$(state "$db")"
final_ok=1
grep -q ": $((files - held)) loaded, $held unchanged, 0 replaced, 0 failed" "$out/final.err" || { final_ok=0; n_said=$((n_said + 1)); }
missing=$(( files - now ))
# every file's document present (by its hash)
(cd "$in" && ls | grep -E '\.(txt|md|html)$' | xargs sha256sum | cut -d' ' -f1 | sort -u) > "$out/want.sha"
q "$db" "SELECT sha256 FROM reports" | sort -u > "$out/have.sha"
absent=$(comm -23 "$out/want.sha" "$out/have.sha" | wc -l)
n_lost=$((n_lost + absent))
chosen=$(q "$db" "SELECT count(*) FROM reports WHERE chosen = 1")
"$xxgk" load --quiet --db "$out/clean.db" "$in" 2> /dev/null
rollups_differ=0
for y in 2022 2023 2024; do
  for level in province county; do
    "$xxgk" rollup --db "$db" --level $level --year $y --csv > "$out/a.csv" 2>&1
    "$xxgk" rollup --db "$out/clean.db" --level $level --year $y --csv > "$out/b.csv" 2>&1
    [ -s "$out/a.csv" ] && cmp -s "$out/a.csv" "$out/b.csv" || rollups_differ=$((rollups_differ + 1))
  done
done
echo "final load: rc $rc, $now of $files reports, $absent files' documents absent, $chosen chosen of $((files - copies)) body-years, integrity $([ "$integ" = 0 ] && echo ok || echo FAIL), two chosen $two, roll-ups differing from a clean load's: $rollups_differ of 6"

# --- 2. concurrent loads on one new database
conc_bad=0
for n in 2 3 4; do
  cdb="$out/conc$n.db"; rm -f "$cdb" "$cdb-wal" "$cdb-shm"
  pids=()
  for i in $(seq "$n"); do
    "$xxgk" load --quiet --jobs 1 --batch 200 --db "$cdb" "$in" 2> "$out/conc$n.$i.err" & pids+=($!)
  done
  rcs=""
  for p in "${pids[@]}"; do wait "$p"; rcs="$rcs $?"; done
  read -r integ two none whole now <<< "$(state "$cdb")"
  loaded=0
  for i in $(seq "$n"); do loaded=$((loaded + $(num "$(sed -n 's/.*: \([0-9]*\) loaded,.*/\1/p' "$out/conc$n.$i.err")"))); done
  errs=$(cat "$out"/conc$n.*.err | grep -v ' loaded, ' | sort | uniq -c | head -3 | tr '\n' ';')
  verdict=ok
  if [ "$integ" != 0 ] || [ "$two" != 0 ] || [ "$none" != 0 ] || [ "$whole" != 0 ] || [ "$now" != "$files" ] || [ "$loaded" != "$files" ]; then
    verdict=BAD; conc_bad=$((conc_bad + 1))
  fi
  echo "concurrent $n loads: exit statuses$rcs; $now of $files reports; summaries say $loaded loaded in all; integrity $([ "$integ" = 0 ] && echo ok || echo FAIL), two chosen $two, none chosen $none, not whole $whole; other messages: ${errs:-none} → $verdict"
done

# --- 3. a full disk
mnt="$out/mnt"; mkdir -p "$mnt"
full_bad=0
if mount -t tmpfs -o size=4m tmpfs "$mnt" 2> /dev/null; then
  how="tmpfs of 4 MB"
  "$xxgk" load --quiet --batch 100 --db "$mnt/full.db" "$in" 2> "$out/full.err"; rc=$?
  fdb="$mnt/full.db"
else
  how="RLIMIT_FSIZE 7000 blocks (no tmpfs: mount refused)"
  (trap '' XFSZ; ulimit -f 7000; "$xxgk" load --quiet --batch 100 --db "$out/full.db" "$in") 2> "$out/full.err"; rc=$?
  fdb="$out/full.db"
fi
said=$(sed -n 's/.*: \([0-9]*\) loaded,.*/\1/p' "$out/full.err")
read -r integ two none whole now <<< "$(state "$fdb")"
[ "$rc" = 3 ] && [ "$said" = "$now" ] && [ "$integ" = 0 ] && [ "$two" = 0 ] && [ "$none" = 0 ] && [ "$whole" = 0 ] || full_bad=1
[ "$rc" = 0 ] && [ "$now" = "$files" ] && { full_bad=0; echo "(the disk did not fill: use more bodies)"; }
echo "full disk ($how): rc $rc, said \"${said:-?} loaded\", the file holds $now; integrity $([ "$integ" = 0 ] && echo ok || echo FAIL), two chosen $two, none $none, not whole $whole; $(grep -v ' loaded, ' "$out/full.err" | head -1)"
# then space again: the same load completes the set
if [ "$how" = "tmpfs of 4 MB" ]; then
  mount -o remount,size=64m "$mnt" 2> /dev/null
  "$xxgk" load --quiet --batch 100 --db "$fdb" "$in" 2> "$out/full2.err"; rc2=$?
  read -r integ two none whole now <<< "$(state "$fdb")"
  [ "$rc2" = 0 ] && [ "$now" = "$files" ] && [ "$integ" = 0 ] && [ "$two" = 0 ] || full_bad=1
  echo "full disk, then 64 MB: rc $rc2, $now of $files reports, integrity $([ "$integ" = 0 ] && echo ok || echo FAIL), two chosen $two"
  umount "$mnt"
fi

echo
echo "figures: kills $n_kill (and $n_finished loads that finished first); integrity_check failures $n_integ;"
echo "  body-years with two chosen reports $n_two, with none $n_none; reports not whole $n_whole;"
echo "  committed more than the last progress line said $n_over; summaries not what the database gained $n_said;"
echo "  reports lost $n_lost; concurrent-load runs bad $conc_bad of 3; full-disk runs bad $full_bad"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ $((n_integ + n_two + n_none + n_whole + n_over + n_said + n_lost + conc_bad + full_bad + rollups_differ)) -eq 0 ]
