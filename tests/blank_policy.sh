#!/usr/bin/env bash
# blank_policy.sh XXGK SYNTH GAZETTEER — issue 11 item 7: one policy for blank cells whatever the
# format. The same synthetic reports, each with a cell printed empty, are written one cell per line
# (an empty line), as HTML (&nbsp;), as Markdown/TSV and as pdftotext -layout text. A blank read as a
# blank must be read alike in every format that reads it so: kind inferred with its value and a
# cells.inferred warning naming it when the report's rules settle it (these blanks all must be 0),
# else null and kind blank. Where the format does not mark it (an empty tab field, a wider gap, an
# empty line next to a header block) the row may read as one with a cell lost: then a warning must
# name the cell and its value must be the document's (0) or null — never a bare number. The counts
# of blanks read as lost cells are printed (issue 11's closing note). In pdftotext -layout text a
# blank of tables 2 and 3 must be told by its column (the page's whole rows show the columns);
# table 4, printed as one row of 15, has no whole row to learn its columns from.
set -u
xxgk=$1 synth=$2 gazetteer=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for layout in lines tsv layout html; do
  "$synth" --out "$tmp/$layout" --bodies 16 --years 2023-2024 --seed 5 --error-rate 1 --error-kinds blank \
    --outlier-rate 0 --layouts "$layout" --truth --gazetteer "$gazetteer" > /dev/null || exit 1
  for f in "$tmp/$layout"/*; do
    case "$f" in *.truth.json|*.csv) continue ;; esac
    "$xxgk" parse --json --gazetteer="$gazetteer" "$f" > "$f.parsed.json" 2> /dev/null
  done
done
python3 - "$tmp" <<'PY'
import csv, json, os, sys
tmp = sys.argv[1]
layouts = ["lines", "tsv", "layout", "html"]
ext = {"lines": ".txt", "tsv": ".md", "layout": ".layout.txt", "html": ".html"}
def stem(name):
    for e in (".layout.txt", ".txt", ".md", ".html"):
        if name.endswith(e):
            return name[: -len(e)]
    return name
blanks = []
for row in csv.DictReader(open(os.path.join(tmp, "lines", "planted.csv"), encoding="utf-8")):
    if row["kind"] == "blank":
        blanks.append((stem(row["file"]), row["where"]))
def covered(report, path):
    for w in report["warnings"]:
        for pat in (w.get("where") or "").split(","):
            ps, cs = pat.split("."), path.split(".")
            if pat and all(p == "*" or p == c for p, c in zip(ps, cs)) and (len(ps) == len(cs) or ps[-1] == "*"):
                if w["code"] == "cells.inferred":
                    return True
    return False
def value(report, path):
    t, row, col = path.split(".")
    table = {"active": "active", "applications": "applications", "reviews": "reviews"}[t]
    return report[table][row][col]
fail = passed = 0
lost = {l: 0 for l in layouts}
def any_warning(report, path):
    for w in report["warnings"]:
        for pat in (w.get("where") or "").split(","):
            ps, cs = pat.split("."), path.split(".")
            if pat and all(p == "*" or p == c for p, c in zip(ps, cs)) and (len(ps) == len(cs) or ps[-1] == "*"):
                return True
    return False
for s, path in blanks:
    seen = {}
    for layout in layouts:
        f = os.path.join(tmp, layout, s + ext[layout] + ".parsed.json")
        try:
            rep = json.loads(open(f, encoding="utf-8").readline())
        except Exception as e:
            print(f"FAIL: {layout}/{s}: not parsed ({e})"); fail += 1; break
        cell = rep["cells"].get(path, {"kind": "number"})
        v = value(rep, path)
        kind = cell["kind"]
        if kind == "inferred" and not covered(rep, path):
            print(f"FAIL: {layout}/{s}: {path} inferred with no cells.inferred naming it"); fail += 1
        if kind == "number":
            if layout == "layout" and not path.startswith("reviews."):
                # space-aligned rows of tables 2 and 3 have whole rows on their page to
                # take the columns from: a blank there is told by its column
                print(f"FAIL: {layout}/{s}: {path} printed empty in a space-aligned row, read as a lost cell")
                fail += 1
            elif v in (0, None) and any_warning(rep, path):
                lost[layout] += 1
            else:
                print(f"FAIL: {layout}/{s}: {path} printed empty, read as {v} with no warning naming it"); fail += 1
            continue
        if kind not in ("inferred", "blank") or (kind == "blank" and v is not None):
            print(f"FAIL: {layout}/{s}: {path} printed empty, read as {kind} {v}"); fail += 1
        seen[layout] = (kind, v)
    if len(set(seen.values())) > 1:
        print(f"FAIL: {s}: {path} read differently by format: {seen}"); fail += 1
    else:
        passed += 1
if len(blanks) < 20:
    print(f"FAIL: only {len(blanks)} blanks planted"); fail += 1
print(f"{len(blanks)} blanks; read as a lost cell, flagged: " + ", ".join(f"{l} {lost[l]}" for l in layouts))
print(f"{passed} passed, {fail} failed")
sys.exit(1 if fail else 0)
PY
