#!/usr/bin/env bash
# convert_modes.sh XXGK XXGK_SYNTH FIXTURES GAZETTEER — every converter mode of
# every PDF (issue 11, deliverable 1): the corpus PDFs against their hand-read
# reports and synthetic reports drawn as PDFs in three layout classes against
# the generator's truth, with and without cells printed empty; no cell may
# be wrong (tests/convert_modes.py).
# Needs poppler-utils and python3-reportlab (`bash .ci/setup --tests`).
set -euo pipefail
xxgk=$1 synth=$2 fixtures=$3 gazetteer=$4
here=$(cd "$(dirname "$0")" && pwd)
py=python3
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import reportlab' 2>/dev/null; then py=$p; break; fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/xxgk-modes.XXXXXX")
trap 'rm -rf "$work"' EXIT
# one_report WORK SEED ARGS…: a case of one or a few generated reports with
# many cells printed empty (--bodies 1 --blank-bodies 24), judged by ARGS
# (a later --blank-bodies in ARGS takes the place of 24)
one_report() {
  local name=$1 seed=$2
  shift 2
  "$py" "$here/convert_modes.py" --xxgk "$xxgk" --work "$work/$name" \
    --synth "$synth" --gazetteer "$gazetteer" --bodies 1 --blank-bodies 24 --seed "$seed" "$@"
}
"$py" "$here/convert_modes.py" --xxgk "$xxgk" --work "$work" \
  --synth "$synth" --gazetteer "$gazetteer" --bodies "${XXGK_MODES_BODIES:-8}" \
  --blank-bodies "${XXGK_MODES_BLANK_BODIES:-6}" --seed 3 \
  --min-exact 0.97 \
  --real "$fixtures/pdf/hongze_2023.pdf" "$fixtures/corpus/hongze_2023.layout.expected.json" \
  --real "$fixtures/pdf/huaian_2024.pdf" "$fixtures/corpus/huaian_2024.layout.expected.json"
# Figures of four digits wrapped inside narrow ruled cells ("105" above the
# row's line, "1" below it): the fragments are strays, and the rows beside
# them must not be read as numbers their rules do not prove (issue 11).
one_report wrapped 5 --only 4201_2023_gov --expect-code cells.stray --named
# pdftotext's default mode printing a fragment of （七）总计 at the end of
# （六）3, whose blank cell let it read shifted (… 0 2 138 for … 空 0 2);
# （七）, placed by order with the numbers too many, is unreadable too.
one_report tail 17 --only 530111_2024_gov --expect-code cells.unreadable --named
# Empty cells of tables with no rules between their columns (三线表), and of
# any table read by position (pdftohtml -s and -xml): a row short of cells
# is placed by its figures' boxes under the columns of the rows printed
# whole on its page, so no empty cell is left unread (issue 11, item 9).
one_report boxes 101 --only 341881003_2023_gov --only 130321208_2023_gov --only 130321_2023_wglj --only 341881_2023_gov \
  --exact pdf --exact 'pdftohtml -s -i -noframes' --exact 'pdftohtml -i -xml'
# pdftotext's default mode with table 3's labels running late against its
# figures: the rows from （四） on filled one row late, and （六）2's label,
# broken around the family head's 其他处, named （六）3 by its word 其他 (a
# head's piece names no row since 7f7c97c, rows.c; the rows stay late); its
# seven 0s (its own row sum holds, as any row's does when whole rows shift)
# stood for （六）3's 2 … 2. The values read since the last row kept must
# fill the rows between (stream.c), or the row is unreadable.
one_report late 17 --only 530111_2024_rsj --expect-code cells.unreadable --named
# pdftotext's default mode, a distrusted table 3 whose （三）3 has a cell
# printed empty and runs on into （三）4's figures (its label not printed):
# cut by count it took （三）4's first 0 for its empty cell, and seven 0s
# keep their row sum wherever the cut falls.
one_report zeros 27 --only 421081100_2023_gov --expect-code cells.unreadable --named
# pdftotext's default mode printing table 3's first figures before its first
# label: 一、 placed by order with a number too many, the number dropped
# chosen by the balance while 二、's unprinted cells were inferred from that
# same balance — 0 … 0 and 1 … 1 read for 1 … 1 and 0 … 0 (seeds 28, 36).
one_report first 28 --only 653128101_2023_gov --expect-code cells.unreadable --named
# pdftotext's default mode printing one figure of table 3's last row after the
# column headings that follow it (四、结转下年度继续办理: 108 9 1 1 1 2 122
# printed 108 1 1 1 2 122 and a 4 of another row, the 9 after 「（四）无法
# 提供 …」): the row was read shifted with no warning. A figure left after the
# last row is a stray, and the last row stands only if its rules prove it.
one_report after_table 44 --only 3403_2023_gov --expect-code cells.stray --named
# pdftotext's default mode printing a figure far from its row (二、's total 246
# after （三）6's figures) where that row has a cell printed empty: （三）6 read
# seven figures by count, 23 1 0 0 0 24 246 for 23 1 0 空 0 0 24, with no
# warning. Where a row read short shows the text prints nothing for an empty
# cell, a row's count proves nothing: it stands while its own row sum holds
# (as the table's other rows' do), else it is unreadable.
one_report displaced 6 --blank-bodies 12 --only 6501_2023_gov --expect-code cells.unreadable --named
# The same with five cells printed empty (xxgk-synth --blank-cells): a row of
# 0s with an empty cell took another row's 0 in its place, read as seven 0s
# printed. Its figures are 0 whichever cell was empty; cells.unproven names it.
one_report zero_rows 1 --blank-bodies 12 --blank-cells 5 --only 630105004_2023_gov --expect-code cells.unproven --named
# pdftotext -layout of a narrow ruled table: 一、's total 1238 wrapped in its
# cell ("123" above the row's line, "8" below). The fragment alone on its line
# was told by column (six empty cells, then 123) and read as row 一 by order,
# every row after it one row late, （六）3 kept as （六）2's 2 0 0 0 0 0 2. A
# fragment is counted as the figures printed: a stray.
one_report wrapped_first 9 --blank-bodies 12 --only 4103_2024_gov --expect-code cells.stray --named
# pdftotext's default mode, five cells printed empty: 四、结转's 40 and 288
# printed after the headings that follow the table, another row's 23 among its
# figures (221 2 3 8 14 23 for 221 40 2 3 8 14 288), read short, its total
# inferred by its row sum (271) — the rule that then "proved" the last row
# beside the stray 48. A row sum that gave a cell the row lost proves nothing.
one_report lost_cell 3 --blank-bodies 12 --blank-cells 5 --only 2110_2023_gov --expect-code cells.unreadable --named
# pdftotext's default mode, five cells printed empty: （五）5's figures and the
# next two rows' in one run after its label, cut by count. 1 0 空 0 0 0 1 took
# the next row's 2 in place of its empty cell: 1 0 0 0 0 1 2, whose row sum
# holds too. A whole row by count whose rules hold as well with its last
# figure the next row's and a 0 left empty is unreadable.
one_report shift 4 --blank-cells 5 --only 511724_2024_gov --expect-code cells.unreadable --named
# The same text with table 3 distrusted (its labels far from its figures): a
# row of 0s kept by its row sum had taken another row's 0 for its empty cell;
# cells.unproven names it there too.
one_report zero_kept 6 --blank-cells 5 --only 360803_2023_gaj --expect-code cells.unproven --named
# pdftotext -layout, a narrow cell: （七）'s 1104 wrapped as "110" on the line
# above its row, after （六）3's line 43 6 空 0 5 1 55 — read as its seventh
# figure (43 6 0 5 1 55 110: a row sum holds, 110 being twice 55), and
# （七）'s "4" below as its total. A space-aligned row ends with its line when
# its figures line up under the columns: the number on the next line is a
# fragment (cells.stray).
one_report line_cut 9 --blank-bodies 12 --blank-cells 5 --only 4103_2024_gov --expect-code cells.stray --named
# pdftotext's default mode printing the column heading 总计 among table 3's
# first figures (一、 and 二、 printed one figure each, the rest after 总计):
# 总计 named （七）总计 ahead of every row between, the rows after it placed
# by order, and 四、结转 took （一）予以公开's 2 0 0 0 0 0 2 — its row sum
# holding, as whole rows shifted keep their sums, with the figures left
# after it set aside as strays. A row placed by order beside a stray stands
# only if a rule reaching other rows proves it.
one_report heading_total 67 --only 370117005_2024_gov --expect-code cells.stray --named
# pdftotext's default mode printing （四）1–3's labels together before their 21
# figures: read as （四）3 (1 and 2 not printed) and the rows after it by
# order, two rows late, the last figures left after 四、. The rows read by
# label kept every rule (a lone 1 moved from （六）3 and （七） to 四、 keeps
# the balance), so the order of the figures was never tried: figures left
# after the last row send table 3 to be read by order, or distrusted. Since
# labels printed together before their figures name those rows in order
# (rows.c, issue 11 B), this table reads by its labels, every cell of table 3
# exact: the case now guards that no cell is wrong (it no longer warns
# cells.placed_by_order; the left-over path has no case of its own here).
one_report left_over 70 --bodies 4 --blank-bodies 0 --only 652323101_2023_gov --named
# pdftotext -layout of a narrow ruled table: 一、's 3343 and 4103 wrapped in
# their cells ("334 410" above the row's line, "3 3" below), the fragments
# set aside as strays and the row told by column with those two cells printed
# empty — returned as blank (the document printing nothing) with no warning
# naming them. The rules prove a stray's neighbour's figures, not its cells
# printed empty: those are unreadable, named.
one_report wrapped_blank 58 --bodies 4 --blank-bodies 0 --only 3210_2023_gov --expect-code cells.stray --named
# pdftotext's default mode, five cells empty, most of table 3's labels far
# from its figures: （七）总计 placed by order (its label not printed) as
# seven 0s of a column's run — 1 0 0 0 1 0 2 in the document. A row of 0s
# placed by order in a text that prints nothing for an empty cell is
# anchored at neither end: unreadable.
one_report zeros_by_order 5 --blank-cells 5 --only 130725105_2023_gov --expect-code cells.unreadable --named
# The same mode: （一）予以公开 placed by order took the row before's 0s at
# its start (0 0 1 0 0 0 1 for 1 0 0 0 0 0 1), its row sum holding. A row
# placed by order whose rules hold as well with its first figure the row
# before's and a 0 left empty is unreadable.
one_report first_shift 9 --blank-cells 5 --only 450332100_2024_gov --expect-code cells.unreadable --named
# pdftotext's default mode, five cells empty: table 3's column heading 总计
# read as （七）总计's label, followed by 三、本年度办理结果's mark and
# （一）予以公开 before any figure: （七） taken as printed wholly empty (the
# figures after the mark the next row's by order) and returned blank with no
# warning, its figures printed further on. Where another row's mark follows
# a row's label and the figures stand on lines of their own, the row may be
# printed anywhere: unreadable, named.
one_report blank_apart 6 --blank-cells 5 --only 320904_2024_czj --expect-code cells.unreadable --named
# pdftotext's default mode, every figure followed by an empty line, two
# figures of one block on adjacent lines (the stray "1 0 0"): the text was
# taken for single-spaced, each empty line between figures a cell, and
# （四）3 printed 0 0 0 0 (its figures 0 0 0 0 空 0 0, two printed further
# on) read 0 空 0 空 0 空 0 — a printed 0 where the document prints nothing.
# Rows printed whole, figures two lines apart, show the spacing.
one_report spaced 6 --blank-cells 5 --only 360803001_2024_gov --expect-code cells.stray --named
# pdftotext's default mode, every zero cell and zero row's total printed
# empty (no row printed whole): figures on adjacent lines and figures two
# lines apart, so the empty lines between figures were taken for cells —
# （一）予以公开 read 1 空 1 空 1 空 1 from its own 1 … 1 and （四）1's 1 … 1
# printed beside it. Where the spacing does not tell a cell from a block's
# separator, a row that took an empty line between its figures for a cell is
# unreadable, named.
one_report gap_unsure 1 --blank-cells all --blank-totals --only 630105001_2023_gov --expect-code cells.unreadable --named
# The same: 一、 placed by order read 5 1 6 2 1 3 — its own 5 1 6 (5 空 空 空
# 1 空 6) and （一）'s 2 1 3 — and its total "inferred" 18 by its row sum,
# which holds by construction. Where figures stand apart in blocks and a
# cell prints nothing, a row read short over several lines proves nothing
# unless its figures are all 0: unreadable, named.
one_report short_blocks 1 --blank-cells all --blank-totals --only 510921_2024_rsj --expect-code cells.unreadable --named
# The same with a row whole by count whose row sum fails (（六）3 read
# 2 17 11 1 2 1 7 for 11 空 … 11) and no other row printed whole to show the
# report breaks its row sums: a misprint cannot be told from figures taken
# from other rows — unreadable, named.
one_report sum_unshown 2 --blank-cells all --blank-totals --only 450703_2024_gov --expect-code cells.unreadable --named
# pdftotext's default mode printing table 3's column heading 总计 among its
# first rows' figures (一、 and 二、 column by column, the heading between):
# the bare heading named （七）总计 twenty rows ahead, a lone figure after the
# family head 三、本年度办理结果 was taken by order for （一）, and every row
# after was unread (11 of 200 cells exact). The heading names no row, its
# figures are strays, and （一） named by its label takes its row back.
one_report heading_total 74 --only 441702_2023_gov --mode pdftotext --exact-cells pdftotext 130 --named
# The same, table 4: its figures read with table 3's unsure spacing, the
# empty lines between them taken for cells (行政复议 6 空 4 空 3 for
# 6 4 3 1 14): unreadable, named, as table 3's rows.
one_report t4_gap_unsure 10 --blank-cells all --blank-totals --only 630102_2024_gov --expect-code cells.unreadable --named
# The same, a row wholly empty (（三）1) placed by order and whole by count
# with other rows' figures, 2 9 106 3 46 1 5: its row sum fails, as do other
# rows' read by count — which show nothing, being as suspect. Only a row
# printed whole on one line shows the report breaks its row sums.
one_report sum_by_count 14 --blank-cells all --blank-totals --only 350424_2024_gov --expect-code cells.unreadable --named
# pdftotext's default mode, five cells empty: （二）'s 8 空 0 0 0 0 8 printed
# with （三）1's 0 0 0 after it, read as nine figures too many by two; the
# only placement its rules accept dropped both 8s (0 … 0). In blocks of a
# text that prints nothing for an empty cell, a row with figures too many
# may have cells of its own printed empty: unreadable, named.
one_report extra_blocks 29 --blank-cells 5 --only 340523_2024_gov --expect-code cells.unreadable --named
# pdftotext -raw, every zero cell printed empty with the totals of zero rows:
# （五）1 printed "119 8 1 128" (119 8 空 空 1 空 128) on its label's line, one
# space between figures as -raw prints every row, was placed by columns
# (空 119 8 1 128 空 空: 6 wrong, no warning). A text whose whole rows are
# padded to no column lines nothing up: the row stays short, by its rules.
one_report raw_unpadded 2 --blank-cells all --blank-totals --only 5405_2023_gov --mode 'pdftotext -raw' --named
# pdftotext -layout, every zero cell printed empty with the totals of zero
# rows: （六）2's label wrapped above and below its figures, "1 … 1" alone
# on their line (自然人 1, 总计 1). pdftotext pads in characters but places
# a figure by everything left of it on the page, so the page's one whole
# row (（七）, its 261 three digits wide) put the 1 four characters off its
# column: missing in characters, the figures fitted display cells by chance
# (其他 1, 总计 empty: 2 wrong, no warning). Figures alone on a line stand
# the same in both counts; only the count table 3's labelled rows prove
# places them, else the row stays short, unreadable.
one_report layout_alone 5 --blank-cells all --blank-totals --only 420113_2023_gov --mode 'pdftotext -layout' \
  --expect-code cells.unreadable --named
# pdftotext -layout, every zero cell empty: page 1's whole rows print
# 一、's "1133 102" one space apart, and （三）1 '2 … 2' and （三）2 '4 … 1 … 5'
# stand their 自然人 figure under the 102's first digit; page 2's （七） prints
# "3232 191", and （三）8's 17 of 自然人 stands under the 191's first. The
# columns' spans, measured from the gap, put each in 商业企业 (seed 43: 4
# wrong, seed 41: 2, no warning). pdftotext keeps one space after a piece
# of text however far left its place, so figures pushed up against each
# other mark no boundary: either column's figure may stand over the space
# as far as the other's nearest digit, and a figure there is unsure.
one_report layout_touching 43 --blank-cells all --blank-totals --only 2112_2023_gov --mode 'pdftotext -layout' \
  --expect-code cells.unreadable --named
one_report layout_touching_p2 41 --blank-cells all --blank-totals --only 1525_2023_gov --mode 'pdftotext -layout' --named
# pdftotext -layout, every zero cell empty: a figure narrower or wider than
# its column's others stands a few characters off in characters (pdftotext
# places it by where it starts on the page): seed 68's （三）2 '9 … 1 … 10'
# missed 一、's "311" and "359" by three characters, the count in
# characters was set aside as lining nothing up, and display cells fitted
# it by chance (9 1 空 空 空 10 空: 4 wrong, no warning); seed 73's （三）1 and
# （三）4 did the same, and taught the table to be padded in display cells,
# so （六）1's '9 1 1 11' alone on its line was placed in them (5 wrong). A
# figure off by no more than its width differs refutes no count.
one_report layout_scatter 68 --blank-cells all --blank-totals --only 110114_2024_gov --mode 'pdftotext -layout' --named
one_report layout_scatter_learned 73 --blank-cells all --blank-totals --only 150403_2023_gov --mode 'pdftotext -layout' --named
# pdftotext -layout, every zero cell empty, four-digit figures wrapped in
# their cells: （七）'s 1967 and 2268 print "196 … 226" on the line between
# （六）3's '97 10 2 1 3 113' (one cell empty) and （七）'s own, on a page
# with no whole row to take columns from. Read as （六）3's, eight figures,
# the row sum set 196 aside and kept … 113 | 226 (226 twice 113): 4 wrong
# under only cells.extra. A row padded on its line, short of its cells,
# does not go on past it with more figures than it has cells empty.
one_report layout_fragments 64 --blank-cells all --blank-totals --only 3201_2023_gov --mode 'pdftotext -layout' \
  --expect-code cells.stray --named
# The same PDF read by position (poppler's characters, pdftohtml -s and
# -xml): "196 … 226" stand on a line of their own between （六）3's and
# （七）'s, under the columns of （六）3's 97 and 113, "7 … 8" on the line
# after （七）'s. Taken as （六）3's, eight figures, the row sum set 196 aside
# and kept … 113 | 226: 4 wrong under only cells.extra. A row has one figure
# a column: a figure on a later line under a column its line has filled is
# a fragment, and the row ends with its line; the pieces of a figure
# wrapped in its cell are joined (1967, 2268; 1979 and 2281 of 一、, 1162
# and 1349 of （一）) where the table's rules then hold through each
# (cells.joined), and （六）3, short of its empty 社会公益组织, is placed by
# the columns of the whole rows of page 1 (page 2 prints （七） alone whole).
wrapped=()
for row in other_reasons total_processed; do
  for col in natural_person commercial research social_org legal_service other_org total; do
    wrapped+=(--exact-path "applications.$row.$col")
  done
done
one_report position_fragments 64 --blank-cells all --blank-totals --only 3201_2023_gov --mode pdf \
  --mode 'pdftohtml -s -i -noframes' --mode 'pdftohtml -i -xml' --expect-code cells.joined --named "${wrapped[@]}"
# Joined only where the rules prove it: the same -xml page with the "7"
# under （七）'s "196" printed 5 (1965 breaks its row sum and 自然人's results
# sum and balance) is read as without joining — （七） unreadable, no
# cells.joined.
"$py" - "$work/position_fragments" "$xxgk" <<'PY'
import json, re, subprocess, sys
work, xxgk = sys.argv[1:3]
src = open(work + '/pdf_blank.3201_2023_gov.pdftohtml_i_xml.xml', encoding='utf-8').read()
t, l, w = (int(x) for x in re.search(r'<text top="(\d+)" left="(\d+)" width="(\d+)"[^>]*>196</text>', src).groups())
def five(m):
    below = t < int(m.group(1)) <= t + 30 and l <= int(m.group(2)) <= l + w
    return m.group(0).replace('>7<', '>5<') if below else m.group(0)
out = re.sub(r'<text top="(\d+)" left="(\d+)"[^>]*>7</text>', five, src)
if out == src:
    sys.exit('wrapped_broken: no "7" under "196"')
path = work + '/wrapped_broken.xml'
open(path, 'w', encoding='utf-8').write(out)
r = json.loads(subprocess.run([xxgk, 'parse', '--json', path], capture_output=True, text=True,
                              check=True).stdout.splitlines()[0])
cell = r['applications']['total_processed']['natural_person']
joined = [x for x in r['warnings'] if x['code'] == 'cells.joined']
if cell is not None or joined:
    sys.exit('wrapped_broken: "196" over "5" read %s, %d cells.joined (want null, none)' % (cell, len(joined)))
PY
# pdftohtml -i -noframes of the same PDF prints one figure a line, no places:
# 97 10 2 1 3 113 196 226 between （六）3's label and （七）'s, read the same
# way (4 wrong under only cells.extra). In a table that prints nothing for an
# empty cell, a row with figures too many may have a cell of its own printed
# empty too: 97 10 2 空 1 3 113, 196 and 226 not its own, keeps its row sum
# as well — unreadable, named.
one_report noframes_fragments 64 --blank-cells all --blank-totals --only 3201_2023_gov \
  --mode 'pdftohtml -i -noframes' --expect-code cells.unreadable --named
# pdftotext -layout, every zero cell empty: （五）2 and （五）3 printed wholly
# empty, their labels then （五）4's first line ("4.无正当理由大量反") before
# its figures 2 … 2 alone on their line, "复申请" after. The label named
# （五）3 (出版物) last whole and took the figures: 2 wrong, no warning. Rows
# named in turn from the row due, a mark after the last starting the next
# row's keyword, printed nothing: the figures are the row the mark opens.
one_report cut_chain 15 --blank-cells all --blank-totals --only 410307_2024_gaj --mode 'pdftotext -layout' --named
# pdftotext -layout, every zero cell empty: （三）1 printed wholly empty, then
# （三）2's label wrapped around its figures ("2.其他法律行政法规" / 1 … 1 /
# "禁止公开"). The label's tail after the figures names （三）2 again, and was
# taken for the next row's label naming a row already passed — the match a
# heading's word — so the figures went to （三）1 (2 wrong, no warning). A
# label that goes on after its row's figures names that row, nothing more.
one_report label_goes_on 17 --blank-cells all --blank-totals --only 532531_2023_gov --mode 'pdftotext -layout' --named
# pdftohtml -s (read by position), every zero cell empty: （三）6's figures
# "1 1 2" the first line of figures on page 2, in its top margin, dropped as
# a page number (112), the row read as printed wholly empty: blank, no
# warning, where the document prints 1 … 1 2. A page number is one number.
one_report margin_row 22 --blank-cells all --blank-totals --only 371728_2023_zrzyj --mode 'pdftohtml -s -i -noframes' --named
# A row of 0s printed short of one figure, its empty cell anywhere (pdftotext
# -raw, five cells empty: （三）7 printed "0 0 0 0 0 0" for 空 0 0 0 0 0 0):
# every placement of its 0s gives the same row, and the first was taken, the
# empty cell returned as a printed 0 and the total "not printed" — under a
# row's cells.missing, no warning on that cell. Where placements give the
# same row with a cell printed in one and lost in another, the cell's value
# is settled, not whether it is printed: inferred, named (rows.c).
one_report zeros_short 1 --blank-cells 5 --only 330702009_2023_gov --mode 'pdftotext -raw' --exact 'pdftotext -raw' --expect-code cells.missing --named
# Cells every reading of an ambiguous row gives alike, returned as inferred
# under the row's cells.ambiguous alone: named by cells.inferred (the PDF of
# （三）1 with an empty cell, seed 1).
one_report agreed 1 --blank-cells 5 --only 630105_2024_rsj --mode pdf --expect-code cells.ambiguous --named
# Rows of 0s whole by count (cells.unproven) or settled from figures too many
# (cells.extra) in a text that prints nothing for an empty cell: any of their
# 0s may be the empty cell, returned as a printed 0. Each cell is 0 wherever
# the empty one is: inferred, named.
one_report zeros_extra 1 --blank-cells 5 --only 510921213_2024_gov --only 630105004_2023_gov --mode pdftotext --expect-code cells.extra --expect-code cells.unproven --named
# pdftotext's default mode, five cells empty, table 3 all 0s read by the order
# of its figures (stream.c): 175 0s counted out, three of them table 4's or
# strays, in place of three cells printed empty — returned as printed 0s. The
# count proves nothing of a row of 0s: each cell is 0, inferred, named.
one_report stream_zeros 10 --blank-cells 5 --only 361026105_2023_gov --mode pdftotext --expect-code cells.placed_by_order --named
# pdftotext's default mode, eight cells empty: the labels of （五）3 and （五）4
# printed together before their figures — 0 0 0 0 0 0 0 and 1 0 0 0 0 0 1, run
# on with （五）5's 空 0 0 0 0 0 0 and more before the next label: 25 figures,
# not the 14 of the rows named. Taken as （五）4's first, （五）3 printed
# wholly empty, its seven 0s came back as inferred 0s where the document
# prints 1 … 1; seed 29 the same with （四）1–3's labels, （四）3 reading
# （四）1's 3 1 0 0 0 0 4 as printed, its row sum holding. The figures may be
# the last row named's or the first's: that row is unreadable, named.
one_report named_together 5 --blank-cells 8 --only 130725_2024_gov --mode pdftotext --expect-code cells.unreadable --named
one_report named_together_sum 29 --blank-cells 8 --only 150424_2024_gov --mode pdftotext --expect-code cells.unreadable --named
# pdftotext's default mode, twelve cells empty: （六）3's label printed with
# （七）'s and 四、's before the three rows' 21 figures — their cells' worth,
# read in order — the first of them a 0 of （六）2's printed late: （六）3
# read 0 5 2 1 0 1 9 for 5 2 1 0 空 1 9, its row sum holding. A row whose
# label was printed with others' before their figures, its own cut from
# them by count, is anchored at neither end (as one whose label is lost):
# one that keeps its rules with its first figure the row before's and a 0
# left empty is unreadable, as one with its last figure the next row's.
one_report first_late 12 --blank-cells 12 --only 510722_2024_gov --mode pdftotext --expect-code cells.unreadable --named
# pdftotext's default mode, twelve cells empty: 一、's figures but its first
# printed after 二、's label (seed 63: 一、 read 0, then 0 1 0 0 0 0 1 …
# with the next rows' labels printed after their figures), or 一、 short of
# two figures printed elsewhere and 二、's own 总计 too (seed 54): 二、, cut
# by count from the run after its label, read 0 1 0 0 0 0 1 for
# 0 空 0 0 0 0 0 (seed 54: 0 0 0 0 0 1 1), its row sum holding. A row cut
# so after rows read short of their cells is no more proven by its sum
# than one of 0s: unreadable, named.
one_report late_after_short 63 --blank-cells 12 --only 652801207_2024_gov --mode pdftotext --expect-code cells.unreadable --named
one_report short_before_cut 54 --blank-cells 12 --only 440511018_2023_gov --mode pdftotext --expect-code cells.unreadable --named
# pdftotext's default mode, twelve cells empty: （六）2's 总计 0 printed among
# 四、's figures, after its 法律服务 0, where 四、's empty 其他 would stand:
# 1 0 0 0 0 空 1 read 1 0 0 0 0 0 1, its count whole, its values and rules
# kept — its empty 其他 a printed 0 (seed 55; seed 73 the same). Any of such
# a row's 0s may be the cell printed empty: each is an inferred 0, named.
one_report zero_in_blank 55 --blank-cells 12 --only 632726_2024_lyj --mode pdftotext --expect-code cells.inferred --named
one_report zero_in_blank_73 73 --blank-cells 12 --only 150403_2023_sfj --mode pdftotext --expect-code cells.inferred --named
# pdftotext's default mode, twelve cells empty: the header word 其他 (of
# 法人或其他组织) read as （六）3's label, the rows before it not printed,
# seven of a run of 36 0s after it taken as （六）3's, printed 0 0 0 空 0 0 0;
# no row read short, so nothing showed the text drops empty cells, but
# figures were set aside as standing in no row: its 0s are unproven too.
one_report zeros_strays 77 --blank-cells 12 --only 140224208_2023_gov --mode pdftotext --expect-code cells.unproven --named
# pdftotext's default mode: （三）6 (0 1 0 0 0 0 1) at the foot of page 1, its
# 商业企业 1 printed after its 总计 and the page's footer "-1-": read
# 0 0 0 0 0 1 1, seven figures, its row sum holding, 商业企业 and 其他 wrong.
# A figure after the footer may stand anywhere in the row: where moving it
# keeps the row's rules, the row is unreadable (seed 87; seed 83 the same).
one_report page_split 87 --blank-cells 8 --only 130928_2024_nyncj --mode pdftotext --expect-code cells.unreadable --named
one_report page_split_83 83 --blank-cells 12 --only 340422_2023_gaj --mode pdftotext --expect-code cells.unreadable --named
# pdftotext's default mode, eight cells empty: table 3's column heading 其他
# (法人或其他组织's last column) on a line of its own after 商业企业 …
# 法律服务机构, then a run of 一、's and 二、's figures and the heading 总计:
# the headings named （六）3.其他 twenty rows ahead, every row before it
# "not printed", （六）3's own 1 0 0 0 0 0 1 given as inferred 0s (2 cells
# wrong, 23 of 200 exact). Labels made of column headings alone, 其他 last,
# name no row: their figures stand in no row (seed 108). Where rows whose
# labels are printed together follow such figures, their run cut by count
# proves nothing: 二、 to （三）6's labels, then 63 figures, their cells'
# worth — 二、 read （一）'s 6 0 0 0 0 0 6, each row one late, each row sum
# holding, no warning (seed 57, with the headings taken as such alone):
# every row of the run must prove itself by a rule reaching other rows.
one_report other_heading 108 --blank-cells 8 --only 140930_2023_cgj --mode pdftotext --named --exact-cells pdftotext 140
one_report other_heading_together 57 --blank-cells 12 --only 632323_2023_tjj --mode pdftotext --named --exact-cells pdftotext 60
# The same heading 其他 after the table's title, the note on its 勾稽 (自然
# printed inside it, 人 after it) and the other columns' headings: its run
# read as 一、's by order, the heading 总计 then as （七）, the rows between
# "not printed" — 33 of 200 cells exact, all the rows read unreadable
# (seed 90). It names no row either.
one_report other_heading_note 90 --blank-cells 8 --only 441704_2023_zrzyj --mode pdftotext --named --exact-cells pdftotext 100
# pdftotext's default mode, one figure a line: 四、结转下年度 (124 12 2 0 6 12
# 156) printed 124 2 0 6 12 12 156, its 商业企业 12 after its 其他, the row
# sum holding: read by count, 3 cells wrong with no warning. 二、上年结转,
# its 总计 printed elsewhere, was read in part (122 14 0 4 9 15, unreadable),
# so no column balance was complete; its figures in their order still refute
# the row's reading, and one figure of the row moved mends every column:
# the row is unreadable, named (test_columns t3_default_moved_figure).
one_report moved_figure 113 --blank-cells 8 --only 2301_2023_gov --mode pdftotext --expect-code cells.unreadable --named
# pdftotext's default mode, table 4 all 0s: its headings among its figures,
# and one group printed after 五、 and 六、 and the page's footer (pdftotext
# prints the page's text blocks before the cells right of them): nine 0s
# before 五、, "总计 0 结果维持 … 0 0 0 0" at the end of the text — the table
# unreadable (15 of 200 cells lost). Every cell is 0 or empty whatever the
# order; with at most one figure lacking, a cell not 0 would need another in
# its group, and an empty cell is settled 0 by its group's sum: all 0, the
# lacking one's kind unknown (cells.inferred, 370321105_2024_gov).
one_report t4_zeros_at_end 81 --blank-cells 8 --only 370321002_2024_gov --only 370321105_2024_gov --mode pdftotext \
  --named --expect-code cells.inferred --exact-cells pdftotext 290
# The same mode, table 4 not 0: 行政复议's 24 6 7 3 40 and 6 2 3 before 五、,
# the rest — 2 13 2 1 1 0 4 — after 六、 and the footer, at the text's end:
# eight figures read, the table unreadable (4417_2024_gov, seed 90). Where the
# figures at the end make the table whole, no heading among a group's
# figures, and every group's sum holds, they follow those before 五、, the
# cells named (cells.placed_by_order).
one_report t4_tail 90 --blank-cells 8 --only 4417_2024_gov --mode pdftotext --named \
  --expect-code cells.placed_by_order --exact-cells pdftotext 138
