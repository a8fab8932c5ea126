#!/usr/bin/env python3
"""make_scan.py — a PDF or page images made into a scan, for OCR tests and the bench.

  make_scan.py IN.pdf OUT.pdf [--page N --last M] [--dpi 300] [--jpeg Q] [--rotate DEG] [--noise P] [--seed S]
  make_scan.py IN.pdf OUT.png --page N [same options]

Renders IN.pdf with pdftoppm (grey, DPI), degrades each page (rotated DEG
degrees about its centre on white, a fraction P of pixels set to random grey,
JPEG quality Q) and writes an image-only PDF (each page one image at its
size, no text layer; Flate for lossless pages, DCT for JPEG) or one page as
PNG/JPEG. Needs poppler-utils and python3-pil (`bash .ci/setup --tests`).
"""
import argparse
import io
import os
import random
import subprocess
import sys
import tempfile
import zlib

from PIL import Image


def pages(pdf, dpi, first=None, last=None):
    with tempfile.TemporaryDirectory() as d:
        cmd = ['pdftoppm', '-r', str(dpi), '-gray']
        if first:
            cmd += ['-f', str(first), '-l', str(last or first)]
        subprocess.run(cmd + [pdf, os.path.join(d, 'p')], check=True)
        for f in sorted(os.listdir(d), key=lambda n: int(n.rsplit('-', 1)[1].split('.')[0])):
            im = Image.open(os.path.join(d, f))
            im.load()
            yield im.convert('L')


def degrade(im, args, rnd):
    if args.rotate:
        im = im.rotate(args.rotate, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if args.noise:
        px = im.load()
        w, h = im.size
        for _ in range(int(w * h * args.noise)):
            px[rnd.randrange(w), rnd.randrange(h)] = rnd.randrange(256)
    return im


def pdf_of(images, dpi, jpeg):
    """An image-only PDF: one page a picture, nothing else."""
    objs = []
    kids = []
    for im in images:
        w, h = im.size
        if jpeg:
            b = io.BytesIO()
            im.save(b, 'JPEG', quality=jpeg)
            data, filt = b.getvalue(), '/DCTDecode'
        else:
            data, filt = zlib.compress(im.tobytes(), 6), '/FlateDecode'
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        img = len(objs) + 3
        objs.append(b'<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray '
                    b'/BitsPerComponent 8 /Filter %s /Length %d >>\nstream\n' % (w, h, filt.encode(), len(data))
                    + data + b'\nendstream')
        content = b'q %.2f 0 0 %.2f 0 0 cm /Im Do Q' % (pw, ph)
        objs.append(b'<< /Length %d >>\nstream\n' % len(content) + content + b'\nendstream')
        kids.append(len(objs) + 3)
        objs.append(b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R '
                    b'/Resources << /XObject << /Im %d 0 R >> >> >>' % (pw, ph, img + 1, img))
    head = [b'<< /Type /Catalog /Pages 2 0 R >>',
            b'<< /Type /Pages /Kids [%s] /Count %d >>' % (b' '.join(b'%d 0 R' % k for k in kids), len(kids))]
    out = io.BytesIO()
    out.write(b'%PDF-1.4\n')
    offs = []
    for i, o in enumerate(head + objs, 1):
        offs.append(out.tell())
        out.write(b'%d 0 obj\n' % i + o + b'\nendobj\n')
    xref = out.tell()
    out.write(b'xref\n0 %d\n0000000000 65535 f \n' % (len(offs) + 1))
    for o in offs:
        out.write(b'%010d 00000 n \n' % o)
    out.write(b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(offs) + 1, xref))
    return out.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('src')
    ap.add_argument('out')
    ap.add_argument('--dpi', type=int, default=300)
    ap.add_argument('--jpeg', type=int, default=0)
    ap.add_argument('--rotate', type=float, default=0)
    ap.add_argument('--noise', type=float, default=0)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--page', type=int, default=0, help='first page (only it for an image)')
    ap.add_argument('--last', type=int, default=0, help='last page (PDF output)')
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    ims = [degrade(im, args, rnd) for im in pages(args.src, args.dpi, args.page or None, args.last or None)]
    if args.out.endswith('.pdf'):
        with open(args.out, 'wb') as f:
            f.write(pdf_of(ims, args.dpi, args.jpeg))
    else:
        kw = {'quality': args.jpeg} if args.jpeg else {}
        ims[0].save(args.out, dpi=(args.dpi, args.dpi), **kw)


if __name__ == '__main__':
    sys.exit(main())
