#!/usr/bin/env python3
"""Figure-level recall and precision of `xxgk outliers` on one synthetic corpus.

usage: bench/outlier_recall.py CORPUS_DIR DB OUTLIERS_JSONL [OUTLIERS_JSONL ...]

CORPUS_DIR is what tools/synth wrote (planted.csv, bodies.csv); DB the database
it was loaded into; each JSONL is `xxgk outliers --json` for one year.

What counts (docs/statistics.md, "How it is measured"):
  * a planted item is (report, figure, side): outlier.count -> penalty high,
    outlier.jump -> the jumped figure high, outlier.share -> the denied rate
    high, outlier.low -> the zeroed figure low. It is found when a flag on the
    same report has the same figure and direction (any method).
  * a flag is a true positive when it finds a planted item; "don't care" when
    it is a consequence of a plant rather than a separate claim (table 4 and
    the other rates of a body whose applications were planted, the figure of a
    jump or a zero in the year after it, which the generator lists in
    bodies.csv as dontcare_year); otherwise a false positive.
  * recall = items found / items planted; precision = true positives /
    (flags - don't care), each for the high and the low side apart.
Region-level lines (digit tests) are not flags about a body and are skipped.
"""
import collections
import csv
import json
import sqlite3
import sys

WHERE_FIGURE = {
    "active.penalty.decisions": "penalty",
    "active.licensing.decisions": "licensing",
    "applications.new_received.total": "new_received",
    "applications.denied_*.total": "denied",
}
# figures that move with a planted figure (table 3 drives the rates and table 4)
APPLICATION_FAMILY = {"new_received", "review", "litigation", "disclosed", "denied", "unable",
                      "not_processed", "review_corrected", "litigation_corrected"}


def load_truth(corpus, db):
    """-> (planted, dontcare, report_of): planted {(sha, figure, side): kind};
    dontcare {sha: set(figures)}; report_of {sha: (body, year, level)}."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT source_name, sha256, year, level FROM reports").fetchall()
    sha_of = {r[0]: r[1] for r in rows}
    report_of = {}
    by_body_year = {}
    for name, sha, year, level in rows:
        body = name.split("_")[0] + "_" + name.split("_")[2].split(".")[0]
        report_of[sha] = (body, year, level)
        by_body_year[(body, year)] = sha
    planted = {}
    dontcare = collections.defaultdict(set)
    for row in csv.DictReader(open(f"{corpus}/planted.csv", encoding="utf-8")):
        if not row["kind"].startswith("outlier.") or row["file"] not in sha_of:
            continue
        sha = sha_of[row["file"]]
        fig = WHERE_FIGURE[row["where"]]
        side = "low" if row["kind"] == "outlier.low" else "high"
        planted[(sha, fig, side)] = row["kind"]
        if fig in ("new_received", "denied"):
            dontcare[sha] |= APPLICATION_FAMILY - {fig}
    for row in csv.DictReader(open(f"{corpus}/bodies.csv", encoding="utf-8")):
        if row["dontcare_year"]:
            sha = by_body_year.get((row["body"], int(row["dontcare_year"])))
            if sha:
                fig = row["outlier_figure"]
                dontcare[sha] |= APPLICATION_FAMILY if fig == "new_received" else {fig}
    return planted, dontcare, report_of


def load_flags(paths):
    flags = []
    for path in paths:
        for line in open(path, encoding="utf-8"):
            o = json.loads(line)
            if o["report"]:
                flags.append(o)
    return flags


def score(planted, dontcare, flags):
    """-> {side: dict(planted, found, flags, tp, dontcare, fp, by_kind, fp_by)}"""
    out = {}
    for side in ("high", "low"):
        items = {k: v for k, v in planted.items() if k[2] == side}
        found = set()
        tp = dc = fp = 0
        fp_by = collections.Counter()
        for o in flags:
            if o["direction"] != side:
                continue
            key = (o["report"], o["figure"], side)
            if key in planted:
                found.add(key)
                tp += 1
            elif o["figure"] in dontcare.get(o["report"], ()) or any(
                    (o["report"], f, s) in planted for f in ("new_received", "denied") for s in ("high", "low")
                    if o["figure"] in APPLICATION_FAMILY):
                dc += 1
            else:
                fp += 1
                fp_by[(o["level"], o["method"], o["figure"])] += 1
        by_kind = collections.defaultdict(lambda: [0, 0])
        for k, kind in items.items():
            by_kind[kind][0] += 1
            by_kind[kind][1] += k in found
        out[side] = dict(planted=len(items), found=len(found), flags=tp + dc + fp, tp=tp, dontcare=dc, fp=fp,
                         by_kind=dict(by_kind), fp_by=fp_by)
    return out


def main(argv):
    if len(argv) < 4:
        print(__doc__)
        return 2
    planted, dontcare, _ = load_truth(argv[1], argv[2])
    res = score(planted, dontcare, load_flags(argv[3:]))
    for side, r in res.items():
        rec = r["found"] / r["planted"] if r["planted"] else float("nan")
        prec = r["tp"] / (r["tp"] + r["fp"]) if r["tp"] + r["fp"] else float("nan")
        print(f"{side:4}: planted {r['planted']:4d} found {r['found']:4d} recall {rec:6.1%}; flags {r['flags']:4d} "
              f"(true {r['tp']}, don't care {r['dontcare']}, false {r['fp']}) precision {prec:6.1%}")
        for kind, (n, f) in sorted(r["by_kind"].items()):
            print(f"      {kind:14} {f}/{n}")
        for k, v in r["fp_by"].most_common(8):
            print(f"      false: {k} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
