#!/usr/bin/env bash
# bench/rollup.sh [DB] — `xxgk rollup` wall time on a database of 1,050,000
# reports. DB (default /tmp/xxgk-rollup-1m.db) is reused when it exists, else
# built and kept for the next run: xxgk-synth writes 70,000 bodies × 3 years
# (210,000 reports), `xxgk load` loads them, and every report is then copied
# 4 times inside SQLite (INSERT … SELECT on every table keyed by report_id;
# new ids after the last, new sha256). SHAPE=years (default) shifts each copy
# 3 years back: 70,000 bodies over 2010–2024. SHAPE=bodies makes each copy new
# bodies (body_key suffixed) in the same years: 350,000 bodies over 2022–2024.
# Then, after one untimed run (it warms the page cache and checks that this
# xxgk reads the database), times the national roll-up of 2024 (and 2023, its
# previous year) at county and at province level, RUNS times each (default 3),
# and prints the best and the slowest run in seconds and the report count.
# Needs `bash .ci/setup`.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-/tmp/xxgk-rollup-1m.db}
shape=${SHAPE:-years}
runs=${RUNS:-3}
year=2024
if [ ! -s "$db" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "building $db (SHAPE=$shape): synth, load, copy; a few minutes" >&2
  rm -f "$db.part" "$db.part-wal" "$db.part-shm"
  build/xxgk-synth --out "$tmp/syn" --bodies 70000 --years 2022-2024 --seed 3 --gazetteer data/gazetteer > /dev/null
  build/xxgk load --quiet --db "$db.part" "$tmp/syn"
  rm -rf "$tmp/syn"
  n=$(sqlite3 "$db.part" "SELECT max(id) FROM reports")
  # every column as it is, but for those a copy changes
  cols() { sqlite3 "$db.part" "SELECT group_concat(name, ',') FROM pragma_table_info('$1')"; }
  rcols=$(cols reports)
  sel=""
  for c in ${rcols//,/ }; do
    case $c in
      id) e="id + \$off" ;;
      sha256) e="substr(sha256, 1, 63) || char(103 + \$k)" ;;   # h i j k: not hex, not another's
      year) [ "$shape" = years ] && e="year - 3 * \$k" || e=year ;;
      body_key) [ "$shape" = bodies ] && e="body_key || '~' || \$k" || e=body_key ;;
      *) e=$c ;;
    esac
    sel="$sel${sel:+, }$e"
  done
  tables=$(sqlite3 "$db.part" "SELECT m.name FROM sqlite_master m WHERE m.type = 'table'
    AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'report_id')")
  declare -A tcols
  for t in $tables; do tcols[$t]=$(cols "$t"); done
  {
    echo "PRAGMA journal_mode = DELETE; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;"
    for k in 1 2 3 4; do
      off=$((k * n))
      echo "INSERT INTO reports ($rcols) SELECT $(k=$k off=$off; eval "echo \"$sel\"") FROM reports WHERE id <= $n;"
      for t in $tables; do
        tc=${tcols[$t]}
        echo "INSERT INTO $t ($tc) SELECT ${tc/report_id/report_id + $off} FROM $t WHERE report_id <= $n;"
      done
    done
    echo "COMMIT; PRAGMA journal_mode = WAL;"
  } | sqlite3 "$db.part" > /dev/null
  mv "$db.part" "$db"
fi
if ! build/xxgk rollup --db "$db" --level province --year "$year" > /dev/null; then
  echo "bench/rollup.sh: $db cannot be rolled up (built by another xxgk? remove it to rebuild)" >&2
  exit 1
fi
reports=$(sqlite3 "$db" "SELECT count(*) FROM reports")
wanted=$(sqlite3 "$db" "SELECT count(*) FROM reports WHERE chosen = 1 AND year IN ($year, $year - 1)")
echo "$db: $reports reports, $wanted chosen in $year and $((year - 1))"
for level in county province; do
  ts=()
  for i in $(seq "$runs"); do
    s=$(date +%s.%N)
    build/xxgk rollup --db "$db" --level "$level" --year "$year" > /dev/null
    e=$(date +%s.%N)
    ts+=("$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')")
  done
  printf '%s\n' "${ts[@]}" | sort -n | awk -v l="$level" -v y="$year" -v r="$reports" '
    { t[NR] = $1 } END { printf "rollup --level %-8s --year %d: best %.2f s, slowest %.2f s (%d runs; %d reports)\n", l, y, t[1], t[NR], NR, r }'
done
