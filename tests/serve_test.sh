#!/usr/bin/env bash
# serve_test.sh XXGK FIXTURES — `xxgk serve`'s JSON API over HTTP (issue 15,
# deliverables 1 and 3), with curl: every endpoint, and the bad requests a
# server on an office network meets — no or a wrong CSRF token, a wrong or
# missing access token, a foreign Host header, an oversized upload, a zip with
# "../" names, a nested zip and a bomb, malformed JSON, unknown ids, bad
# parameters. The server must answer each with its status and one line, keep
# running, and write nothing outside its database and its own temporary folder.
# Expected figures are the documents': seed 000 prints （七）总计 as
# 0 0 0 0 0 0 2 (DOMAIN.md), so its page lists t3.row_sum on that row.
# Ends with "N passed, N failed".
set -u
xxgk=$(realpath "$1")
fixtures=$(realpath "$2")
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null; wait "$p" 2> /dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
export LANG=C.UTF-8 LC_ALL=C.UTF-8
py=/usr/bin/python3
[ -x "$py" ] || py=python3
command -v curl > /dev/null || { echo "FAIL: curl is not installed"; exit 1; }
cd "$tmp"
mkdir srvtmp
# start NAME ARGS…: runs the server, waits for its address line (no sleeps: CI is faster); sets $url
start() {
	local name=$1; shift
	TMPDIR=$tmp/srvtmp "$xxgk" serve "$@" > "$name.out" 2> "$name.log" &
	pids+=($!)
	for _ in $(seq 600); do
		grep -q '^xxgk serve: http' "$name.log" && break
		kill -0 "${pids[-1]}" 2> /dev/null || break
		sleep 0.05
	done
	url=$(sed -n 's|^xxgk serve: \(http://[^/]*\)/.*|\1|p' "$name.log")
}
j() { $py -c "import sys,json; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# serve opens an existing database only (a mistyped name is refused): an empty file starts from uploads
: > "$tmp/x.db"
start s1 --db "$tmp/x.db" --listen 127.0.0.1:0
check "server prints where it listens" '[ -n "$url" ]'
# status FILE curl-args…: the HTTP status, the body in FILE. A page whose year the server is still
# reading answers 202 with "loading" (tested below): asked again until it is read.
status() {
	local out=$1 code; shift
	for _ in $(seq 1200); do
		code=$(curl -s -o "$out" -w '%{http_code}' "$@")
		[ "$code" = 202 ] && grep -q '"loading"' "$out" || break
		sleep 0.1
	done
	echo "$code"
}

# ---- pages and session ----
check "GET / is the page" '[ "$(status page.html "$url/")" = 200 ] && grep -q "政务公开" page.html'
check "app.js and app.css are served" '[ "$(status a.js "$url/app.js")" = 200 ] && [ "$(status a.css "$url/app.css")" = 200 ]'
check "headers: CSP, nosniff" 'curl -sI "$url/" | grep -qi "content-security-policy: default-src .self." && curl -sI "$url/" | grep -qi "x-content-type-options: nosniff"'
check "unknown path is 404" '[ "$(status e.json "$url/api/nothing")" = 404 ] && grep -q error e.json'
check "PUT is 405" '[ "$(status e.json -X PUT "$url/api/status")" = 405 ]'
check "session gives a CSRF token" '[ "$(status session.json "$url/api/session")" = 200 ]'
csrf=$(j session.json 'd["csrf"]')
check "CSRF token is 64 hex digits" '[[ "$csrf" =~ ^[0-9a-f]{64}$ ]]'
check "empty store: no years" '[ "$(j session.json "len(d[\"years\"])")" = 0 ]'
check "foreign Host header is refused (DNS rebinding)" '[ "$(status e.json -H "Host: evil.example:80" "$url/api/session")" = 403 ]'

# ---- uploads ----
up() { local out=$1 name=$2 file=$3; shift 3; status "$out" -X POST -H "X-CSRF-Token: $csrf" --data-binary "@$file" "$@" "$url/api/upload?name=$name"; }
seed0=$fixtures/seeds/000_2a68a08fb10c7e43.txt
check "upload without CSRF token: 403" '[ "$(status e.json -X POST --data-binary @"$seed0" "$url/api/upload?name=a.txt")" = 403 ]'
# the token with its last digit changed (never the same: it is random, and may end in 0)
wrong=${csrf%?}$([ "${csrf: -1}" = 0 ] && echo 1 || echo 0)
check "upload with a wrong CSRF token: 403" '[ "$wrong" != "$csrf" ] && [ "$(status e.json -X POST -H "X-CSRF-Token: $wrong" --data-binary @"$seed0" "$url/api/upload?name=a.txt")" = 403 ]'
check "upload of seed 000: loaded" '[ "$(up u0.json 000.txt "$seed0")" = 200 ] && [ "$(j u0.json "d[\"files\"][0][\"outcome\"]")" = loaded ]'
sha0=$(j u0.json 'd["files"][0]["sha256"]')
check "its sha256 is the file's" '[ "$sha0" = "$(sha256sum "$seed0" | cut -d" " -f1)" ]'
check "the same file again: unchanged" '[ "$(up u1.json 000.txt "$seed0")" = 200 ] && [ "$(j u1.json "d[\"unchanged\"]")" = 1 ]'
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' > img.png
check "a PNG is refused with its reason" '[ "$(up u2.json ../../etc/img.png img.png)" = 200 ] && [ "$(j u2.json "d[\"files\"][0][\"outcome\"]")" = refused ] && [ -n "$(j u2.json "d[\"files\"][0][\"reason\"]")" ]'
check "a name with folders is shown by its last part only" '[ "$(j u2.json "d[\"name\"]")" = img.png ]'
check "an empty upload is 400" '[ "$(status e.json -X POST -H "X-CSRF-Token: $csrf" --data-binary "" "$url/api/upload?name=e.txt")" = 400 ]'
check "an upload without a name is 400" '[ "$(up e.json "" "$seed0")" = 400 ]'
head -c $((64 * 1024 * 1024 + 1)) /dev/zero > big.txt
check "an upload over 64 MB is 413" '[ "$(up e.json big.txt big.txt)" = 413 ]'
rm -f big.txt
# a zip of the other seeds and corpus files, with hostile entries beside them
$py - "$fixtures" <<'EOF'
import sys, zipfile, glob, os
fx = sys.argv[1]
with zipfile.ZipFile("reports.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for p in sorted(glob.glob(fx + "/seeds/*.txt"))[1:] + sorted(glob.glob(fx + "/corpus/*.txt")):
        z.write(p, "县里/" + os.path.basename(p))
    z.writestr("../evil.txt", "一、总体情况\n")
    z.writestr("/etc/evil2.txt", "x")
    z.writestr("inner.zip", b"PK\x05\x06" + b"\0" * 18)
    z.writestr("__MACOSX/._x.txt", "x")
    z.writestr("bomb.txt", b"0" * (10 * 1024 * 1024))
EOF
zipped=$($py -c 'import zipfile; print(sum(1 for n in zipfile.ZipFile("reports.zip").namelist() if n.startswith("县里/")))')
check "zip: 200" '[ "$(up uz.json reports.zip reports.zip)" = 200 ]'
check "zip: every report in it loaded" '[ "$(j uz.json "sum(1 for f in d[\"files\"] if f[\"outcome\"] == \"loaded\")")" = "$zipped" ]'
check "zip: ../ refused as traversal" '[ "$(j uz.json "[f[\"reason\"] for f in d[\"files\"] if f[\"name\"] == \"../evil.txt\"][0]")" != "" ] && grep -q "traversal" uz.json'
check "zip: absolute name refused" 'grep -q "absolute path" uz.json'
check "zip: nested zip refused" 'grep -q "nested zip" uz.json'
check "zip: bomb refused" 'grep -q "zip bomb" uz.json'
check "zip: __MACOSX passed over" '! grep -q "__MACOSX" uz.json'
check "no file escaped the archive" '[ ! -e "$tmp/evil.txt" ] && [ ! -e /etc/evil2.txt ] && [ ! -e "$tmp/srvtmp/evil.txt" ]'
printf 'not a zip at all' > fake.zip
check "a .zip that is not one: 422, nothing written" '[ "$(up e.json fake.zip fake.zip)" = 422 ] && grep -q "zip" e.json'

# ---- check, overview, one report ----
check "check: 200" '[ "$(status ck.json -X POST -H "X-CSRF-Token: $csrf" "$url/api/check")" = 200 ] && [ "$(j ck.json "d[\"errors\"] > 0")" = True ]'
reports=$(j ck.json 'd["reports"]')
chosen=$(sqlite3 "$tmp/x.db" 'SELECT count(*) FROM reports_chosen')
check "check counted every chosen report" '[ "$reports" = "$chosen" ] && [ "$chosen" -ge $((zipped - 1)) ]'
year0=$(j u0.json 'd["files"][0]["year"]')
code0=$(j u0.json 'd["files"][0]["region_code"]')
check "seed 000 is placed in 分水镇 420984103" '[ "$code0" = 420984103 ]'
check "overview of 汉川市 ${year0}" '[ "$(status ov.json "$url/api/overview?region=420984&year=$year0")" = 200 ]'
check "overview lists seed 000 with its errors" '[ "$(j ov.json "[b[\"errors\"] for b in d[\"bodies\"] if b[\"sha256\"] == \"$sha0\"][0]")" -ge 3 ]'
check "overview names the region" '[ "$(j ov.json "d[\"region_name\"]")" = "湖北省·孝感市·汉川市" ]'
check "overview sorted and filtered" '[ "$(status ov2.json "$url/api/overview?only=errors&sort=-errors&limit=2")" = 200 ] && [ "$(j ov2.json "len(d[\"bodies\"]) <= 2 and all(b[\"errors\"] > 0 for b in d[\"bodies\"])")" = True ]'
check "session lists the years" '[ "$(status session.json "$url/api/session")" = 200 ] && [ "$(j session.json "$year0 in [y[\"year\"] for y in d[\"years\"]]")" = True ]'
check "report page data" '[ "$(status r0.json "$url/api/report?sha=${sha0:0:12}")" = 200 ]'
check "its tables with kinds and lines" '[ "$(j r0.json "d[\"report\"][\"applications\"][\"total_processed\"][\"total\"]")" = 2 ] && [ "$(j r0.json "d[\"report\"][\"cells\"][\"applications.total_processed.total\"][\"line\"] > 0")" = True ]'
fid=$(j r0.json '[f["finding"]["id"] for f in d["findings"] if f["finding"]["rule"] == "t3.row_sum" and f["finding"]["where"] == "applications.total_processed.total"][0]')
check "its t3.row_sum finding on （七）总计" '[[ "$fid" =~ ^[0-9a-f]{16}$ ]]'
check "unknown report: 404" '[ "$(status e.json "$url/api/report?sha=000000000000")" = 404 ]'
check "malformed sha: 400" '[ "$(status e.json "$url/api/report?sha=zz")" = 400 ]'
check "malformed region: 400" '[ "$(status e.json "$url/api/overview?region=12a")" = 400 ]'
check "malformed year: 400" '[ "$(status e.json "$url/api/overview?year=20x4")" = 400 ]'
check "limit over the page cap: 400" '[ "$(status e.json "$url/api/overview?limit=100000")" = 400 ]'
check "an unknown filter: 400" '[ "$(status e.json "$url/api/overview?only=all")" = 400 ]'
# the year is read once and kept: a region's page is the whole year's rows of that region
check "whole year" '[ "$(status ovy.json "$url/api/overview?year=$year0&limit=500")" = 200 ]'
check "a region's counts are its rows of the whole year" '[ "$(j ov.json "d[\"reports\"]")" = "$(j ovy.json "sum(1 for b in d[\"bodies\"] if b[\"code\"].startswith(\"420984\"))")" ] && [ "$(j ov.json "d[\"with_errors\"]")" = "$(j ovy.json "sum(1 for b in d[\"bodies\"] if b[\"code\"].startswith(\"420984\") and b[\"errors\"])")" ]'
check "sorted by errors, most first, ties by code" '[ "$(status ovs.json "$url/api/overview?year=$year0&sort=-errors&limit=500")" = 200 ] && [ "$(j ovs.json "[(-b[\"errors\"], b[\"code\"]) for b in d[\"bodies\"]] == sorted((-b[\"errors\"], b[\"code\"]) for b in d[\"bodies\"]) and len(d[\"bodies\"]) == d[\"reports\"]")" = True ]'
open0=$(j ov.json "[b[\"open\"] for b in d[\"bodies\"] if b[\"sha256\"] == \"$sha0\"][0]")

# ---- statuses ----
post() { local out=$1 body=$2; status "$out" -X POST -H "X-CSRF-Token: $csrf" -H "Content-Type: application/json" --data-binary "$body" "$url/api/status"; }
check "status: malformed JSON is 400" '[ "$(post e.json "{\"id\":")" = 400 ] && grep -q "not JSON" e.json'
check "status: an array is 400" '[ "$(post e.json "[1]")" = 400 ]'
check "status: unknown status is 400" '[ "$(post e.json "{\"id\":\"$fid\",\"status\":\"已修改\",\"who\":\"张三\"}")" = 400 ]'
check "status: no who is 400" '[ "$(post e.json "{\"id\":\"$fid\",\"status\":\"已整改\"}")" = 400 ]'
check "status: unknown id is 404" '[ "$(post e.json "{\"id\":\"0000000000000000\",\"status\":\"已整改\",\"who\":\"张三\"}")" = 404 ]'
check "status: without CSRF is 403" '[ "$(status e.json -X POST --data-binary "{\"id\":\"$fid\",\"status\":\"fixed\",\"who\":\"x\"}" "$url/api/status")" = 403 ]'
check "status: 已整改 by 张三 is recorded" '[ "$(post st.json "{\"id\":\"$fid\",\"status\":\"已整改\",\"who\":\"张三\",\"note\":\"已更正总计行\"}")" = 200 ] && [ "$(j st.json "d[\"status\"]")" = fixed ]'
check "the report shows it with who and when" '[ "$(status r1.json "$url/api/report?sha=$sha0")" = 200 ] && [ "$(j r1.json "[(f[\"finding\"][\"status\"], f[\"who\"], f[\"note\"], bool(f[\"at\"])) for f in d[\"findings\"] if f[\"finding\"][\"id\"] == \"$fid\"][0]")" = "('\''fixed'\'', '\''张三'\'', '\''已更正总计行'\'', True)" ]'
check "the overview counts one open error fewer at once" '[ "$(status ov3.json "$url/api/overview?region=420984&year=$year0")" = 200 ] && [ "$(j ov3.json "[b[\"open\"] for b in d[\"bodies\"] if b[\"sha256\"] == \"$sha0\"][0]")" = $((open0 - 1)) ]'
# an upload after the check: the kept year is read again, and says what is not checked yet
check "overview of 2023 before" '[ "$(status o23.json "$url/api/overview?year=2023")" = 200 ]'
check "upload of another 2023 report" '[ "$(up u23.json fgj.html "$fixtures/corpus/shuyang_fgj_2023.html")" = 200 ] && [ "$(j u23.json "d[\"loaded\"]")" = 1 ]'
check "the overview of 2023 has it, unchecked" '[ "$(status o23b.json "$url/api/overview?year=2023")" = 200 ] && [ "$(j o23b.json "d[\"reports\"]")" = $(( $(j o23.json "d[\"reports\"]") + 1 )) ] && [ "$(j o23b.json "d[\"unchecked\"]")" = 1 ]'

# ---- downloads ----
check "workbook download" '[ "$(status wb.xlsx -D wb.h "$url/api/download/workbook?region=420984&year=$year0")" = 200 ] && grep -qi "content-disposition: attachment" wb.h'
check "the workbook holds the status change" '$py -c "
import openpyxl, sys
ws = openpyxl.load_workbook(\"wb.xlsx\")[\"问题清单\"]
head = [c.value for c in ws[1]]
rows = [dict(zip(head, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]
hit = [r for r in rows if r.get(\"编号\") == \"$fid\"]
sys.exit(0 if hit and hit[0][\"状态\"] == \"已整改\" and hit[0][\"处理人\"] == \"张三\" else 1)"'
check "county PDF download" '[ "$(status c.pdf "$url/api/download/county?region=420984&year=$year0")" = 200 ] && [ "$(head -c 5 c.pdf)" = "%PDF-" ]'
check "agency PDF download" '[ "$(status a.pdf "$url/api/download/agency?sha=$sha0")" = 200 ] && [ "$(head -c 5 a.pdf)" = "%PDF-" ]'
check "county PDF of a town code: 400" '[ "$(status e.json "$url/api/download/county?region=420984103")" = 400 ]'
check "stats" '[ "$(status stats.json "$url/api/stats?year=$year0")" = 200 ] && [ "$(j stats.json "len(d[\"groups\"]) > 0")" = True ]'
check "outliers" '[ "$(status ol.json "$url/api/outliers?year=$year0")" = 200 ] && [ "$(j ol.json "type(d[\"flags\"]).__name__")" = list ]'

# ---- paged on the server: a page of the overview holds `limit` rows of the year, the pages all of them ----
status all.json "$url/api/overview?year=$year0&limit=500" > /dev/null
n0=$(j all.json 'd["reports"]')
check "the year has more reports than a page of 2 ($n0)" '[ "$n0" -gt 2 ]'
check "a page of 2 holds 2 rows and the total" '[ "$(status pg0.json "$url/api/overview?year=$year0&limit=2")" = 200 ] && [ "$(j pg0.json "(len(d[\"bodies\"]), d[\"total\"])")" = "(2, $n0)" ]'
paged=()
for ((o = 0; o < n0; o += 2)); do
	status pg.json "$url/api/overview?year=$year0&limit=2&offset=$o" > /dev/null
	paged+=($(j pg.json '" ".join(b["sha256"] for b in d["bodies"])'))
done
check "pages of 2, one after another, are the whole year in order" '[ "${paged[*]}" = "$(j all.json "\" \".join(b[\"sha256\"] for b in d[\"bodies\"])")" ]'
check "a page past the end is empty" '[ "$(status pg.json "$url/api/overview?year=$year0&limit=2&offset=$n0")" = 200 ] && [ "$(j pg.json "len(d[\"bodies\"])")" = 0 ]'
check "without a limit, a page is 100 rows at most" '[ "$(status pg.json "$url/api/overview?year=$year0")" = 200 ] && [ "$(j pg.json "len(d[\"bodies\"]) == min(100, $n0)")" = True ]'

# ---- still alive, nothing written outside ----
check "the server survived every bad request" '[ "$(status e.json "$url/api/session")" = 200 ] && kill -0 "${pids[0]}"'
check "its temporary folder is empty" '[ -z "$(find srvtmp -type f)" ]'
kill -INT "${pids[0]}"; wait "${pids[0]}"; rc=$?
check "Ctrl-C stops it with status 0" '[ "$rc" = 0 ] && grep -q "stopped" s1.log'
check "and removes its temporary folder" '[ -z "$(ls srvtmp)" ]'

# ---- listening elsewhere needs a token ----
"$xxgk" serve --db "$tmp/x.db" --listen 0.0.0.0:0 2> e.txt; rc=$?
check "non-loopback without --token: refused, exit 3" '[ "$rc" = 3 ] && grep -q "token" e.txt'
printf 'short\n' > short.tok
"$xxgk" serve --db "$tmp/x.db" --listen 127.0.0.1:0 --token short.tok 2> e.txt; rc=$?
check "a short token is refused" '[ "$rc" = 3 ] && grep -q "16 characters" e.txt'
"$xxgk" serve --db "$tmp/x.db" --listen 127.0.0.1:99999 2> e.txt; rc=$?
check "a bad --listen is refused" '[ "$rc" = 3 ] && grep -q "ADDRESS:PORT" e.txt'
tok=0123456789abcdef0123456789abcdef
printf '%s\n' "$tok" > t.tok
start s2 --db "$tmp/x.db" --listen 127.0.0.1:0 --token t.tok
check "with a token: no token is 401" '[ "$(status e.json "$url/api/session")" = 401 ]'
check "with a token: a wrong one is 401" '[ "$(status e.json -H "Authorization: Bearer ${tok%?}0" "$url/api/session")" = 401 ]'
check "with a token: Bearer works" '[ "$(status e.json -H "Authorization: Bearer $tok" "$url/api/session")" = 200 ]'
check "with a token: ?token= sets an HttpOnly cookie" '[ "$(status e.txt -D h.txt "$url/?token=$tok")" = 303 ] && grep -qi "set-cookie: xxgk_token=$tok; Path=/; HttpOnly; SameSite=Strict" h.txt'
check "with a token: the cookie works" '[ "$(status e.json -b "xxgk_token=$tok" "$url/api/session")" = 200 ]'
check "with a token: the page itself needs it" '[ "$(status e.json "$url/")" = 401 ]'

# ---- the year being read: pages answer at once that it is, and how far; then the year ----
# (XXGK_SERVE_TEST_HOLD holds the read until the file exists: no timing assumed)
export XXGK_SERVE_TEST_HOLD=$tmp/hold
start s3 --db "$tmp/x.db" --listen 127.0.0.1:0
unset XXGK_SERVE_TEST_HOLD
check "while the year is read: the session answers" '[ "$(curl -s -o e.json -w "%{http_code}" "$url/api/session")" = 200 ]'
check "while the year is read: the overview is 202 with the year and how far" '[ "$(curl -s -o ld.json -w "%{http_code}" "$url/api/overview?year=$year0")" = 202 ] && [ "$(j ld.json "(d[\"loading\"][\"year\"], 0 <= d[\"loading\"][\"percent\"] <= 100, \"正在读取\" in d[\"message\"])")" = "($year0, True, True)" ]'
check "while the year is read: a report page too" '[ "$(curl -s -o ld.json -w "%{http_code}" "$url/api/report?sha=$sha0")" = 202 ] && [ "$(j ld.json "d[\"loading\"][\"year\"]")" = "$year0" ]'
touch "$tmp/hold"
check "then the year: the same overview as before" '[ "$(status ovh.json "$url/api/overview?year=$year0&limit=500")" = 200 ] && [ "$(j ovh.json "d[\"reports\"]")" = "$n0" ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
