#!/usr/bin/env python3
"""How often error localisation names the cell that was planted wrong.

usage: bench/locate_recall.py CORPUS_DIR DB FINDINGS_JSONL

CORPUS_DIR holds planted.csv (tools/synth, e.g. --error-kinds cell); DB is the
database the corpus was loaded into; FINDINGS_JSONL is `xxgk check --db DB
--json`. For every planted error that breaks a relation of one report (cell,
t3.row_sum, t3.balance, t4.sum) the planted cell counts as named when it is
among the culprits of that report's findings: the least-weight set, or one of
the tied sets (issue 18's measure). Misses offered as an alternative (as few
cells, heavier) are counted apart. For `cell` plants the suggested value is
also compared with the value the cell had before it was changed.

On real reports (the seeds, the corpus), bench_locate plants one cell at a
time (bench/locate.c).
"""
import collections, csv, json, os, re, sqlite3, sys

corpus, db, findings_path = sys.argv[1:4]
sha_of = dict(sqlite3.connect(db).execute("SELECT source_name, sha256 FROM reports"))

culprits = collections.defaultdict(dict)      # sha -> path -> set of suggested values
alternatives = collections.defaultdict(set)   # sha -> paths offered as less likely
located = collections.defaultdict(int)        # sha -> findings that carry a localisation
for line in open(findings_path, encoding="utf-8"):
    f = json.loads(line)
    if f.get("solutions"):
        located[f["report"]] += 1
    for c in f.get("culprits") or []:
        culprits[f["report"]].setdefault(c["path"], set()).add(c["suggested"])
    for c in f.get("alternatives") or []:
        alternatives[f["report"]].add(c["path"])

KINDS = ("cell", "t3.row_sum", "t3.balance", "t4.sum")
rows = collections.defaultdict(lambda: [0, 0, 0, 0, 0])   # kind -> planted, named, value right, no answer, as alternative
by_table = collections.defaultdict(lambda: [0, 0])
misses = []
for p in csv.DictReader(open(os.path.join(corpus, "planted.csv"), encoding="utf-8")):
    if p["kind"] not in KINDS or p["file"] not in sha_of:
        continue
    sha, where = sha_of[p["file"]], p["where"]
    r = rows[p["kind"]]
    r[0] += 1
    if not located[sha]:
        r[3] += 1
    got = culprits[sha].get(where)
    if got is not None:
        r[1] += 1
        if p["kind"] == "cell":
            m = re.search(r"was (-?\d+)", p["detail"])
            if m and float(m.group(1)) in got:
                r[2] += 1
    else:
        r[4] += where in alternatives[sha]
        misses.append((p["file"], p["kind"], where, sorted(culprits[sha])))
    if p["kind"] == "cell":
        t = "table 4 " + ("total" if where.endswith(".total") else "result") if where.startswith("reviews") else \
            "table 3 " + ("total" if where.endswith(".total") or ".total_processed." in where else "detail")
        by_table[t][0] += 1
        by_table[t][1] += got is not None

print(f"{'planted kind':14} {'planted':>8} {'named':>8} {'share':>7}  {'value right':>11}  {'no answer':>9}  "
      f"{'offered as alternative':>22}")
tot = [0, 0, 0]
for k in KINDS:
    n, hit, val, none, alt = rows[k]
    if not n:
        continue
    tot[0] += n
    tot[1] += hit
    tot[2] += alt
    print(f"{k:14} {n:8d} {hit:8d} {hit / n:7.1%}  {val if k == 'cell' else '':>11}  {none:9d}  {alt:22d}")
if tot[0]:
    print(f"{'all':14} {tot[0]:8d} {tot[1]:8d} {tot[1] / tot[0]:7.1%}   (target ≥ 95%); with the alternatives "
          f"{(tot[1] + tot[2]) / tot[0]:.1%}")
if by_table:
    print("\nsingle-cell plants by where they fell:")
    for t, (n, hit) in sorted(by_table.items()):
        print(f"  {t:18} {n:6d} planted, {hit:6d} named ({hit / n:.1%})")
for m in misses[:8]:
    print("  missed:", *m)

