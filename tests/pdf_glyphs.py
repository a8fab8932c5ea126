#!/usr/bin/env python3
"""pdf_glyphs.py PDF... — every character a page shows has a glyph and a text meaning.

For each font of a PDF written by xxgk (Type0 / CIDFontType2, Identity-H), reads its
CIDToGIDMap and ToUnicode map; for each page, reads which codes its content streams show
in which font (`/Fn size Tf`, then `<hex> Tj` or `[...] TJ`). Fails (exit 1, one line per
problem) when a code shown maps to glyph 0 (.notdef: nothing drawn), lies past the end of
the map, or has no ToUnicode entry (copied or searched text would lose it), and when an
embedded font has an empty or no 'prep' table (libharu 2.3 then fails to save about one
document in 1,000: src/render/pdf_font.c, font_prep_noop). Prints
"N codes shown in M fonts: all drawn and mapped" otherwise. Needs only the standard
library (the streams are FlateDecode or plain).
"""
import re
import sys
import zlib

OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)


def objects(data):
    out = {}
    for m in OBJ.finditer(data):
        out[int(m.group(1))] = m.group(2)
    return out


def stream(body, objs):
    m = re.search(rb"stream\r?\n", body)
    if not m:
        return None
    head = body[: m.start()]
    length = re.search(rb"/Length (\d+)( 0 R)?", head)
    n = int(length.group(1))
    if length.group(2):
        n = int(objs[n].strip())
    raw = body[m.end(): m.end() + n]
    return zlib.decompress(raw) if b"/FlateDecode" in head else raw


def ref(body, key):
    m = re.search(rb"/" + key + rb"\s+(\d+) 0 R", body)
    return int(m.group(1)) if m else None


def tounicode(text):
    codes = {}
    for sec in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for a, b in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", sec):
            codes[int(a, 16)] = int(b, 16)
    for sec in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for a, b, c in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", sec):
            for k in range(int(a, 16), int(b, 16) + 1):
                codes[k] = int(c, 16) + k - int(a, 16)
    return codes


def prep_length(font):
    """The length of the 'prep' table in a TrueType file's table directory; None when absent."""
    count = int.from_bytes(font[4:6], "big")
    for i in range(count):
        rec = font[12 + 16 * i: 28 + 16 * i]
        if rec[:4] == b"prep":
            return int.from_bytes(rec[12:16], "big")
    return None


def check(path):
    data = open(path, "rb").read()
    objs = objects(data)
    fonts = {}   # object number -> (gid map bytes, tounicode dict, name)
    for num, body in objs.items():
        if b"/Subtype /Type0" not in body:
            continue
        name = re.search(rb"/BaseFont /(\S+)", body).group(1).decode()
        desc = int(re.search(rb"/DescendantFonts \[\s*(\d+) 0 R", body).group(1))
        gmap = stream(objs[ref(objs[desc], b"CIDToGIDMap")], objs)
        tu = tounicode(stream(objs[ref(body, b"ToUnicode")], objs))
        fonts[num] = (gmap, tu, name)
    problems, shown = [], 0
    for num, body in objs.items():
        f2 = ref(body, b"FontFile2") if b"/FontDescriptor" in body else None
        if f2 is not None and not prep_length(stream(objs[f2], objs)):
            problems.append("%s: embedded font %d has an empty or no 'prep' table" % (path, f2))
    for num, body in objs.items():
        if not re.search(rb"/Type /Page\b", body):
            continue
        res = {k.decode(): int(v) for k, v in re.findall(rb"/(F\d+) (\d+) 0 R", body)}
        if not res:   # resources in their own object
            r = ref(body, b"Resources")
            fontdict = objs.get(r, b"") if r else b""
            f = ref(fontdict, b"Font")
            res = {k.decode(): int(v) for k, v in re.findall(rb"/(F\d+) (\d+) 0 R", objs.get(f, fontdict) if f else fontdict)}
        contents = ref(body, b"Contents")
        text = stream(objs[contents], objs)
        font = None
        for tok in re.finditer(rb"/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]*)>", text):
            if tok.group(1):
                font = fonts.get(res.get(tok.group(1).decode()))
                continue
            if font is None:
                continue
            gmap, tu, name = font
            hexs = tok.group(2)
            for i in range(0, len(hexs) - 3, 4):
                code = int(hexs[i:i + 4], 16)
                shown += 1
                if 2 * code + 1 >= len(gmap):
                    problems.append("%s: code %04X past the end of %s's CIDToGIDMap (%d codes)"
                                    % (path, code, name, len(gmap) // 2))
                elif gmap[2 * code] == 0 and gmap[2 * code + 1] == 0:
                    problems.append("%s: code %04X is glyph 0 (.notdef) in %s" % (path, code, name))
                if code not in tu:
                    problems.append("%s: code %04X has no ToUnicode entry in %s" % (path, code, name))
    return problems, shown, len(fonts)


def main():
    bad = 0
    for path in sys.argv[1:]:
        problems, shown, nfonts = check(path)
        for p in sorted(set(problems)):
            print(p)
        if problems or shown == 0:
            bad = 1
            if shown == 0:
                print("%s: no text found" % path)
        else:
            print("%s: %d codes shown in %d fonts: all drawn and mapped" % (path, shown, nfonts))
    sys.exit(bad)


if __name__ == "__main__":
    main()
