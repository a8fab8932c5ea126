#!/usr/bin/env python3
"""browser_pdf.py — reports printed to PDF by a web browser, read through every mode.

  browser_pdf.py --xxgk build/xxgk --synth build/xxgk-synth --gazetteer data/gazetteer
      --work DIR [--bodies N] [--seed S] [--chromium chromium]

A class of PDF producer the other tests do not draw: a report published as a
web page and saved with the browser's "print to PDF" (Chromium's Skia PDF:
CID TrueType text, table rules as paths). Reports from `xxgk-synth --layouts
html --truth` (planted errors of every kind that changes what is printed:
empty cells, broken row sums, figures a few off) are printed by headless
Chromium; each PDF is read directly and through every converter mode of
convert_modes.py, every cell of tables 2–4 judged against the generator's
truth by the same rule (exact / unread with a warning naming it / wrong).
Exits 1 if any cell is wrong, or a mode refuses a report the PDF itself reads.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_modes as cm  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--xxgk', required=True)
    ap.add_argument('--synth', required=True)
    ap.add_argument('--gazetteer', required=True)
    ap.add_argument('--work', required=True)
    ap.add_argument('--bodies', type=int, default=6)
    ap.add_argument('--seed', type=int, default=11)
    ap.add_argument('--chromium', default='chromium')
    ap.add_argument('--only', action='append', default=[], metavar='STEM',
                    help='print and judge only these reports of the draw')
    a = ap.parse_args()
    syn, pdfs = os.path.join(a.work, 'syn'), os.path.join(a.work, 'pdf')
    os.makedirs(pdfs, exist_ok=True)
    subprocess.run([a.synth, '--out', syn, '--bodies', str(a.bodies), '--years', '2022-2023', '--seed',
                    str(a.seed), '--layouts', 'html', '--truth', '--gazetteer', a.gazetteer, '--error-rate', '0.5',
                    '--error-kinds', 'blank,t3.row_sum,t3.balance,t4.sum,cell', '--outlier-rate', '0.1'],
                   check=True, stdout=subprocess.DEVNULL)
    profile = os.path.join(a.work, 'profile')
    for html in sorted(glob.glob(os.path.join(syn, '*.html'))):
        if a.only and os.path.basename(html)[:-5] not in a.only:
            continue
        pdf = os.path.join(pdfs, os.path.basename(html)[:-5] + '.pdf')
        subprocess.run([a.chromium, '--headless', '--no-sandbox', '--disable-gpu', '--user-data-dir=' + profile,
                        '--no-pdf-header-footer', '--print-to-pdf=' + pdf, 'file://' + os.path.abspath(html)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        if not os.path.exists(pdf):
            print('browser_pdf: %s: Chromium printed no PDF' % html, file=sys.stderr)
            return 1
    totals, failed = {}, False
    for pdf in sorted(glob.glob(os.path.join(pdfs, '*.pdf'))):
        stem = os.path.basename(pdf)[:-4]
        with open(os.path.join(syn, stem + '.truth.json'), encoding='utf-8') as f:
            truth = json.load(f)
        direct = None
        for mode in cm.MODES:
            got, err = cm.run_mode(a.xxgk, mode, pdf, a.work, stem)
            exact, unread, wrong, bad = cm.judge(truth, got, named=True)
            t = totals.setdefault(mode[0], [0, 0, 0, 0])
            t[0] += exact
            t[1] += unread
            t[2] += wrong
            if mode[1] is None:
                direct = got
            if got is None and direct is not None:
                t[3] += 1
                failed = True
                print('FAIL %s %s: refused (%s), the PDF itself reads' % (stem, mode[0], err))
            if wrong:
                failed = True
                print('FAIL %s %s: %d wrong: %s' % (stem, mode[0], wrong, '; '.join(bad[:8])))
    print('%-28s %8s %8s %6s %8s' % ('mode', 'exact', 'unread', 'wrong', 'refused'))
    for mode, t in totals.items():
        print('%-28s %8d %8d %6d %8d' % (mode, *t))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
