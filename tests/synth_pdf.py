#!/usr/bin/env python3
"""synth_pdf.py TRUTH.json... -o DIR [--seed S] [--class ruled|narrow|threeline]

Draws each synthetic report (a <stem>.truth.json written by `xxgk-synth
--truth`) as a PDF with reportlab, in one of the layout classes real reports
come in, so that the PDF reader and every converter mode are tested on
layouts nobody tuned on:

  ruled      a full grid; table 3's labels in three columns with merged cells
             (三、本年度办理结果 set vertically over the result rows, each group
             head over its items), as WPS and Word print the template;
  narrow     a full grid with one narrow label column: labels wrap over two or
             three lines, small type;
  threeline  a 三线表: no vertical rules, horizontal rules only at the top,
             under the headings and at the bottom; one label column.

The class, the type size, the widths of the figure columns and where a page
breaks are drawn from the seed and the report's own hash, so each report has
its own geometry; a table may break across pages anywhere (a merged label
then continues on the next page, its text printed once). The figures are the
truth's; nothing else is read from it. A truth may also be a hand-read
fixture (fixtures/corpus/*.expected.json: the same fields). --class K draws
every report in class K. Writes DIR/<stem>.pdf and prints one line per file:
"<stem>.pdf <class>".
"""
import argparse
import hashlib
import json
import os
import random
import sys

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_FILES = ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
              '/usr/share/fonts/truetype/arphic/uming.ttc']

T3_ROWS = [
    ('new_received', None, None, '一、本年新收政府信息公开申请数量'),
    ('carried_over', None, None, '二、上年结转政府信息公开申请数量'),
    ('granted', '三、本年度办理结果', None, '（一）予以公开'),
    ('partially_granted', '三、本年度办理结果', None, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'),
    ('denied_state_secret', '三、本年度办理结果', '（三）不予公开', '1.属于国家秘密'),
    ('denied_prohibited_by_law', '三、本年度办理结果', '（三）不予公开', '2.其他法律行政法规禁止公开'),
    ('denied_three_safeties', '三、本年度办理结果', '（三）不予公开', '3.危及“三安全一稳定”'),
    ('denied_third_party', '三、本年度办理结果', '（三）不予公开', '4.保护第三方合法权益'),
    ('denied_internal_affairs', '三、本年度办理结果', '（三）不予公开', '5.属于三类内部事务信息'),
    ('denied_process_info', '三、本年度办理结果', '（三）不予公开', '6.属于四类过程性信息'),
    ('denied_enforcement_files', '三、本年度办理结果', '（三）不予公开', '7.属于行政执法案卷'),
    ('denied_admin_query', '三、本年度办理结果', '（三）不予公开', '8.属于行政查询事项'),
    ('unable_no_info', '三、本年度办理结果', '（四）无法提供', '1.本机关不掌握相关政府信息'),
    ('unable_needs_creation', '三、本年度办理结果', '（四）无法提供', '2.没有现成信息需要另行制作'),
    ('unable_unclear', '三、本年度办理结果', '（四）无法提供', '3.补正后申请内容仍不明确'),
    ('not_processed_complaint', '三、本年度办理结果', '（五）不予处理', '1.信访举报投诉类申请'),
    ('not_processed_duplicate', '三、本年度办理结果', '（五）不予处理', '2.重复申请'),
    ('not_processed_publication', '三、本年度办理结果', '（五）不予处理', '3.要求提供公开出版物'),
    ('not_processed_excessive', '三、本年度办理结果', '（五）不予处理', '4.无正当理由大量反复申请'),
    ('not_processed_confirm', '三、本年度办理结果', '（五）不予处理', '5.要求行政机关确认或重新出具已获取信息'),
    ('other_overdue_correction', '三、本年度办理结果', '（六）其他处理',
     '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
    ('other_overdue_fee', '三、本年度办理结果', '（六）其他处理',
     '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
    ('other_reasons', '三、本年度办理结果', '（六）其他处理', '3.其他'),
    ('total_processed', '三、本年度办理结果', None, '（七）总计'),
    ('carried_forward', None, None, '四、结转下年度继续办理'),
]
T3_COLS = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total']
T4_GROUPS = ['review', 'litigation_direct', 'litigation_after_review']
T4_COLS = ['upheld', 'corrected', 'other', 'pending', 'total']


def fmt(v):
    if v is None:
        return ''
    if float(v) == int(v):
        return str(int(v))
    return ('%.6f' % v).rstrip('0').rstrip('.')


class Doc:
    """A canvas with a cursor running down the page, new pages as needed."""

    def __init__(self, path, font, size):
        self.c = canvas.Canvas(path, pagesize=A4, invariant=1)
        self.font, self.size = font, size
        self.w, self.h = A4
        self.left, self.right, self.top, self.bottom = 56, self.w - 56, 60, 70
        self.page = 1
        self.y = self.top

    def width(self, text, size=None):
        return pdfmetrics.stringWidth(text, self.font, size or self.size)

    def footer(self):
        self.c.setFont(self.font, 10)
        self.c.drawCentredString(self.w / 2, 36, '-%d-' % self.page)

    def new_page(self):
        self.footer()
        self.c.showPage()
        self.page += 1
        self.y = self.top

    def text(self, x, y, s, size=None):
        self.c.setFont(self.font, size or self.size)
        self.c.drawString(x, self.h - y - (size or self.size), s)

    def wrap(self, s, width, size=None):
        lines, cur = [], ''
        for ch in s:
            if cur and self.width(cur + ch, size) > width:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        if cur:
            lines.append(cur)
        return lines or ['']

    def para(self, s, indent=True):
        first = '\u3000\u3000' + s if indent else s
        for line in self.wrap(first, self.right - self.left):
            if self.y + self.size * 1.6 > self.h - self.bottom:
                self.new_page()
            self.text(self.left, self.y, line)
            self.y += self.size * 1.6

    def line(self, x0, y0, x1, y1):
        self.c.line(x0, self.h - y0, x1, self.h - y1)

    def finish(self):
        self.footer()
        self.c.save()


def render_table(d, cols, rows, ruled):
    """Draws a table row by row with page breaks; merged cells split at breaks."""
    pad = 2.5
    lead = d.size * 1.25
    xs = [d.left]
    for w in cols:
        xs.append(xs[-1] + w)
    heights = []
    for row in rows:
        h = lead + 2 * pad
        for (c0, cs, rs, text, vert) in row:
            if rs != 1:
                continue
            w = xs[c0 + cs] - xs[c0] - 2 * pad
            n = len(text) if vert else len(d.wrap(text, w))
            h = max(h, n * lead + 2 * pad)
        heights.append(h)
    # page of each row, decided before drawing
    place, page, y = [], 0, d.y
    for h in heights:
        if y + h > d.h - d.bottom:
            page += 1
            y = d.top
        place.append((page, y, y + h))
        y += h
    cells = []
    for r, row in enumerate(rows):
        for cell in row:
            cells.append((r,) + cell)
    first_page = True
    for pg in range(page + 1):
        if not first_page:
            d.new_page()
        first_page = False
        rows_here = [r for r in range(len(rows)) if place[r][0] == pg]
        if not rows_here:
            continue
        y_top = place[rows_here[0]][1]
        y_bot = place[rows_here[-1]][2]
        for (r, c0, cs, rs, text, vert) in cells:
            span = [k for k in range(r, r + rs) if place[k][0] == pg]
            if not span:
                continue
            x0, x1 = xs[c0], xs[c0 + cs]
            y0, y1 = place[span[0]][1], place[span[-1]][2]
            if ruled:
                d.line(x0, y0, x1, y0)
                d.line(x0, y1, x1, y1)
                d.line(x0, y0, x0, y1)
                d.line(x1, y0, x1, y1)
            # the text once, in the first part of a merged cell
            if place[r][0] != pg:
                continue
            w = x1 - x0 - 2 * pad
            lines = list(text) if vert else d.wrap(text, w)
            # the text stands in the cell's part on this page
            block = len(lines) * lead
            ty = y0 + max(pad, ((y1 - y0) - block) / 2)
            for k, ln in enumerate(lines):
                lw = d.width(ln)
                if vert or not ln.isascii():
                    tx = x0 + pad if not vert else x0 + (x1 - x0 - lw) / 2
                else:
                    tx = x1 - pad - lw if ruled else x0 + (x1 - x0 - lw) / 2
                d.text(tx, ty + k * lead, ln)
        if not ruled:
            d.line(xs[0], y_top, xs[-1], y_top)
            d.line(xs[0], y_bot, xs[-1], y_bot)
    d.y = place[-1][2] + d.size


def t3_rows(truth, kind):
    """Table 3 as rows of cells, for layout class `kind`."""
    apps = truth['applications']
    heads = [
        [(0, 1 if kind != 'ruled' else 3, 3, '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', False),
         (1 if kind != 'ruled' else 3, 7, 1, '申请人情况', False)],
        [(1 if kind != 'ruled' else 3, 1, 2, '自然人', False), (2 if kind != 'ruled' else 4, 5, 1, '法人或其他组织', False),
         (7 if kind != 'ruled' else 9, 1, 2, '总计', False)],
        [((2 if kind != 'ruled' else 4) + k, 1, 1, t, False)
         for k, t in enumerate(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'])],
    ]
    rows = [list(h) for h in heads]
    base = len(rows)
    keys = [k for k, _, _, _ in T3_ROWS]
    body = []
    for i, (key, group, sub, label) in enumerate(T3_ROWS):
        vals = [fmt(apps[key][c]) for c in T3_COLS]
        if kind == 'ruled':
            cells = []
            if group is None:
                cells.append((0, 3, 1, label, False))
            else:
                if i == keys.index('granted'):
                    n = keys.index('total_processed') - i + 1
                    cells.append((0, 1, n, group, True))
                if sub is None:
                    cells.append((1, 2, 1, label, False))
                else:
                    members = [j for j, r in enumerate(T3_ROWS) if r[2] == sub]
                    if i == members[0]:
                        cells.append((1, 1, len(members), sub, False))
                    cells.append((2, 1, 1, label, False))
            cells += [(3 + k, 1, 1, v, False) for k, v in enumerate(vals)]
        else:
            text = label
            if key == 'granted':
                body.append([(0, 1, 1, group, False)])   # 三、本年度办理结果 on its own row
            if sub is not None and T3_ROWS[[j for j, r in enumerate(T3_ROWS) if r[2] == sub][0]][0] == key:
                body.append([(0, 1, 1, sub, False)])   # the group head on its own row
            cells = [(0, 1, 1, text, False)] + [(1 + k, 1, 1, v, False) for k, v in enumerate(vals)]
        body.append(cells)
    return rows + body


CLASSES = ['ruled', 'narrow', 'threeline']


def draw_report(truth, path, rng, kind=None):
    font = 'synth'
    drawn = rng.choice(CLASSES)   # drawn even when forced: the rest of the geometry stays the seed's
    kind = kind or drawn
    size = rng.choice([9, 10, 10.5, 12]) if kind != 'narrow' else rng.choice([8, 9])
    d = Doc(path, font, size)
    name = truth['agency']['name']
    year = truth['year']
    title = '%s%d年政府信息公开工作年度报告' % (name, year)
    for line in d.wrap(title, d.right - d.left, 16):
        d.text(d.left + max(0, (d.right - d.left - d.width(line, 16)) / 2), d.y, line, 16)
        d.y += 26
    d.y += 6
    d.para('本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求编制，'
           '报告所列数据的统计期限自%d年1月1日至%d年12月31日。' % (year, year))
    d.para('一、总体情况', indent=False)
    d.para('%d年，本机关扎实推进政府信息公开各项工作，圆满完成了年度任务。' % year)
    d.para('二、主动公开政府信息情况', indent=False)
    a = truth['active']
    full = d.right - d.left
    c2 = [full * 0.4, full * 0.2, full * 0.2, full * 0.2]
    ruled = kind != 'threeline'
    t2 = [
        [(0, 4, 1, '第二十条第（一）项', False)],
        [(0, 1, 1, '信息内容', False), (1, 1, 1, '本年制发件数', False), (2, 1, 1, '本年废止件数', False),
         (3, 1, 1, '现行有效件数', False)],
        [(0, 1, 1, '规章', False)] + [(1 + k, 1, 1, fmt(a['regulations'][c]), False)
                                     for k, c in enumerate(['issued', 'repealed', 'valid'])],
        [(0, 1, 1, '行政规范性文件', False)] + [(1 + k, 1, 1, fmt(a['normative_documents'][c]), False)
                                         for k, c in enumerate(['issued', 'repealed', 'valid'])],
        [(0, 4, 1, '第二十条第（五）项', False)],
        [(0, 1, 1, '信息内容', False), (1, 3, 1, '本年处理决定数量', False)],
        [(0, 1, 1, '行政许可', False), (1, 3, 1, fmt(a['licensing']['decisions']), False)],
        [(0, 4, 1, '第二十条第（六）项', False)],
        [(0, 1, 1, '信息内容', False), (1, 3, 1, '本年处理决定数量', False)],
        [(0, 1, 1, '行政处罚', False), (1, 3, 1, fmt(a['penalty']['decisions']), False)],
        [(0, 1, 1, '行政强制', False), (1, 3, 1, fmt(a['coercion']['decisions']), False)],
        [(0, 4, 1, '第二十条第（八）项', False)],
        [(0, 1, 1, '信息内容', False), (1, 3, 1, '本年收费金额（单位：万元）', False)],
        [(0, 1, 1, '行政事业性收费', False), (1, 3, 1, fmt(a['fees']['amount']), False)],
    ]
    render_table(d, c2, t2, ruled)
    d.para('三、收到和处理政府信息公开申请情况', indent=False)
    num_w = rng.uniform(0.062, 0.075) * full
    if kind == 'ruled':
        c3 = [full * 0.05, full * 0.09] + [0] + [num_w] * 7
        c3[2] = full - sum(c3)
    else:
        label_w = full - 7 * num_w if kind == 'threeline' else rng.uniform(0.16, 0.22) * full
        c3 = [label_w] + [(full - label_w) / 7] * 7
    render_table(d, c3, t3_rows(truth, kind), ruled)
    d.para('四、政府信息公开行政复议、行政诉讼情况', indent=False)
    rv = truth['reviews']
    c4 = [full / 15] * 15
    heads = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']
    t4 = [
        [(0, 5, 2, '行政复议', False), (5, 10, 1, '行政诉讼', False)],
        [(5, 5, 1, '未经复议直接起诉', False), (10, 5, 1, '复议后起诉', False)],
        [(k, 1, 1, heads[k % 5], False) for k in range(15)],
        [(g * 5 + k, 1, 1, fmt(rv[T4_GROUPS[g]][T4_COLS[k]]), False) for g in range(3) for k in range(5)],
    ]
    render_table(d, c4, t4, ruled)
    d.para('五、存在的主要问题及改进情况', indent=False)
    d.para('政策解读的质量仍需提升，下一步将加强培训，提高工作水平。')
    d.para('六、其他需要报告的事项', indent=False)
    d.para('本年度未收取信息处理费。')
    d.finish()
    return kind


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('truth', nargs='+')
    ap.add_argument('-o', '--out', required=True)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--class', dest='kind', choices=CLASSES,
                    help='draw every report in this class (default: drawn from the seed)')
    args = ap.parse_args()
    font = next((f for f in FONT_FILES if os.path.exists(f)), None)
    if not font:
        sys.exit('synth_pdf.py: no CJK font (fonts-wqy-zenhei)')
    pdfmetrics.registerFont(TTFont('synth', font, subfontIndex=0))
    os.makedirs(args.out, exist_ok=True)
    for path in args.truth:
        truth = json.load(open(path, encoding='utf-8'))
        if truth.get('template') not in (None, '2021'):
            continue
        stem = os.path.basename(path)
        for suffix in ('.truth.json', '.expected.json', '.json'):
            if stem.endswith(suffix):
                stem = stem[:-len(suffix)]
                break
        h = int(hashlib.sha256(stem.encode()).hexdigest()[:8], 16)
        rng = random.Random(args.seed * 1000003 + h)
        kind = draw_report(truth, os.path.join(args.out, stem + '.pdf'), rng, args.kind)
        print('%s.pdf %s' % (stem, kind))


if __name__ == '__main__':
    main()
