#!/usr/bin/env python3
"""check_truth.py — verify a corpus written by `xxgk-synth --truth`.

    python3 tools/synth/check_truth.py DIR [--parser build/xxgk] [--sample N]

For every <stem>.truth.json in DIR it checks that
  * the truth describes its report: sha256, every cell's raw text on its line,
    the part headings on their lines, the narrative figures in the text;
  * a report with no planted error satisfies every rule of SCHEMA.md
    (t3.row_sum, t3.balance, t3.results_sum, t4.sum, text.table_mismatch, no
    blank cell) and, across the years of one body, t3.carry_continuity and
    t2.valid_continuity;
  * a planted error breaks exactly the rule it names and no other, at the
    cell its "where" names;
  * manifest.csv and planted.csv agree with the truth files.
It prints the distributions by level and the planted outliers against their
peers. With --parser it runs `xxgk parse --json` on up to N files of each
layout and lists every value that differs from the truth.
Exit status 0 when every check passes.
"""
import argparse
import csv
import hashlib
import html
import json
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict

APPLICANTS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org"]
ROWS = ["new_received", "carried_over", "granted", "partially_granted",
        "denied_state_secret", "denied_prohibited_by_law", "denied_three_safeties",
        "denied_third_party", "denied_internal_affairs", "denied_process_info",
        "denied_enforcement_files", "denied_admin_query",
        "unable_no_info", "unable_needs_creation", "unable_unclear",
        "not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
        "not_processed_excessive", "not_processed_confirm",
        "other_overdue_correction", "other_overdue_fee", "other_reasons",
        "total_processed", "carried_forward"]
RESULTS = ROWS[2:23]
COLS = APPLICANTS + ["total"]
GROUPS = ["review", "litigation_direct", "litigation_after_review"]
T4COLS = ["upheld", "corrected", "other", "pending", "total"]
PARTS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
# how the narrative words each figure it may state
PHRASES = {
    "applications.new_received.total": "收到政府信息公开申请",
    "applications.carried_over.total": "上年结转",
    "applications.total_processed.total": "办结",
    "applications.carried_forward.total": "结转下年度继续办理",
    "reviews.review.total": "行政复议",
    "reviews.litigation_direct.total+reviews.litigation_after_review.total": "行政诉讼",
    "reviews.review.total+reviews.litigation_direct.total+reviews.litigation_after_review.total":
        "行政复议和行政诉讼案件",
    "active.penalty.decisions": "行政处罚决定",
}
# a figure planted wrong in a table leaves the narrative with the true figure:
# where the narrative states it, the two disagree too
TABLE_SLIPS = {"cell", "t3.row_sum", "t3.balance", "t4.sum"}
ERROR_KINDS = {"t3.row_sum", "t3.balance", "t3.carry_continuity", "t4.sum", "text.table_mismatch", "blank", "cell"}
RELATIONS = {"t3.row_sum", "t3.balance", "t3.results_sum", "t4.sum"}


def violations(t):
    """Rule violations inside one report: a set of (rule, where)."""
    out = set()
    a, rv = t["applications"], t["reviews"]
    def val(row, col):
        return a[row][col]
    for row in ROWS:
        cells = [val(row, c) for c in APPLICANTS]
        if None not in cells and val(row, "total") is not None and sum(cells) != val(row, "total"):
            out.add(("t3.row_sum", row))
    for col in COLS:
        four = [val(r, col) for r in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if None not in four and four[0] + four[1] != four[2] + four[3]:
            out.add(("t3.balance", col))
        res = [val(r, col) for r in RESULTS]
        if None not in res and val("total_processed", col) is not None and sum(res) != val("total_processed", col):
            out.add(("t3.results_sum", col))
    for g in GROUPS:
        four = [rv[g][c] for c in T4COLS[:4]]
        if None not in four and rv[g]["total"] is not None and sum(four) != rv[g]["total"]:
            out.add(("t4.sum", g))
    for path, said in t.get("narrative", {}).items():
        if lookup(t, path) != said:
            out.add(("text.table_mismatch", path))
    for path, cell in t["cells"].items():
        if cell["kind"] == "blank":
            out.add(("blank", path))
    return out


def lookup(t, path):
    """A cell's value, or the sum of cells joined by +."""
    total = 0
    for one in path.split("+"):
        table, row, col = one.split(".")
        if t[table][row][col] is None:
            return None
        total += t[table][row][col]
    return total


def expected_where(kind, where):
    """The violation key a planted error's "where" must produce."""
    parts = where.split(".")
    if kind == "t3.row_sum":
        return parts[1]
    if kind in ("t3.balance", "t3.carry_continuity"):
        return parts[2]
    if kind == "t4.sum":
        return parts[1]
    return where


def check_file_against_truth(path_dir, t, problems):
    name = t["source"]["name"]
    raw = open(os.path.join(path_dir, name), "rb").read()
    if hashlib.sha256(raw).hexdigest() != t["source"]["sha256"]:
        problems.append(f"{name}: sha256 differs")
    lines = raw.decode("utf-8").split("\n")
    is_html = t["source"]["format"] == "html"
    for path, cell in t["cells"].items():
        ln = cell["line"]
        if not (1 <= ln <= len(lines)):
            problems.append(f"{name}: {path} line {ln} out of range")
            continue
        text = lines[ln - 1]
        if is_html:
            want = "&nbsp;" if cell["kind"] == "blank" else cell["raw"]
            if not re.search(r"<td[^>]*>" + re.escape(want) + "</td>", text):
                problems.append(f"{name}:{ln}: {path} raw {cell['raw']!r} not in {text!r}")
        elif cell["kind"] == "number":
            tokens = re.split(r"[\t ]+", text.strip())
            if cell["raw"] not in tokens:
                problems.append(f"{name}:{ln}: {path} raw {cell['raw']!r} not on the line {text!r}")
        value = lookup(t, path)
        if cell["kind"] == "blank":
            if value is not None or cell["raw"] != "":
                problems.append(f"{name}: {path} blank but value {value!r}")
        elif str(value) != cell["raw"] and float(cell["raw"]) != value:
            problems.append(f"{name}: {path} raw {cell['raw']} != value {value}")
    for i, ln in enumerate(t["parts"]):
        if PARTS[i] not in lines[ln - 1]:
            problems.append(f"{name}:{ln}: part heading {PARTS[i]} not there")
    title_line = next((l for l in lines if "政府信息公开工作年度报告" in l), "")
    if is_html:
        pass
    elif t["source"]["format"] == "text" and name.endswith(".layout.txt"):
        # pdftotext breaks the centred title: the name stands on the line above
        idx = lines.index(title_line)
        if lines[idx - 1].strip() != t["agency"]["name"]:
            problems.append(f"{name}: agency name {t['agency']['name']} not above the title")
    elif not title_line.lstrip("# ").startswith(t["agency"]["name"] + str(t["year"])):
        problems.append(f"{name}: title {title_line!r} does not start with the agency name and year")
    # the narrative figures as printed (tags, spaces and line breaks removed)
    flat = re.sub(r"<[^>]+>", "", raw.decode("utf-8"))
    flat = re.sub(r"\s+", "", html.unescape(flat))
    for path, said in t.get("narrative", {}).items():
        if PHRASES[path] + str(said) not in flat:
            problems.append(f"{name}: narrative figure {PHRASES[path]}{said} not in the text")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--parser", help="path of the xxgk binary; compare its parse with the truth")
    ap.add_argument("--sample", type=int, default=3, help="files per layout to parse (default 3)")
    args = ap.parse_args()
    d = args.dir
    problems = []
    truths = {}
    for fn in sorted(os.listdir(d)):
        if fn.endswith(".truth.json"):
            truths[fn] = json.load(open(os.path.join(d, fn), encoding="utf-8"))
    if not truths:
        sys.exit(f"{d}: no truth files")

    # 1. each report against its truth; 2. the rules inside one report
    n_clean = n_planted = 0
    for fn, t in truths.items():
        check_file_against_truth(d, t, problems)
        errors = [p for p in t["planted"] if p["kind"] in ERROR_KINDS]
        got = violations(t)
        if any(p["kind"] in TABLE_SLIPS for p in errors):
            got = {(k, w) for k, w in got if k != "text.table_mismatch"}
        want = set()
        for p in errors:
            if p["kind"] not in ("t3.carry_continuity", "cell"):
                want.add((p["kind"], expected_where(p["kind"], p["where"])))
        got_kinds = {k for k, _ in got}
        want_kinds = {k for k, _ in want}
        if any(p["kind"] == "cell" for p in errors):
            # one figure off breaks the relations that hold it, and nothing else
            if not got or not got_kinds <= RELATIONS:
                problems.append(f"{fn}: a cell planted wrong breaks {sorted(got)}")
        elif got_kinds != want_kinds:
            problems.append(f"{fn}: rules broken {sorted(got)} but planted {sorted(want_kinds) or 'nothing'}")
        elif not want <= got:
            problems.append(f"{fn}: planted {sorted(want)} but broken {sorted(got)}")
        n_planted += bool(errors)
        n_clean += not errors

    # 3. across years of one body (same region code and slug)
    bodies = defaultdict(dict)
    for fn, t in truths.items():
        code, year, slug = fn[: -len(".truth.json")].split("_")
        bodies[(code, slug)][int(year)] = t
    n_pairs = 0
    for key, years in bodies.items():
        for y in sorted(years):
            if y - 1 not in years:
                continue
            n_pairs += 1
            prev, cur = years[y - 1], years[y]
            broken = [c for c in COLS
                      if None not in (cur["applications"]["carried_over"][c], prev["applications"]["carried_forward"][c])
                      and cur["applications"]["carried_over"][c] != prev["applications"]["carried_forward"][c]]
            planted = [p for p in cur["planted"] if p["kind"] == "t3.carry_continuity"]
            moved = [p for p in cur["planted"] if p["kind"] == "cell" and ".carried_over." in p["where"]] + \
                    [p for p in prev["planted"] if p["kind"] == "cell" and ".carried_forward." in p["where"]]
            if moved and not planted:
                pass   # a figure planted wrong in a carry row breaks the carry-over too
            elif bool(broken) != bool(planted):
                problems.append(f"{key} {y}: carry-over broken in {broken}, planted {planted}")
            elif planted and expected_where("t3.carry_continuity", planted[0]["where"]) not in broken:
                problems.append(f"{key} {y}: carry-over planted at {planted[0]['where']}, broken in {broken}")
            for g in ("regulations", "normative_documents"):
                a, b = prev["active"][g], cur["active"][g]
                if b["valid"] != a["valid"] + b["issued"] - b["repealed"]:
                    problems.append(f"{key} {y}: t2.valid_continuity broken for {g}")

    # 4. manifest.csv and planted.csv
    manifest = list(csv.DictReader(open(os.path.join(d, "manifest.csv"), encoding="utf-8")))
    listed = {r["file"] for r in manifest}
    for fn, t in truths.items():
        if t["source"]["name"] not in listed:
            problems.append(f"manifest.csv lacks {t['source']['name']}")
        r = next((r for r in manifest if r["file"] == t["source"]["name"]), None)
        if r and (r["region_code"] != t["agency"]["region_code"] or r["level"] != t["agency"]["level"]):
            problems.append(f"manifest.csv row for {r['file']} disagrees with its truth")
    planted_rows = list(csv.DictReader(open(os.path.join(d, "planted.csv"), encoding="utf-8")))
    from_truth = sorted((t["source"]["name"], p["kind"], p["where"], p["detail"])
                        for t in truths.values() for p in t["planted"])
    from_csv = sorted((r["file"], r["kind"], r["where"], r["detail"]) for r in planted_rows)
    if from_truth != from_csv:
        problems.append("planted.csv differs from the truth files' planted items")

    # 5. distributions and outliers
    print(f"{len(truths)} reports, {len(bodies)} bodies, {n_clean} without planted error, "
          f"{n_planted} with one, {n_pairs} year pairs checked for continuity")
    by_level = defaultdict(list)
    pen_by_level = defaultdict(list)
    share_by_level = defaultdict(list)
    for t in truths.values():
        lvl = t["agency"]["level"]
        by_level[lvl].append(t["applications"]["new_received"]["total"])
        pen_by_level[lvl].append(t["active"]["penalty"]["decisions"])
        tp = t["applications"]["total_processed"]["total"]
        if tp >= 30:
            den = sum(t["applications"][r]["total"] for r in ROWS[4:12])
            share_by_level[lvl].append(den / tp)
    def q(v, p):
        v = sorted(v)
        return v[min(len(v) - 1, int(p * len(v)))]
    for lvl in ("town", "department", "county", "city"):
        v = by_level.get(lvl)
        if v:
            print(f"  {lvl:10s} new applications: n={len(v):6d} median={statistics.median(v):7.0f} "
                  f"p10={q(v, .1):6d} p90={q(v, .9):6d} max={max(v):6d}; "
                  f"行政处罚 median={statistics.median(pen_by_level[lvl]):7.0f}")
    kinds = defaultdict(int)
    for t in truths.values():
        for p in t["planted"]:
            kinds[p["kind"]] += 1
    print("  planted:", ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "nothing")
    for t in truths.values():
        for p in t["planted"]:
            if not p["kind"].startswith("outlier."):
                continue
            lvl = t["agency"]["level"]
            if p["kind"] == "outlier.count":
                peers = statistics.median(pen_by_level[lvl])
                print(f"  {t['source']['name']}: outlier.count 行政处罚 {t['active']['penalty']['decisions']}"
                      f" vs {lvl} median {peers:.0f}")
            elif p["kind"] == "outlier.share":
                peers = statistics.median(share_by_level[lvl]) if share_by_level[lvl] else float("nan")
                print(f"  {t['source']['name']}: outlier.share {p['detail']} vs {lvl} median share {peers:.3f}")
            else:
                print(f"  {t['source']['name']}: {p['kind']} {p['where']} {p['detail']}")

    # 6. the parser against the truth
    if args.parser:
        by_layout = defaultdict(list)
        for fn, t in sorted(truths.items()):
            by_layout[t["layout"]].append(t)
        mism = 0
        parsed = 0
        for layout, ts in sorted(by_layout.items()):
            # prefer files with planted items, then the rest
            ts = sorted(ts, key=lambda t: (not t["planted"], t["source"]["name"]))[: args.sample]
            for t in ts:
                name = t["source"]["name"]
                res = subprocess.run([args.parser, "parse", "--json", os.path.join(d, name)],
                                     capture_output=True, text=True)
                if res.returncode != 0:
                    print(f"  PARSE FAIL {name}: {res.stderr.strip()}")
                    mism += 1
                    continue
                parsed += 1
                got = json.loads(res.stdout)
                diffs = []
                for path, cell in t["cells"].items():
                    want_v = lookup(t, path)
                    have_v = lookup(got, path)
                    gc = got["cells"].get(path, {})
                    if want_v != have_v or gc.get("kind") != cell["kind"] or gc.get("line") != cell["line"]:
                        diffs.append(f"{path}: truth {want_v} ({cell['kind']}, line {cell['line']}) "
                                     f"parser {have_v} ({gc.get('kind')}, line {gc.get('line')})")
                for key in ("year", "template", "published"):
                    if got.get(key) != t[key]:
                        diffs.append(f"{key}: truth {t[key]!r} parser {got.get(key)!r}")
                if got["agency"]["name"] != t["agency"]["name"]:
                    diffs.append(f"agency.name: truth {t['agency']['name']!r} parser {got['agency']['name']!r}")
                if got.get("parts") and got["parts"] != t["parts"]:
                    diffs.append(f"parts: truth {t['parts']} parser {got['parts']}")
                warn = [w["code"] for w in got.get("warnings", [])]
                planted = [p["kind"] + "@" + p["where"] for p in t["planted"]]
                status = "ok" if not diffs else f"{len(diffs)} differences"
                print(f"  parse {layout:6s} {name}: {status}; planted {planted or '-'}; parser warnings {warn or '-'}")
                for x in diffs[:12]:
                    print(f"      {x}")
                mism += bool(diffs)
        print(f"  parser: {parsed} files parsed, {mism} with differences")

    for p in problems[:200]:
        print("PROBLEM", p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
