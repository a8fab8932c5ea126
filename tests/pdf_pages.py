#!/usr/bin/env python3
"""pdf_pages.py PDF [--table LABEL --most N] — how full each page of a GB/T 9704 document is.

A page's fill is how far down its text block (37 mm from the top to 35 mm from the bottom of an
A4 page) its lowest line of text reaches, the page number ("— 3 —") not counted: pdftotext
-bbox-layout. Prints one line per page ("page 3: 0.87 续表4"). Fails (exit 1, saying which) when a
page is less than half full, unless it is the last page or the next page begins an annex
("附件N": annexes start on a new page); and, with --table, when the table of that label (its
caption page and the pages headed "续<label>") runs over more than N pages.
"""
import re
import subprocess
import sys

TOP = 37 * 72 / 25.4
BOTTOM = 841.89 - 35 * 72 / 25.4
LEAST = 0.5


def pages(pdf):
    html = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout
    out = []
    for pg in re.findall(r"<page.*?</page>", html, re.S):
        lines = []
        for m in re.finditer(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>',
                             pg, re.S):
            text = "".join(re.findall(r">([^<]*)</word>", m.group(3)))
            if re.fullmatch(r"—\d+—", text):
                continue
            lines.append((float(m.group(1)), float(m.group(2)), text))
        lines.sort()
        out.append(lines)
    return out


def main():
    args = sys.argv[1:]
    pdf = args[0]
    label = most = None
    if "--table" in args:
        label = args[args.index("--table") + 1]
        most = int(args[args.index("--most") + 1])
    ps = pages(pdf)
    bad = []
    span = []
    for n, lines in enumerate(ps, 1):
        fill = (max(l[1] for l in lines) - TOP) / (BOTTOM - TOP) if lines else 0.0
        first = lines[0][2] if lines else ""
        print("page %d: %.2f %s" % (n, fill, first[:20]))
        nxt = ps[n][0][2] if n < len(ps) and ps[n] else ""
        if fill < LEAST and n < len(ps) and not re.match(r"附件\d*$", nxt):
            bad.append("page %d is %.0f%% full (next page begins %s)" % (n, 100 * fill, nxt[:12]))
        if label and (first.startswith("续" + label) or any(l[2].startswith(label) for l in lines)):
            span.append(n)
    if label and len(span) > most:
        bad.append("%s runs over %d pages (%d–%d), more than %d" % (label, len(span), span[0], span[-1], most))
    if label and not span:
        bad.append("%s not found" % label)
    for b in bad:
        print("FAIL: " + b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
