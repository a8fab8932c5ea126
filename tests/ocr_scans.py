#!/usr/bin/env python3
"""ocr_scans.py — scans made from PDFs whose figures are known, read by OCR.

  ocr_scans.py --xxgk build/xxgk --work DIR [--classes 300,jpeg60,...]
      [--min-exact F] [--real PDF EXPECTED.json [PAGES]]... [--draw EXPECTED.json...]
      [--synth build/xxgk-synth --gazetteer DIR --bodies N] [--layouts ruled,narrow,threeline]

The PDFs: real reports (--real), hand-read reports' figures drawn by a second
producer (--draw: tests/synth_pdf.py, reportlab, in every layout class of
--layouts: full grid, narrow wrapped labels, 三线表 without vertical rules),
and xxgk-synth's truths drawn the same way (--synth, the classes in turn).
Each PDF (pages FIRST-LAST when given) is rasterised and degraded by
tools/scan/make_scan.py in each class, wrapped as an image-only PDF (or one
PNG/JPEG page), parsed with `xxgk parse --json`, and every cell of tables 2–4
compared with EXPECTED.json, read by hand from the source document (never
from OCR output). A cell is
  exact    the document's figure (or its empty cell, null);
  flagged  not the document's, but the cell is not kind `number` or a
           warning names its path (ocr.unconfirmed …);
  wrong    anything else: a figure that is not the document's with nothing
           on its cell — the one outcome never allowed.
Prints a line per class with seconds of CPU; exits 1 if any cell is wrong, a
scan is refused, or exact cells fall under --min-exact.
"""
import argparse
import json
import os
import resource
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from convert_modes import flat  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE = os.path.join(HERE, '..', 'tools', 'scan', 'make_scan.py')
CLASSES = {
    '300': ['--dpi', '300'],
    '200': ['--dpi', '200'],
    'jpeg60': ['--dpi', '300', '--jpeg', '60'],
    'rot+1': ['--dpi', '300', '--rotate', '1'],
    'rot-1': ['--dpi', '300', '--rotate', '-1'],
    'noise': ['--dpi', '300', '--noise', '0.01'],
    '200jpeg60rot-1': ['--dpi', '200', '--jpeg', '60', '--rotate', '-1'],
    'png': ['--dpi', '300'],
    'jpg': ['--dpi', '300', '--jpeg', '60'],
}


def judge(expected, got):
    want, have = flat(expected), flat(got)
    cells = got.get('cells', {})
    named = ' '.join(w.get('message', '') for w in got.get('warnings', []))
    exact = flagged = wrong = 0
    bad = []
    for path, v in want.items():
        g = have.get(path)
        if (g is None and v is None) or (g is not None and v is not None and abs(g - v) < 1e-9):
            exact += 1
        elif cells.get(path, {}).get('kind', 'number') != 'number' or path + '：' in named:
            flagged += 1
        else:
            wrong += 1
            bad.append('%s=%s (document: %s)' % (path, g, v))
    return exact, flagged, wrong, bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--xxgk', required=True)
    ap.add_argument('--work', required=True)
    ap.add_argument('--classes', default='300,jpeg60')
    ap.add_argument('--min-exact', type=float, default=0.0)
    ap.add_argument('--real', nargs='+', action='append', default=[])
    ap.add_argument('--synth', help='xxgk-synth: also scan synthetic reports drawn by synth_pdf.py')
    ap.add_argument('--gazetteer')
    ap.add_argument('--bodies', type=int, default=4)
    ap.add_argument('--seed', type=int, default=5)
    ap.add_argument('--draw', nargs='+', default=[], metavar='EXPECTED',
                    help='hand-read reports (fixtures/corpus/*.expected.json) drawn by synth_pdf.py in every class')
    ap.add_argument('--layouts', default='ruled,narrow,threeline',
                    help='synth_pdf.py classes drawn, in turn (threeline: no vertical rules)')
    a = ap.parse_args()
    failed = False
    tot = [0, 0, 0]
    cases = []   # (pdf, expected, first, last, label)
    for real in a.real:
        first, last = (real[2].split('-') + [None])[:2] if len(real) > 2 else (None, None)
        cases.append((real[0], json.load(open(real[1])), first, last, ''))
    layouts = a.layouts.split(',')

    def draw(truth_files, sub):
        """Each truth drawn by synth_pdf.py, the i-th in class layouts[i % n]: every class drawn."""
        for i, f in enumerate(truth_files):
            kind = layouts[i % len(layouts)]
            out_dir = os.path.join(a.work, sub, kind)
            subprocess.run([sys.executable, os.path.join(HERE, 'synth_pdf.py'), '-o', out_dir, '--seed', str(a.seed),
                            '--class', kind, f], check=True, capture_output=True, text=True)
            stem = os.path.basename(f)
            for suffix in ('.truth.json', '.expected.json', '.json'):
                if stem.endswith(suffix):
                    stem = stem[:-len(suffix)]
                    break
            cases.append((os.path.join(out_dir, stem + '.pdf'), json.load(open(f, encoding='utf-8')),
                          None, None, kind))

    if a.synth:
        truths = os.path.join(a.work, 'truth')
        subprocess.run([a.synth, '--out', truths, '--bodies', str(a.bodies), '--years', '2024-2024',
                        '--seed', str(a.seed), '--truth', '--error-rate', '0', '--outlier-rate', '0.2',
                        '--layouts', 'lines', '--gazetteer', a.gazetteer], check=True, stdout=subprocess.DEVNULL)
        draw(sorted(os.path.join(truths, f) for f in os.listdir(truths) if f.endswith('.truth.json')), 'synth')
    # a hand-read fixture's figures drawn in every class: its expected JSON is the truth
    draw([f for f in a.draw for _ in layouts], 'drawn')
    for pdf, expected, first, last, label in cases:
        stem = os.path.splitext(os.path.basename(pdf))[0]
        for cls in a.classes.split(','):
            ext = {'png': '.png', 'jpg': '.jpg'}.get(cls, '.pdf')
            out = os.path.join(a.work, '%s.%s%s%s' % (stem, label + '.' if label else '', cls, ext))
            cmd = [sys.executable, MAKE, pdf, out] + CLASSES[cls]
            if first:
                cmd += ['--page', first] + (['--last', last] if last else [])
            subprocess.run(cmd, check=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            rssf = out + '.rss'
            timer = ['/usr/bin/time', '-f', '%M', '-o', rssf] if os.path.exists('/usr/bin/time') else []
            p = subprocess.run(timer + [a.xxgk, 'parse', '--json', out], capture_output=True, text=True,
                               env=dict(os.environ, OMP_THREAD_LIMIT='1'))
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            if p.returncode != 0 or not p.stdout.strip():
                print('%-16s %-9s %-7s REFUSED: %s' % (stem[:16], label, cls, p.stderr.strip()))
                failed = True
                continue
            got = json.loads(p.stdout.splitlines()[0])
            e, f, w, bad = judge(expected, got)
            n = e + f + w
            tot[0] += e
            tot[1] += f
            tot[2] += w
            rss = float(open(rssf).read().split()[-1]) / 1024.0 if timer else 0.0
            print('%-16s %-9s %-7s exact %3d/%d (%.1f%%)  flagged %3d  wrong %d  %.1f s CPU  peak %.0f MB  %s' % (
                stem[:16], label, cls, e, n, 100.0 * e / n, f, w, cpu, rss, '; '.join(bad[:5])))
            if w:
                failed = True
    n = sum(tot)
    if n:
        print('all: exact %d/%d (%.1f%%), flagged %d, wrong %d' % (tot[0], n, 100.0 * tot[0] / n, tot[1], tot[2]))
        if tot[0] < a.min_exact * n:
            print('exact under %.1f%%' % (100 * a.min_exact))
            failed = True
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
