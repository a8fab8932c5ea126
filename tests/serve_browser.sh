#!/usr/bin/env bash
# serve_browser.sh XXGK SYNTH FIXTURES GAZETTEER [SHOTS] — `xxgk serve` in a real
# browser (issue 15, deliverable 4): a store with a synthetic city (so that
# 统计 has peers enough for funnel plots), the server on a free loopback port,
# then tests/serve_browser.py in headless Chromium uploads the fixtures and
# walks the four pages. Screenshots go to SHOTS (default: a temporary folder).
set -u
xxgk=$(realpath "$1")
synth=$(realpath "$2")
fixtures=$(realpath "$3")
gaz=$(realpath "$4")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
shots=${5:-$tmp/shots}
mkdir -p "$shots"
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
for need in /usr/bin/chromium /usr/bin/chromedriver; do
	[ -x "$need" ] || { echo "FAIL: $need is not installed (bash .ci/setup --tests)"; exit 1; }
done
/usr/bin/python3 -c 'import selenium, openpyxl' || { echo "FAIL: python3-selenium or python3-openpyxl missing"; exit 1; }
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# peers for the statistics page: 150 synthetic bodies of one city, two years
"$synth" --out "$tmp/synth" --bodies 150 --years 2023-2024 --seed 7 --gazetteer "$gaz" > /dev/null 2>&1 ||
	{ echo "FAIL: xxgk-synth"; exit 1; }
"$xxgk" load --quiet --db "$tmp/x.db" "$tmp/synth" 2> /dev/null
mkdir "$tmp/srvtmp"
# the server reads the latest year only once serve_browser.py makes $tmp/hold: the page is first
# seen while its year is being read (XXGK_SERVE_TEST_HOLD, no timing assumed)
XXGK_SERVE_TEST_HOLD=$tmp/hold TMPDIR=$tmp/srvtmp "$xxgk" serve --db "$tmp/x.db" --listen 127.0.0.1:0 \
	> "$tmp/serve.out" 2> "$tmp/serve.log" &
pid=$!
for _ in $(seq 600); do
	grep -q '^xxgk serve: http' "$tmp/serve.log" && break
	kill -0 "$pid" 2> /dev/null || break
	sleep 0.05
done
url=$(sed -n 's|^xxgk serve: \(http://[^/]*\)/.*|\1|p' "$tmp/serve.log")
[ -n "$url" ] || { echo "FAIL: the server did not start"; cat "$tmp/serve.log"; exit 1; }
# seed 000's identity and year, from the document itself (its hash) and the parser
seed0=$fixtures/seeds/000_2a68a08fb10c7e43.txt
sha0=$(sha256sum "$seed0" | cut -d' ' -f1)
year0=$("$xxgk" parse --json "$seed0" | /usr/bin/python3 -c 'import sys, json; print(json.load(sys.stdin)["year"])')
HOME=$tmp /usr/bin/python3 "$here/serve_browser.py" "$url" "$year0" "$sha0" "$shots" "$fixtures" "$tmp/hold"
rc=$?
kill -0 "$pid" 2> /dev/null || { echo "FAIL: the server died"; rc=1; }
[ -z "$(find "$tmp/srvtmp" -type f)" ] || { echo "FAIL: files left in the server's temporary folder"; rc=1; }
exit $rc
