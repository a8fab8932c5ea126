#!/usr/bin/env python3
"""Seeds for fuzz_pages (tests/fuzz/fuzz_pages.c): a piece of a scanned table
(fixtures/scan/huaian_2024_table4.png) in the image variants scanners write —
PNG grey, 16-bit, palette, with alpha; JPEG baseline, progressive, CMYK; TIFF
of one and two pages, uncompressed, PackBits, LZW, Deflate, group 4, JPEG,
1/8/16 bits, palette, RGBA, CMYK, an orientation tag, 200 dpi — and folders
of pages. A seed is files separated by "\\n--\\n", each its name, a newline,
its bytes. Run: /usr/bin/python3 tests/fuzz/make_seeds_pages.py tests/fuzz/seeds_pages tests/fuzz/seeds_image
"""
import io
import os
import sys

from PIL import Image, TiffImagePlugin

here = os.path.dirname(os.path.abspath(__file__))
src = Image.open(os.path.join(here, "..", "..", "fixtures", "scan", "huaian_2024_table4.png")).convert("L")
piece = src.crop((90, 860, 346, 960))   # 72, 64, 178 and the grid around them


def enc(img, fmt, **kw):
    b = io.BytesIO()
    img.save(b, fmt, **kw)
    return b.getvalue()


def tiff(img, pages=1, **kw):
    b = io.BytesIO()
    if pages > 1:
        img.save(b, "TIFF", save_all=True, append_images=[img.rotate(180)] * (pages - 1), **kw)
    else:
        img.save(b, "TIFF", **kw)
    return b.getvalue()


rgba = piece.convert("RGBA")
rgba.putalpha(piece.point(lambda v: 255 - v))   # ink opaque, paper transparent (and black)
files = {
    "grey.png": enc(piece, "PNG", dpi=(300, 300)),
    "deep.png": enc(piece.point(lambda v: v * 257, "I"), "PNG"),
    "palette.png": enc(piece.convert("P"), "PNG"),
    "alpha.png": enc(rgba, "PNG"),
    "base.jpg": enc(piece, "JPEG", quality=60, dpi=(200, 200)),
    "progressive.jpg": enc(piece.convert("RGB"), "JPEG", progressive=True),
    "cmyk.jpg": enc(piece.convert("CMYK"), "JPEG"),
    "raw.tif": tiff(piece.convert("1"), 2),
    "packbits.tif": tiff(piece.convert("1"), 2, compression="packbits"),
    "g4.tif": tiff(piece.convert("1"), 2, compression="group4", dpi=(200, 200)),
    "lzw.tif": tiff(piece, 2, compression="tiff_lzw"),
    "deflate.tif": tiff(piece, compression="tiff_adobe_deflate"),
    "jpeg.tif": tiff(piece.convert("RGB"), compression="jpeg"),
    "deep.tif": tiff(piece.point(lambda v: v * 257, "I").convert("I;16"), compression="tiff_adobe_deflate"),
    "palette.tif": tiff(piece.convert("P"), compression="packbits"),
    "rgba.tif": tiff(rgba, compression="tiff_lzw"),
    "cmyk.tif": tiff(piece.convert("CMYK"), compression="tiff_lzw"),
    "turned.tif": tiff(piece.transpose(Image.Transpose.ROTATE_90), tiffinfo={274: 6}, compression="tiff_lzw"),
}
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, data in files.items():
    with open(os.path.join(out, name + ".seed"), "wb") as f:
        f.write(name.encode() + b"\n" + data)
folders = {
    "folder_mixed": ["grey.png", "base.jpg", "lzw.tif"],
    "folder_numbers": ["g4.tif", "packbits.tif", "alpha.png"],
}
for seed, members in folders.items():
    names = ["page-2.png", "page-10.jpg", "page-1.tif"] if seed == "folder_mixed" else ["002.tif", "1.tiff", "10.PNG"]
    with open(os.path.join(out, seed + ".seed"), "wb") as f:
        f.write(b"\n--\n".join(n.encode() + b"\n" + files[m] for n, m in zip(names, members)))
# fuzz_image's form (a first byte with its low bit clear, then the file) for the TIFF variants: they go
# through the whole OCR there
if len(sys.argv) > 2:
    for name in ("packbits.tif", "g4.tif", "rgba.tif", "cmyk.tif", "deep.tif", "turned.tif", "jpeg.tif"):
        with open(os.path.join(sys.argv[2], name + ".seed"), "wb") as f:
            f.write(b"\0" + files[name])
