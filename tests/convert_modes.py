#!/usr/bin/env python3
"""convert_modes.py — every PDF, read directly and through every converter mode.

  convert_modes.py --xxgk build/xxgk --work DIR [--synth build/xxgk-synth
      --gazetteer data/gazetteer --bodies N --seed S [--blank-bodies N
      [--blank-cells N|all] [--blank-totals]]
      [--only STEM --expect-code CODE]] [--mode MODE]... [--real PDF EXPECTED.json]...

For each PDF: the PDF itself, and the output of `pdftotext` (default mode),
`pdftotext -layout`, `pdftotext -raw`, `pdftohtml -i -noframes -stdout`,
`pdftohtml -s -i -noframes -stdout` and `pdftohtml -i -xml -stdout`, each
parsed with `xxgk parse --json`, every cell of tables 2–4 compared with the
hand-read expected report (--real) or the generator's truth (--synth: reports
from `xxgk-synth --truth` drawn as PDFs by synth_pdf.py in three layout
classes; with --blank-bodies, also reports that each print one cell empty,
class "+blank"; --blank-cells prints that many of each such report's zero
cells empty, --blank-totals also the totals of its zero rows: whole rows
left empty). A cell is
  exact   the document's figure (or its empty cell: null, or the value the
          report's rules settle, kind inferred, named by cells.inferred);
  unread  null where the document prints a figure, the cell unreadable,
          absent … and the report warning about its cells (--named: about
          that cell, or its row or table); or, whatever its value, a warning
          naming that very cell (not only its row or table): a cell returned
          blank where the document prints a figure, or the figure under an
          empty cell returned as printed;
  wrong   anything else — a figure that is not the document's, or a figure
          where the document has none, or a kind that says what the
          document does not (blank for a printed 0, a printed 0 for an empty
          cell) with no warning on that cell.
Prints a table per mode and class; exits 1 if any cell is wrong, or a mode
refuses a report the PDF itself reads, or exactness falls under --min-exact.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

MODES = [
    ('pdf', None, 'pdf'),
    ('pdftotext', ['pdftotext', '{pdf}', '{out}'], 'txt'),
    ('pdftotext -layout', ['pdftotext', '-layout', '{pdf}', '{out}'], 'txt'),
    ('pdftotext -raw', ['pdftotext', '-raw', '{pdf}', '{out}'], 'txt'),
    ('pdftohtml -i -noframes', ['pdftohtml', '-i', '-noframes', '-stdout', '{pdf}'], 'html'),
    ('pdftohtml -s -i -noframes', ['pdftohtml', '-s', '-i', '-noframes', '-stdout', '{pdf}'], 'html'),
    ('pdftohtml -i -xml', ['pdftohtml', '-i', '-xml', '-stdout', '{pdf}'], 'xml'),
]
TABLES = ('active', 'applications', 'reviews')


def flat(report):
    out = {}
    for t in TABLES:
        for k, v in (report.get(t) or {}).items():
            if isinstance(v, dict):
                for c, x in v.items():
                    out['%s.%s.%s' % (t, k, c)] = x
            else:
                out['%s.%s' % (t, k)] = v
    return out


def under_blanks(expected):
    """The value under each cell the generator printed empty (its planted note
    "printed empty; the other cells make it N"): what the report's rules settle."""
    out = {}
    for p in expected.get('planted') or []:
        m = re.search(r'make it (-?[0-9.]+)$', p.get('detail', ''))
        if p.get('kind') == 'blank' and m:
            out[p['where']] = float(m.group(1))
    return out


def names(report, code, path):
    """Does a warning `code` (None: any) name `path` in its `where` (a list of paths and patterns)?"""
    for w in report.get('warnings', []):
        if code is not None and w.get('code') != code:
            continue
        for pat in (w.get('where') or '').split(','):
            ps, cs = pat.split('.'), path.split('.')
            if pat and all(a in ('*', b) for a, b in zip(ps, cs)) and (len(ps) == len(cs) or ps[-1] == '*'):
                return True
    return False


def names_cell(report, path, code=None):
    """Does a warning `code` (None: any) name the cell `path` itself, not only a pattern
    (its row, its table) that covers it?"""
    return any(path in (w.get('where') or '').split(',') for w in report.get('warnings', [])
               if code is None or w.get('code') == code)


def judge(expected, got, named=False):
    """(exact, unread, wrong, examples of wrong) of `got` (a report or None) against `expected`.
    A cell printed empty is exact read as a blank (null), or as the value its report's rules
    settle (kind inferred, named by a cells.inferred warning). A figure that is not the document's
    is wrong; so is a cell whose kind claims what the document does not print — blank or n/a for
    a printed figure, a printed number for an empty cell — unless a warning names that very cell:
    a warning on its row (cells.missing, cells.unproven …) says the row was damaged, not that
    this cell is not what it says."""
    want = flat(expected)
    if got is None:
        return 0, len(want), 0, []
    have, cells = flat(got), got.get('cells', {})
    under = under_blanks(expected)
    warned = any(w.get('code', '').split('.')[0] in ('cells', 'table', 'label') for w in got.get('warnings', []))
    exact = unread = wrong = 0
    bad = []
    for path, v in want.items():
        g, kind = have.get(path), cells.get(path, {}).get('kind')
        if (g is None and v is None) or (g is not None and v is not None and abs(g - v) < 1e-9):
            exact += 1
        elif (v is None and path in under and g is not None and abs(g - under[path]) < 1e-9
              and kind == 'inferred' and names_cell(got, path, 'cells.inferred')):
            exact += 1
        elif (v is None and path in under and g is not None and abs(g - under[path]) < 1e-9
              and names_cell(got, path)):
            unread += 1   # the value under an empty cell, its kind not inferred, a warning on that cell
        elif g is None and kind in ('blank', 'na') and names_cell(got, path):
            unread += 1   # a printed figure returned as an empty cell, a warning on that cell
        elif (g is None and warned and kind not in ('number', 'blank', 'na')
              and (not named or v is None or names(got, None, path))):
            unread += 1
        else:
            wrong += 1
            bad.append('%s=%s %s (document: %s)' % (path, g, kind, v))
    return exact, unread, wrong, bad


def run_mode(xxgk, mode, pdf, work, stem):
    name, cmd, ext = mode
    if cmd is None:
        path = pdf
    else:
        path = os.path.join(work, '%s.%s.%s' % (stem, name.replace(' ', '').replace('-', '_'), ext))
        argv = [a.format(pdf=pdf, out=path) for a in cmd]
        if '{out}' in cmd:
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            with open(path, 'wb') as f:
                subprocess.run(argv, check=True, stdout=f, stderr=subprocess.DEVNULL)
    p = subprocess.run([xxgk, 'parse', '--json', path], capture_output=True, text=True)
    if p.returncode != 0 or not p.stdout.strip():
        return None, p.stderr.strip().splitlines()[-1] if p.stderr.strip() else 'no output'
    return json.loads(p.stdout.splitlines()[0]), None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--xxgk', required=True)
    ap.add_argument('--work', required=True)
    ap.add_argument('--synth')
    ap.add_argument('--gazetteer')
    ap.add_argument('--bodies', type=int, default=12)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--blank-bodies', type=int, default=0,
                    help='also this many bodies whose reports each print one cell empty')
    ap.add_argument('--blank-cells', default='1', metavar='N|all',
                    help='cells each report of --blank-bodies prints empty (of its zero cells)')
    ap.add_argument('--blank-totals', action='store_true',
                    help='reports of --blank-bodies may also leave the totals of their zero rows empty')
    ap.add_argument('--real', nargs=2, action='append', default=[], metavar=('PDF', 'EXPECTED'))
    ap.add_argument('--only', action='append', default=[], metavar='STEM',
                    help='of the synthetic reports, judge only these (e.g. 4201_2023_gov); '
                         'fails if one is not generated')
    ap.add_argument('--expect-code', action='append', default=[], metavar='CODE',
                    help='fail unless some mode of the reports judged warns CODE (the class '
                         'the case was chosen for is still drawn)')
    ap.add_argument('--exact', action='append', default=[], metavar='MODE',
                    help='fail unless every cell of the reports judged is exact in this mode '
                         '(e.g. "pdftohtml -i -xml": empty cells placed by position, none left unread)')
    ap.add_argument('--exact-cells', nargs=2, action='append', default=[], metavar=('MODE', 'N'),
                    help='fail unless at least N cells of the reports judged are exact in this mode '
                         '(a class of layout read where it used to be left unread)')
    ap.add_argument('--exact-path', action='append', default=[], metavar='PATH',
                    help='fail unless this cell (e.g. applications.total_processed.total) is exact '
                         'in every mode run, for every report judged')
    ap.add_argument('--mode', action='append', default=[], metavar='MODE',
                    help='run only these modes (e.g. pdftotext for the default mode; default: all)')
    ap.add_argument('--named', action='store_true',
                    help='a figure read as null counts as unread only if a warning names its cell')
    ap.add_argument('--min-exact', type=float, default=0.0,
                    help='fail when the share of exact cells over all modes (reports with empty cells aside) falls below this')
    args = ap.parse_args()
    for m in args.mode:
        if m not in [x[0] for x in MODES]:
            ap.error('--mode %s: not one of %s' % (m, ', '.join(x[0] for x in MODES)))
    os.makedirs(args.work, exist_ok=True)
    cases = []   # (pdf, expected report, class)
    for pdf, exp in args.real:
        cases.append((pdf, json.load(open(exp, encoding='utf-8')), 'real'))
    # (sub-directory, bodies, what the generator plants, class suffix): clean reports, and
    # reports each with one cell printed empty (a blank the PDF shows as nothing at all)
    sets = [('', args.bodies, ['--error-rate', '0'], '')]
    if args.blank_bodies:
        sets.append(('_blank', args.blank_bodies, ['--error-rate', '1', '--error-kinds', 'blank',
                                                   '--blank-cells', args.blank_cells]
                     + (['--blank-totals'] if args.blank_totals else []), ' +blank'))
    for sub, bodies, plant, suffix in sets if args.synth else []:
        truths = os.path.join(args.work, 'truth' + sub)
        subprocess.run([args.synth, '--out', truths, '--bodies', str(bodies), '--years', '2023-2024',
                        '--seed', str(args.seed), '--truth'] + plant + ['--outlier-rate', '0.2',
                        '--layouts', 'lines', '--gazetteer', args.gazetteer],
                       check=True, stdout=subprocess.DEVNULL)
        files = sorted(os.path.join(truths, f) for f in os.listdir(truths) if f.endswith('.truth.json'))
        here = os.path.dirname(os.path.abspath(__file__))
        pdfs = os.path.join(args.work, 'pdf' + sub)
        out = subprocess.run([sys.executable, os.path.join(here, 'synth_pdf.py'), '-o',
                              pdfs, '--seed', str(args.seed)] + files,
                             check=True, capture_output=True, text=True).stdout
        kinds = dict(line.split() for line in out.splitlines())
        for f in files:
            stem = os.path.basename(f)[:-len('.truth.json')]
            if args.only and stem not in args.only:
                continue
            if stem + '.pdf' in kinds:
                cases.append((os.path.join(pdfs, stem + '.pdf'), json.load(open(f, encoding='utf-8')),
                              'synthetic ' + kinds[stem + '.pdf'] + suffix))
    totals = collections.defaultdict(lambda: [0, 0, 0, 0])   # (mode, class) → exact, unread, wrong, reports
    failures = []
    for stem in args.only:
        if not any(os.path.basename(pdf) == stem + '.pdf' for pdf, _, _ in cases):
            failures.append('%s: not generated (--only)' % stem)
    codes = set()
    for pdf, expected, cls in cases:
        stem = os.path.basename(os.path.dirname(pdf)) + '.' + os.path.basename(pdf)[:-4]
        direct_ok = None
        for mode in MODES:
            if args.mode and mode[0] not in args.mode:
                continue
            got, err = run_mode(args.xxgk, mode, pdf, args.work, stem)
            if mode[0] == 'pdf':
                direct_ok = got is not None
            codes.update(x.get('code') for x in (got or {}).get('warnings', []))
            e, u, w, bad = judge(expected, got, args.named)
            t = totals[(mode[0], cls)]
            t[0] += e
            t[1] += u
            t[2] += w
            t[3] += 1
            if w:
                failures.append('%s [%s]: %d wrong: %s' % (stem, mode[0], w, '; '.join(bad[:4])))
            for path in args.exact_path:
                v, g = flat(expected).get(path), flat(got or {}).get(path)
                if not ((v is None and g is None) or (v is not None and g is not None and abs(g - v) < 1e-9)
                        or (v is None and g is not None and path in under_blanks(expected)
                            and abs(g - under_blanks(expected)[path]) < 1e-9
                            and ((got or {}).get('cells', {}).get(path, {}).get('kind') == 'inferred')
                            and names_cell(got, path, 'cells.inferred'))):
                    failures.append('%s [%s]: %s read %s, the document %s (--exact-path)' % (stem, mode[0], path, g, v))
            if u and mode[0] in args.exact:
                failures.append('%s [%s]: %d cells unread (--exact)' % (stem, mode[0], u))
            if got is None and direct_ok and mode[0] != 'pdf':
                failures.append('%s [%s]: refused (%s) though the PDF reads' % (stem, mode[0], err))
            if got is None and mode[0] == 'pdf':
                failures.append('%s [pdf]: refused (%s)' % (stem, err))
    print('%-28s %-22s %7s %8s %8s %6s' % ('mode', 'class', 'reports', 'exact', 'unread', 'wrong'))
    all_cells = all_exact = 0
    for (mode, cls), (e, u, w, n) in sorted(totals.items(), key=lambda kv: ([m[0] for m in MODES].index(kv[0][0]),
                                                                                kv[0][1])):
        print('%-28s %-22s %7d %8d %8d %6d' % (mode, cls, n, e, u, w))
        if not cls.endswith('+blank'):
            all_cells += e + u + w
            all_exact += e
    share = all_exact / all_cells if all_cells else 1.0
    print('all but +blank: %d of %d cells exact (%.1f%%)' % (all_exact, all_cells, 100 * share))
    for mode, n in args.exact_cells:
        got = sum(e for (m, _), (e, _, _, _) in totals.items() if m == mode)
        if got < int(n):
            failures.append('%d cells exact in %s, fewer than %s (--exact-cells)' % (got, mode, n))
    for code in args.expect_code:
        if code not in codes:
            failures.append('no report judged warns %s (--expect-code): the case no longer draws its class' % code)
    for f in failures:
        print('FAIL ' + f)
    if share < args.min_exact:
        print('FAIL exact share %.3f under %.3f' % (share, args.min_exact))
    sys.exit(1 if failures or share < args.min_exact else 0)


if __name__ == '__main__':
    main()
