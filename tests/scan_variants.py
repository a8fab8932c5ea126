#!/usr/bin/env python3
"""scan_variants.py XXGK WORK [NAME...] — the image variants real scanners and phones write
(issue 16), each made from huaian_2024's table pages (fixtures/pdf/huaian_2024.pdf pages 3–5,
tables 2–4, rendered by pdftoppm) and read by `xxgk parse --json` — a TIFF variant as one
three-page TIFF, a PNG or JPEG variant as a folder of three pages. The 200 figures of tables 2–4
are compared with the hand-read huaian_2024.layout.expected.json (never with OCR output): every
one exact, or (table 2, which no rule confirms) flagged on its own cell; none wrong, none lost. Variants
that are not read (CIE L*a*b* or floating-point TIFF, lossless JPEG) are refused with one line naming
the file and the reason.

Needs poppler-utils, python3-pil and the tesseract packages (`bash .ci/setup --tests`).
"""
import io
import json
import os
import subprocess
import sys

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from convert_modes import flat  # noqa: E402

FIX = os.path.join(HERE, '..', 'fixtures')
PDF = os.path.join(FIX, 'pdf', 'huaian_2024.pdf')
EXPECTED = os.path.join(FIX, 'corpus', 'huaian_2024.layout.expected.json')


def render(page, dpi, work):
    out = os.path.join(work, 'p%d-%d' % (page, dpi))
    subprocess.run(['pdftoppm', '-r', str(dpi), '-gray', '-f', str(page), '-l', str(page), '-singlefile', '-png',
                    PDF, out], check=True)
    im = Image.open(out + '.png')
    im.load()
    return im.convert('L')


def on_transparent(page, mode):
    """The page as ink on transparent paper whose colour is black: only compositing onto white shows it."""
    ink = page.point(lambda v: 255 - v)
    if mode == 'LA':
        return Image.merge('LA', (Image.new('L', page.size, 0), ink))
    black = Image.new('L', page.size, 0)
    return Image.merge('RGBA', (black, black, black, ink))


def exif(orientation):
    e = Image.Exif()
    e[274] = orientation
    return e.tobytes()


def bw(page):
    """Black and white, as office scanners write (ink below grey 160)."""
    return page.point(lambda v: 255 if v >= 160 else 0).convert('1')


def deep(page):
    return page.point(lambda v: v * 257, 'I').convert('I;16')


def turned(page):
    """Stored a quarter turn anticlockwise: EXIF/TIFF orientation 6 says turn it clockwise to show it."""
    return page.transpose(Image.Transpose.ROTATE_90)


DPI = {'dpi': (300, 300)}
# name: (dpi of the rendering, the page as stored, PIL save arguments)
VARIANTS = {
    'cmyk.jpg': (300, lambda p: p.convert('CMYK'), dict(quality=90, **DPI)),
    'progressive.jpg': (300, lambda p: p.convert('RGB'), dict(quality=90, progressive=True, **DPI)),
    'exif-turned.jpg': (300, turned, dict(quality=90, exif=exif(6), **DPI)),
    'deep.png': (300, deep, DPI),
    'palette.png': (300, lambda p: p.convert('P'), DPI),
    'alpha.png': (300, lambda p: on_transparent(p, 'RGBA'), DPI),
    'grey-alpha.png': (300, lambda p: on_transparent(p, 'LA'), DPI),
    'alpha.tif': (300, lambda p: on_transparent(p, 'RGBA'), dict(compression='tiff_lzw', **DPI)),
    'packbits.tif': (300, bw, dict(compression='packbits', **DPI)),
    'uncompressed.tif': (300, bw, DPI),
    'g4-200dpi.tif': (200, bw, dict(compression='group4', dpi=(200, 200))),
    'turned.tif': (300, turned, dict(compression='tiff_lzw', tiffinfo={274: 6}, **DPI)),
    'deep.tif': (300, deep, dict(compression='tiff_adobe_deflate', **DPI)),
    'cmyk.tif': (300, lambda p: p.convert('CMYK'), dict(compression='tiff_lzw', **DPI)),
    'palette.tif': (300, lambda p: p.convert('P'), dict(compression='packbits', **DPI)),
    'jpeg.tif': (300, lambda p: p.convert('RGB'), dict(compression='jpeg', quality=90, **DPI)),
}
PAGES = (3, 4, 5)


def make(name, rendered, work):
    """The variant's path: a two-page TIFF, or a folder of two pages."""
    dpi, store, kw = VARIANTS[name]
    ims = [store(rendered[(p, dpi)]) for p in PAGES]
    stem, ext = os.path.splitext(name)
    fmt = {'.jpg': 'JPEG', '.png': 'PNG', '.tif': 'TIFF'}[ext]
    if fmt == 'TIFF':
        path = os.path.join(work, name)
        ims[0].save(path, fmt, save_all=True, append_images=ims[1:], **kw)
        return path
    path = os.path.join(work, stem + ext.replace('.', '-'))
    os.makedirs(path, exist_ok=True)
    for i, im in enumerate(ims):
        im.save(os.path.join(path, '%d%s' % (i + 1, ext)), fmt, **kw)
    return path


SAVE = 'save the pages as grey, colour or black-and-white TIFF, or PNG'
# name: (the page as stored, PIL save arguments, the line after "PATH: ")
REFUSED = {
    'lab.tif': (lambda p: p.convert('RGB').convert('LAB'), {},
                'page 1 is in CIE L*a*b* colours (TIFF photometric 8), which is not read; ' + SAVE),
    'float.tif': (lambda p: p.convert('F'), {}, 'page 1 has floating-point 32-bit samples, which are not read; ' + SAVE),
}


def refused(xxgk, work, p300):
    """Variants OCR cannot read (or would read as another picture): one line naming the file and why."""
    failed = False
    cases = [(n, f(p300), kw, line) for n, (f, kw, line) in REFUSED.items()]
    # lossless JPEG (ITU T.81 process 14), which libjpeg 8-bit does not decode: a baseline file's SOF0 made SOF3
    b = io.BytesIO()
    p300.save(b, 'JPEG', quality=90)
    data = b.getvalue().replace(b'\xff\xc0', b'\xff\xc3', 1)
    cases.append(('lossless.jpg', data, None, 'a JPEG of a kind that is not read (lossless or hierarchical); '
                  'save the page as PNG or as an ordinary 8-bit JPEG'))
    for name, im, kw, line in cases:
        path = os.path.join(work, name)
        if kw is None:
            with open(path, 'wb') as f:
                f.write(im)
        else:
            im.save(path, 'TIFF', **kw)
        r = subprocess.run([xxgk, 'parse', '--json', path], capture_output=True, text=True)
        want = '%s: %s' % (path, line)
        if r.returncode == 0 or r.stdout or r.stderr.splitlines() != [want]:
            print('FAIL %s: exit %d, standard error %r, expected one line %r' % (name, r.returncode, r.stderr, want))
            failed = True
        else:
            print('ok   %s: refused, one line' % name)
    return failed


def main():
    xxgk, work = sys.argv[1], sys.argv[2]
    names = sys.argv[3:] or list(VARIANTS)
    expected = {k: v for k, v in flat(json.load(open(EXPECTED, encoding='utf-8'))).items()
                }
    rendered = {(p, d): render(p, d, work) for p in PAGES for d in {VARIANTS[n][0] for n in names} | {300}}
    failed = refused(xxgk, work, rendered[(PAGES[-1], 300)]) if not sys.argv[3:] else False
    for name in names:
        path = make(name, rendered, work)
        r = subprocess.run([xxgk, 'parse', '--json', path], capture_output=True, text=True,
                           env=dict(os.environ, OMP_THREAD_LIMIT='1'))
        if r.returncode != 0:
            print('FAIL %s: refused: %s' % (name, r.stderr.strip()))
            failed = True
            continue
        got = json.loads(r.stdout)
        have, cells = flat(got), got.get('cells', {})
        named = ' '.join(w.get('message', '') for w in got.get('warnings', []))
        exact = [k for k, v in expected.items() if have.get(k) == v]
        flagged = [k for k, v in expected.items() if have.get(k) != v and k.startswith('active.') and
                   (cells.get(k, {}).get('kind', 'number') != 'number' or k + '：' in named)]
        wrong = ['%s=%s (document: %s)' % (k, have.get(k), v) for k, v in expected.items()
                 if k not in exact and k not in flagged]
        if wrong or r.stderr:
            print('FAIL %s: %d exact, %d flagged, %d wrong or lost: %s %s' % (
                name, len(exact), len(flagged), len(wrong), '; '.join(wrong[:4]), r.stderr.strip()))
            failed = True
        else:
            print('ok   %s: %d exact, %d flagged of %d' % (name, len(exact), len(flagged), len(expected)))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
