#!/usr/bin/env python3
"""Precision and recall of `xxgk outliers` against a synthetic corpus's planted outliers.

usage: bench/outlier_recall.py CORPUS_DIR DB OUTLIERS_JSONL YEAR
A body-year counts as planted when planted.csv lists an outlier.* item for its
file; as flagged when `xxgk outliers --json` gives any line for its report.
Recall = planted and flagged / planted; precision = planted and flagged /
flagged. Per planted kind, which method found it. Region-level lines
(Benford) are left out: they are about a scope, not a body.
"""
import collections, csv, json, sqlite3, sys

corpus, db, path, year = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sha_of = dict(sqlite3.connect(db).execute("SELECT source_name, sha256 FROM reports WHERE year = ?", (year,)))
planted = collections.defaultdict(set)
for row in csv.DictReader(open(f"{corpus}/planted.csv")):
    if row["kind"].startswith("outlier.") and row["file"] in sha_of:
        planted[sha_of[row["file"]]].add(row["kind"])
flagged = collections.defaultdict(set)
for line in open(path):
    o = json.loads(line)
    if o["report"]:
        flagged[o["report"]].add(o["method"])
hit = set(planted) & set(flagged)
print(f"planted body-years {len(planted)}, flagged {len(flagged)}, both {len(hit)}")
print(f"recall {len(hit) / max(1, len(planted)):.1%}  precision {len(hit) / max(1, len(flagged)):.1%}")
for kind in sorted({k for ks in planted.values() for k in ks}):
    shas = [s for s, ks in planted.items() if kind in ks]
    found = [s for s in shas if s in flagged]
    methods = collections.Counter(m for s in found for m in flagged[s])
    print(f"  {kind:16} planted {len(shas):4d} found {len(found):4d} ({len(found) / len(shas):.0%})  by {dict(methods)}")
