#!/usr/bin/env python3
"""synth_county.py DB YEAR BODIES [MISSING] — gathers synthetic bodies into one county.

The synthetic generator (tools/synth) spreads its bodies over the whole country in
clusters of a few per county; a county 政务公开办 reviews 30–50. This moves towns and
departments of other counties of a loaded database (both years) under the county that
already has the most bodies in YEAR, until it has BODIES bodies that year, as if they
belonged to it: a town gets a 9-digit code under the county and its name without its
old county's name ("湘潭县易俗河镇" → "和田县易俗河镇"), a department the county's code and
name ("湘潭县公安局" → "和田县公安局", skipped when the county has that department already).
Then MISSING of the moved bodies lose their YEAR report (缺报: they reported the year
before). Prints the county's code. For tests, examples and benchmarks only: it writes
the database directly, which only they may do.
"""
import sqlite3
import sys


def main():
    db, year, want = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    missing = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    con = sqlite3.connect(db)
    cur = con.cursor()
    county, = cur.execute(
        "SELECT substr(region_code,1,6) c FROM reports WHERE year=? AND chosen=1 AND length(region_code)>=6"
        " AND level IN ('town','department','county') GROUP BY c"
        " HAVING sum(level='county') > 0 ORDER BY count(*) DESC, c LIMIT 1", (year,)).fetchone()
    cname, = cur.execute("SELECT name FROM regions WHERE code=?", (county,)).fetchone()
    have = cur.execute("SELECT count(*) FROM reports WHERE year=? AND chosen=1 AND region_code LIKE ? || '%'",
                       (year, county)).fetchone()[0]
    names = {r[0] for r in cur.execute("SELECT agency_name FROM reports WHERE region_code LIKE ? || '%'", (county,))}
    codes = {r[0] for r in cur.execute("SELECT region_code FROM reports WHERE region_code LIKE ? || '%'", (county,))}
    # candidates: bodies elsewhere with a report in YEAR, in a stable order
    cands = cur.execute(
        "SELECT DISTINCT body_key, level, region_code, agency_name FROM reports WHERE year=? AND chosen=1"
        " AND level IN ('town','department') AND substr(region_code,1,6) <> ? AND length(region_code) >= 6"
        " ORDER BY body_key", (year, county)).fetchall()
    moved = []
    serial = 900
    for key, level, code, name in cands:
        if have >= want:
            break
        old = cur.execute("SELECT name FROM regions WHERE code=?", (code[:6],)).fetchone()
        old = old[0] if old else ""
        rest = name[len(old):] if old and name.startswith(old) else name
        if not rest:
            continue
        new_name = cname + rest
        if new_name in names:
            continue
        if level == "town":
            while True:
                serial += 1
                new_code = county + str(serial)
                if new_code not in codes:
                    break
            new_key = new_code
        else:
            new_code = county
            new_key = county + "|" + new_name
        cur.execute("UPDATE reports SET region_code=?, agency_name=?, body_key=? WHERE body_key=?",
                    (new_code, new_name, new_key, key))
        names.add(new_name)
        codes.add(new_code)
        moved.append(new_key)
        have += 1
    # 缺报: the last moved bodies that reported the year before lose this year's report
    gone = 0
    for key in reversed(moved):
        if gone >= missing:
            break
        prev = cur.execute("SELECT count(*) FROM reports WHERE body_key=? AND year=?", (key, year - 1)).fetchone()[0]
        if not prev:
            continue
        for (rid,) in cur.execute("SELECT id FROM reports WHERE body_key=? AND year=?", (key, year)).fetchall():
            for table in ("active", "applications", "reviews", "cell_raw", "warning_lists", "findings", "claims"):
                cur.execute("DELETE FROM %s WHERE report_id=?" % table, (rid,))
            cur.execute("DELETE FROM reports WHERE id=?", (rid,))
        gone += 1
    con.commit()
    print(county)


if __name__ == "__main__":
    main()
