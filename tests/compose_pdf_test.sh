#!/usr/bin/env bash
# compose_pdf_test.sh XXGK SYNTH FIXTURES GAZETTEER — the documents as a reader gets them:
# the README main job's 通报 (淮安市 2024 on the shipped fixtures: no subordinate report),
# a 36-body synthetic county (late, 缺报, errors, copying, outliers) and the outliers brief
# of the whole synthetic store, each read back with pdftotext (and, for what text cannot
# show, the layout JSON written beside the PDF). Every property the composition issue
# lists is asserted on them. Ends with "N passed, N failed".
set -u
xxgk=$1
synth=$2
fixtures=$3
gazetteer=$4
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# ---- the databases
fdb="$tmp/f.db"
"$xxgk" load --db "$fdb" "$fixtures/seeds" "$fixtures/corpus" > /dev/null 2>&1
"$xxgk" check --db "$fdb" > /dev/null 2>&1
sdb="$tmp/s.db"
"$synth" --out "$tmp/syn" --bodies 400 --years 2023-2024 --seed 11 --outlier-rate 0.1 --error-rate 0.1 \
  --gazetteer "$gazetteer" > /dev/null
"$xxgk" load --quiet --db "$sdb" --manifest "$tmp/syn/manifest.csv" "$tmp/syn" > /dev/null 2>&1
county=$(python3 "$here/synth_county.py" "$sdb" 2024 36 2)
"$xxgk" check --db "$sdb" > /dev/null 2>&1
n36=$(sqlite3 "$sdb" "SELECT count(*) FROM reports WHERE year=2024 AND chosen=1 AND region_code LIKE '$county%'")
check "the synthetic county has 34 reports and 2 缺报 ($n36)" '[ "$n36" -eq 34 ]'

# ---- the documents
"$xxgk" report county --db "$fdb" --region 3208 --year 2024 --deterministic -o "$tmp/huaian.pdf" \
  --layout-json "$tmp/huaian.json" 2> "$tmp/err" || bad "README main job's report: $(cat "$tmp/err")"
"$xxgk" report county --db "$sdb" --region "$county" --year 2024 --deterministic --issuer 某区人民政府办公室 \
  --doc-number "某政公开办〔2025〕3号" --to "各街道办事处，区政府各部门" -o "$tmp/c36.pdf" \
  --layout-json "$tmp/c36.json" 2> "$tmp/err" || bad "36-body county: $(cat "$tmp/err")"
"$xxgk" report outliers --db "$sdb" --year 2024 --deterministic -o "$tmp/brief.pdf" \
  --layout-json "$tmp/brief.json" 2> "$tmp/err" || bad "outliers brief: $(cat "$tmp/err")"
sha=$(sqlite3 "$sdb" "SELECT sha256 FROM reports WHERE year=2024 AND chosen=1 AND region_code LIKE '$county%'
                      AND level='town' ORDER BY agency_name LIMIT 1")
"$xxgk" report agency --db "$sdb" --report "$sha" --deterministic -o "$tmp/agency.pdf" \
  --layout-json "$tmp/agency.json" 2> "$tmp/err" || bad "agency review: $(cat "$tmp/err")"

for d in huaian c36 brief agency; do
  pdf="$tmp/$d.pdf"
  pdftotext "$pdf" - | tr -d '\f' > "$tmp/$d.txt"
  pdftotext -layout "$pdf" "$tmp/$d.layout.txt"
  # the body text: before the first annex ("附件1" or "附件" alone on its line at a page top)
  awk '/^附件[0-9]*$/ {exit} {print}' "$tmp/$d.txt" > "$tmp/$d.body.txt"
  check "$d: at most 400 KB" '[ "$(stat -c %s "$pdf")" -le 409600 ]'
  check "$d: no rule id, file name, path or hash anywhere" \
    '! grep -Eq "[a-z][a-z0-9]*\.[a-z_]+[a-z]|\.(txt|html|md|pdf|json|csv)\b|docs/|src/|[0-9a-f]{16}|xxgk" "$tmp/$d.txt"'
  check "$d: no statistic in the body text (it is in the annex)" \
    '! grep -Eq "负二项|条件二项|贝塔二项|z = |p = |q = |Benjamini|判定界限|稳健z|Hidiroglou" "$tmp/$d.body.txt"'
  check "$d: thousands separated, in text and tables alike (no 4-digit count but years)" \
    '! grep -Po "(?<![0-9,.〔])[0-9]{4,}(?![0-9,])" "$tmp/$d.txt" | grep -Evq "^(19|20)[0-9]{2}$"'
  check "$d: no count with a fraction of 50 or more before 件 (a half median is said 约N件)" \
    '! grep -Eq "([0-9]{1,3}(,[0-9]{3})+|[5-9][0-9]|[1-9][0-9]{2})\.[0-9]+件" "$tmp/$d.body.txt"'
  check "$d: one form for no change" '! grep -Eq "基本持平|增加0\.0%|减少0\.0%|提高0\.0个|降低0\.0个" "$tmp/$d.txt"'
  check "$d: ranges with a dash, not a hyphen" '! grep -Eq "[0-9]%?-[0-9]" "$tmp/$d.txt"'
  check "$d: digits in a proportional serif" 'pdffonts "$pdf" | grep -q LiberationSerif'
  check "$d: every character shown has a glyph and a ToUnicode entry" 'python3 "$here/pdf_glyphs.py" "$pdf" > /dev/null'
  python3 "$here/pdf_pages.py" "$pdf" > "$tmp/$d.pages"
  check "$d: no page less than half full but the last and one before an annex $(grep FAIL "$tmp/$d.pages")" \
    '! grep -q FAIL "$tmp/$d.pages" && grep -q "^page 1:" "$tmp/$d.pages"'
  title=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["title"])' "$tmp/$d.json")
  check "$d: Title and Subject in the PDF's information" \
    'pdfinfo "$pdf" | grep -q "^Title: *$title$" && pdfinfo "$pdf" | grep -Eq "^Subject: *.+"'
  # a page's last line of text is never a heading (一、… （一）… 附件N)
  python3 - "$tmp/$d.layout.txt" > "$tmp/orphans" <<'EOF'
import re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
for n, page in enumerate(pages, 1):
    lines = [l.strip() for l in page.splitlines() if l.strip() and not re.fullmatch(r"— *\d+ *—", l.strip())]
    if lines and re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\S{1,30}$", lines[-1]):
        print("page %d ends with the heading %s" % (n, lines[-1]))
EOF
  check "$d: no heading alone at a page foot $(cat "$tmp/orphans")" '[ ! -s "$tmp/orphans" ]'
  # a figure in a table is never broken over two lines: each one is found whole in the text as often
  # as the tables hold it (a broken "3,985,75" / "8" is not)
  python3 - "$tmp/$d.json" "$tmp/$d.layout.txt" > "$tmp/broken" <<'EOF'
import collections, json, re, sys
l = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read()
cells = collections.Counter(c.rstrip("*%") for b in l["blocks"] if b["type"] == "table" for r in b["rows"]
                            for c in r["cells"] if c and re.fullmatch(r"-?[0-9][0-9,.]{3,}[%*]?", c))
for v, n in sorted(cells.items()):
    found = len(re.findall(r"(?<![0-9,.])" + re.escape(v) + r"(?![0-9]|,[0-9])", text))
    if found < n:
        print("%s: %d table cells, %d whole in the text" % (v, n, found))
EOF
  check "$d: no figure broken over two lines in a table $(head -3 "$tmp/broken")" '[ ! -s "$tmp/broken" ]'
  # the layout: bookmarks for every heading and annex; units that fit the cells; headers not broken
  python3 - "$tmp/$d.json" "$pdf" > "$tmp/layout.err" <<'EOF'
import json, re, sys
l = json.load(open(sys.argv[1], encoding="utf-8"))
pdf = open(sys.argv[2], "rb").read()
heads = sum(1 for b in l["blocks"] if b["type"] in ("heading", "annex"))
marks = len(re.findall(rb"/Dest ", pdf))
if marks != heads:
    print("%d bookmarks for %d headings and annexes" % (marks, heads))
dash_cells = 0
for b in l["blocks"]:
    if b["type"] != "table":
        continue
    unit = b["unit"] or ""
    cells = [c for r in b["rows"] for c in r["cells"] if c is not None]
    dash_cells += sum(1 for c in cells if c == "—")
    if "件" in unit and "%" not in unit and any(c.endswith("%") for c in cells):
        print("table %s: a rate under %s" % (b["label"], unit))
    total = sum(c["width"] for c in b["columns"])
    for c in b["columns"]:
        room = 442.0 * c["width"] / total - 8
        for seg in c["header"].split("\n"):
            w = sum(10.5 if ord(ch) > 0x2000 else 6.0 for ch in seg)
            if w > room + 0.5:
                print("table %s: header %r (%.0f pt) is broken in a %.0f pt column" % (b["label"], seg, w, room))
    # a word of up to four characters in a cell ("待整改", "缺报", "逾期14天") is not broken either
    for r in b["rows"]:
        for c, cell in zip(b["columns"], r["cells"]):
            if cell and len(cell) <= 5 and "\n" not in cell:
                w = sum(10.5 if ord(ch) > 0x2000 else 5.25 for ch in cell)
                room = 442.0 * c["width"] / total - 8
                if w > room + 0.5:
                    print("table %s: cell %r (%.0f pt) is broken in a %.0f pt column" % (b["label"], cell, w, room))
text = " ".join(b.get("text") or "" for b in l["blocks"])
notes = text.count("注：表中“—”表示")
if dash_cells and notes != 1 and l["title"].startswith("关于") and "通报" in l["title"]:
    print("%d notes on “—” for %d “—” cells" % (notes, dash_cells))
EOF
  check "$d: layout (bookmarks, units, headers, “—” explained once) $(cat "$tmp/layout.err")" '[ ! -s "$tmp/layout.err" ]'
done

# ---- the README main job: 淮安市 2024 has no subordinate report; nothing is written or drawn as 0
h="$tmp/huaian.txt"
check "淮安市: says in one sentence that no subordinate body reported" \
  'tr -d "\n" < "$h" | grep -q "本年度没有下属单位的年度报告，下属单位的数据表和图从略"'
check "淮安市: no subordinate column, row or sum" \
  '! grep -Eq "下属单位本年|下属：|下属单位合计新收|下属单位办理结果构成" "$h"'
check "淮安市: the 本级 figure is in the key findings (3,119)" 'tr -d "\n" < "$h" | grep -q "本级新收政府信息公开申请3,119件"'
check "淮安市: the method annex says no outlier test was run (too few peers), not \"全部0项检验\"" \
  'tr -d "\n" < "$h" | grep -q "没有进行数据异常检验" && ! tr -d "\n" < "$h" | grep -q "全部0项"'
check "淮安市: 洪泽区 did not report 2024: 缺报, in the rectification table" \
  'grep -q "\"洪泽区人民政府\",\"1．缺报：以往年度发布过年度报告，2024年度未见报告\"" "$tmp/huaian.json"'

# ---- the 36-body county: the 通报's parts, the rectification table, the outliers in words
c="$tmp/c36.txt"
check "36: 文号 above the title, 主送 under it" \
  'head -3 "$c" | grep -q "某政公开办〔2025〕3号" && grep -q "^各街道办事处，区政府各部门：$" "$c"'
for part in 一、总体情况 二、存在的主要问题 三、整改要求 四、下一步工作; do
  check "36: section $part" 'grep -q "^$part$" "$c"'
done
check "36: key findings at the top (first page)" \
  'pdftotext -l 1 "$tmp/c36.pdf" - | grep -q "主要情况"'
check "36: 本级 and 下属 each with the change from last year" \
  'tr -d "\n" < "$c" | grep -Eq "本级新收政府信息公开申请[0-9,]+件，比上年(增加|减少|持平)" &&
   tr -d "\n" < "$c" | grep -Eq "下属单位合计新收政府信息公开申请[0-9,]+件，比上年(增加|减少|持平)"'
check "36: the per-body table of what a supervisor scores" \
  'grep -q "各单位年度报告审查结果" "$c" && grep -Eq "是否按期" "$tmp/c36.layout.txt"'
check "36: the rectification table with its five columns" \
  'grep -Eq "^ *单位 +问题 +整改要求 +时限 +状态 *$" "$tmp/c36.layout.txt"'
check "36: rectification rows with requirements and a deadline date" \
  '[ "$(grep -Ec "[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,2}$|[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,2} *前|^前$" "$tmp/c36.layout.txt")" -ge 3 ]'
# 34 rows of two to four problems each: with the requests in lines of 9 characters they took 9 pages
# of rows mostly empty beside the requests; columns sized to what they hold take 7
check "36: the rectification table over at most 7 pages $(python3 "$here/pdf_pages.py" "$tmp/c36.pdf" --table 表4 --most 7 | grep FAIL)" \
  'python3 "$here/pdf_pages.py" "$tmp/c36.pdf" --table 表4 --most 7 > /dev/null'
check "36: late publication in the rectification table" 'grep -q "\"1．逾期发布：" "$tmp/c36.json"'
check "36: 缺报 in the rectification table" 'grep -q "\"1．缺报：以往年度发布过年度报告" "$tmp/c36.json"'
# a body's copying (from last year and from another body) is one numbered item with its request said once;
# several places of one rule with the blamed cells are counted, not listed twice
python3 - "$tmp/c36.json" > "$tmp/rect.err" <<'EOF'
import json, re, sys
blocks = json.load(open(sys.argv[1]))["blocks"]
rows = [r["cells"] for b in blocks if b.get("type") == "table" and b.get("caption") == "整改要求" for r in b["rows"]]
review = {r["cells"][1]: int(r["cells"][-1]) for b in blocks if b.get("type") == "table"
          and "审查结果" in (b.get("caption") or "") for r in b["rows"]}
if len(review) != 36:
    print(f"{len(review)} bodies in the review table, 36 expected")
merged = 0
for name, prob, req, by, state in rows:
    items = re.split(r"\n(?=\d+．)", prob)
    if review.get(name) != len(items):
        print(f"{name}: {review.get(name)} items in the review table, {len(items)} in the rectification table")
    reqs = re.split(r"\n(?=\d+．)", req)
    if len(items) != len(reqs):
        print(f"{name}: {len(items)} problems, {len(reqs)} requests")
    copies = [i for i in items if "重复" in i or "雷同" in i]
    if len(copies) > 1:
        print(f"{name}: copying in {len(copies)} items")
    if req.count("不得照搬") > 1:
        print(f"{name}: the request against copying said {req.count('不得照搬')} times")
    merged += any("重复；正文与" in i for i in copies)
    for i in items:
        if "最可能有误" in i and re.search(r"列、表三|行、表三", i.split("最可能有误")[0]):
            print(f"{name}: places listed before the blamed cells: {i[:60]}")
if not merged:
    print("no body with both kinds of copying merged into one item (the check above is empty)")
EOF
check "36: one item a body's copying, problems and requests numbered alike $(head -3 "$tmp/rect.err")" \
  '[ ! -s "$tmp/rect.err" ]'
check "36: the late bodies listed all, the 30-day count aside" \
  'tr -d "\n" < "$c" | grep -Eq "[0-9]+个单位未在规定时限内发布年度报告（其中逾期30天以上的[0-9]+个），按逾期天数由多到少依次为："'
check "36: the rectification asks of the late and the 缺报" \
  'tr -d "\n" < "$c" | grep -q "逾期发布的，书面说明原因；缺报的，立即编制发布"'
check "36: the issuer signs, with the date" 'grep -q "^某区人民政府办公室$" "$c" && grep -q "^2026年1月1日$" "$c"'
# every body `xxgk outliers` flags in the county is in the text, in words
"$xxgk" outliers --db "$sdb" --year 2024 --region "$county" --json > "$tmp/out.jsonl"
python3 - "$tmp/out.jsonl" "$tmp/c36.body.txt" > "$tmp/words.err" <<'EOF'
import json, re, sys
text = open(sys.argv[2], encoding="utf-8").read().replace("\n", "")
names = {json.loads(l).get("name", "") for l in open(sys.argv[1], encoding="utf-8") if l.strip()}
names.discard("")   # the store-wide digit tests name no body
for n in sorted(names):
    said = [m.group(1) for m in re.finditer(re.escape(n) + r"：([^。]*)。", text)]
    if not any(re.search(r"中位数|由\d{4}年的|比\d{4}年的|通常在|总体为", w) for w in said):
        print("%s: flagged, not explained in words" % n)
if not names:
    print("no flagged body in the county: the test says nothing")
EOF
check "36: every flagged body explained in words $(cat "$tmp/words.err")" '[ ! -s "$tmp/words.err" ]'

# ---- chart and text agree: the bodies a funnel marks are the bodies the text gives a rate flag, and back
for d in c36 brief; do
  python3 - "$tmp/$d.json" > "$tmp/agree" <<'EOF'
import json, re, sys
l = json.load(open(sys.argv[1], encoding="utf-8"))
marked = {p["label"] for b in l["blocks"] if b["type"] == "funnel" for p in b["points"] if p.get("mark") == 2}
rates = "公开率|不予公开率|无法提供率|不予处理率|复议纠错率|诉讼纠错率"
said = set()
heading = None
for b in l["blocks"]:
    if b["type"] == "heading":
        heading = b["text"]
    if b["type"] == "paragraph":
        t = b["text"]
        m = re.match(r"([^：]+)：(.*)", t)
        body = m.group(1) if m else (re.sub(r"^（.+?）", "", heading) if heading else None)
        words = m.group(2) if m else t
        if body and re.search(r"(" + rates + r")[0-9.]+%（[0-9,]+件中[0-9,]+件）", words):
            said.add(body)
if marked != said:
    print("marked %s, said %s" % (sorted(marked), sorted(said)))
EOF
  check "$d: the funnel marks exactly the bodies the text names for a rate $(cat "$tmp/agree")" '[ ! -s "$tmp/agree" ]'
done
check "brief: at least one funnel with a flagged body (the agreement above is not empty)" \
  'python3 -c "import json,sys; l=json.load(open(sys.argv[1])); sys.exit(0 if any(p.get(\"mark\")==2 for b in l[\"blocks\"] if b[\"type\"]==\"funnel\" for p in b[\"points\"]) else 1)" "$tmp/brief.json"'
check "brief: the funnel's x axis is logarithmic" 'python3 -c "
import json,sys
l=json.load(open(sys.argv[1]))
f=[b for b in l[\"blocks\"] if b[\"type\"]==\"funnel\"]
sys.exit(0 if f and all(\"对数\" in b[\"x_label\"] for b in f) else 1)" "$tmp/brief.json"'
check "every chart has its takeaway line" 'python3 -c "
import json,sys
for p in sys.argv[1:]:
    l=json.load(open(p))
    for b in l[\"blocks\"]:
        if b[\"type\"] in (\"bar_chart\",\"line_chart\",\"funnel\") and not b.get(\"takeaway\"): sys.exit(1)" "$tmp/c36.json" "$tmp/brief.json" "$tmp/huaian.json"'
check "no bar chart with a tail of zeros" 'python3 -c "
import json,sys
for p in sys.argv[1:]:
    l=json.load(open(p))
    for b in l[\"blocks\"]:
        if b[\"type\"]==\"bar_chart\" and \"居前\" in b[\"title\"] and 0 in b[\"values\"]: sys.exit(1)" "$tmp/c36.json" "$tmp/huaian.json"'

check "36: a row's place is quoted as a column's is (表三“…”行), figures set without spaces" \
  'grep -q "行“总计”列印为[0-9]" "$c" && tr -d "\n" < "$c" | grep -Eq "正文称[^，。]*[0-9]件，表三“[^”]+”为[0-9]+。" && ! tr -d "\n" < "$c" | grep -Eq "表三[一二四（][^“”，。；]{1,30}行[、；：，]|印为 [0-9]|约 [0-9]|为 [0-9]|相差 "'

# ---- a table the text cites by number is the table it means
python3 - "$tmp/c36.json" > "$tmp/cites" <<'EOF'
import json, re, sys
l = json.load(open(sys.argv[1], encoding="utf-8"))
tables = {b["number"]: b["caption"] for b in l["blocks"] if b["type"] == "table"}
means = {"具体问题": "整改要求", "发布日期和逾期天数": "审查结果", "待整改事项”为": "整改要求"}
cited = 0
for b in l["blocks"]:
    if b["type"] not in ("paragraph", "note"):
        continue
    for m in re.finditer(r"(具体问题|发布日期和逾期天数|待整改事项”为)见?表(\d+)", b["text"]):
        cited += 1
        if means[m.group(1)] not in tables.get(int(m.group(2)), ""):
            print("%s cites 表%s, which is %s" % (m.group(0), m.group(2), tables.get(int(m.group(2)))))
if cited < 2:
    print("%d table citations (the county has late bodies and widespread copying: 2 expected)" % cited)
if cited < 3:
    print("the review table's note does not say which table its last column counts")
EOF
check "36: the tables cited by number are the ones meant $(cat "$tmp/cites")" '[ ! -s "$tmp/cites" ]'

# ---- the agency review: addressed to its body, its rectification with a deadline
name=$(sqlite3 "$sdb" "SELECT agency_name FROM reports WHERE sha256='$sha'")
check "agency: addressed to $name" 'grep -q "^$name：$" "$tmp/agency.txt"'
check "agency: a rectification section" 'grep -q "^三、整改要求$" "$tmp/agency.txt"'
check "agency: asked only what its own table holds (a body that reported is not told about 缺报)" \
  'tr -d "\n" < "$tmp/agency.txt" | grep -q "请对照下表逐项整改：" && ! tr -d "\n" < "$tmp/agency.txt" | grep -q "缺报的"'

# ---- byte-stable
"$xxgk" report county --db "$sdb" --region "$county" --year 2024 --deterministic --issuer 某区人民政府办公室 \
  --doc-number "某政公开办〔2025〕3号" --to "各街道办事处，区政府各部门" -o "$tmp/c36b.pdf" 2> /dev/null
check "deterministic mode is byte-stable" 'cmp -s "$tmp/c36.pdf" "$tmp/c36b.pdf"'

# ---- options: a config file, a bad deadline, a bad config line
printf '落款 = 配置中的办公室\n整改时限 = 10\ndeadline.town = 03-31\n' > "$tmp/cfg"
"$xxgk" report county --db "$sdb" --region "$county" --year 2024 --date 2025-04-01 --config "$tmp/cfg" \
  -o "$tmp/cfg.pdf" 2> /dev/null
check "config: the issuer and a town deadline of 3月31日 (fewer late towns)" \
  'pdftotext "$tmp/cfg.pdf" - | grep -q "^配置中的办公室$" &&
   [ "$(pdftotext "$tmp/cfg.pdf" - | tr -d "\n" | grep -o "逾期发布：" | wc -l)" -lt "$(tr -d "\n" < "$c" | grep -o "逾期发布：" | wc -l)" ]'
"$xxgk" report county --db "$sdb" --region "$county" --deadline village=01-31 -o "$tmp/x.pdf" 2> "$tmp/err"; rc=$?
check "a bad --deadline is a usage error without a PDF" '[ "$rc" -eq 2 ] && [ ! -e "$tmp/x.pdf" ]'
printf 'signer = x\n' > "$tmp/bad.cfg"
"$xxgk" report county --db "$sdb" --region "$county" --config "$tmp/bad.cfg" -o "$tmp/x.pdf" 2> "$tmp/err"; rc=$?
check "a bad config line names file and line" '[ "$rc" -ne 0 ] && grep -q "bad.cfg:1:" "$tmp/err" && [ ! -e "$tmp/x.pdf" ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
