#!/usr/bin/env python3
"""Recall and false alarms of `xxgk check` against a synthetic corpus's planted errors.

usage: bench/check_recall.py CORPUS_DIR DB FINDINGS_JSONL
CORPUS_DIR holds planted.csv (tools/synth); DB is the database the corpus was
loaded into; FINDINGS_JSONL is `xxgk check --db DB --json`. A planted error
counts as found when a finding of the matching rule is on the same report;
a finding of a rule is a false alarm when its report has no planted error of
the kind that rule detects. Copy rules are left out: the generator writes its
prose from one template, so every synthetic report "copies" it. Outlier
plants are the statistics' business (issue 6), not the checker's.
"""
import collections, csv, json, sqlite3, sys

corpus, db, findings_path = sys.argv[1:4]
RULES = {  # planted kind -> rules that detect it
    "t3.row_sum": {"t3.row_sum"}, "t3.balance": {"t3.balance"}, "t4.sum": {"t4.sum"},
    "t3.carry_continuity": {"t3.carry_continuity"}, "text.table_mismatch": {"text.table_mismatch"},
    "blank": {"cells.blank", "cells.missing"},
}
sha_of = dict(sqlite3.connect(db).execute("SELECT source_name, sha256 FROM reports"))
planted = collections.defaultdict(set)          # sha -> planted kinds
for row in csv.DictReader(open(f"{corpus}/planted.csv")):
    if row["kind"] in RULES and row["file"] in sha_of:
        planted[sha_of[row["file"]]].add(row["kind"])
found = collections.defaultdict(set)            # sha -> rules found
for line in open(findings_path):
    f = json.loads(line)
    found[f["report"]].add(f["rule"])
print(f"{'planted kind':22} {'planted':>8} {'found':>8} {'recall':>7}")
for kind, rules in RULES.items():
    shas = [s for s, k in planted.items() if kind in k]
    hit = sum(1 for s in shas if found[s] & rules)
    print(f"{kind:22} {len(shas):8d} {hit:8d} {hit / len(shas) if shas else float('nan'):7.1%}")
print(f"\n{'rule':22} {'findings':>8} {'false':>8} {'rate':>7}")
detects = collections.defaultdict(set)
for kind, rules in RULES.items():
    for r in rules:
        detects[r].add(kind)
# a figure printed wrong in a table leaves the narrative with the true figure
# (tools/synth): where the narrative states it, text.table_mismatch is right too
detects["text.table_mismatch"] |= {"t3.row_sum", "t3.balance", "t4.sum", "cell"}
for row in csv.DictReader(open(f"{corpus}/planted.csv")):
    if row["kind"] == "cell" and row["file"] in sha_of:
        planted[sha_of[row["file"]]].add("cell")
for rule, kinds in sorted(detects.items()):
    on = [s for s, r in found.items() if rule in r]
    false = [s for s in on if not (planted[s] & kinds)]
    # a broken carry-over is planted on one year but shows on the next: count both years
    print(f"{rule:22} {len(on):8d} {len(false):8d} {len(false) / len(on) if on else 0:7.1%}")
