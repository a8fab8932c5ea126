#!/usr/bin/env bash
# tools/gen_checks_doc.sh [XXGK] — replaces the rule catalogue of docs/checks.md
# (between <!-- rules:begin --> and <!-- rules:end -->) with `xxgk rules --markdown`.
set -euo pipefail
cd "$(dirname "$0")/.."
xxgk=${1:-build/xxgk}
gen=$(mktemp)
trap 'rm -f "$gen"' EXIT
"$xxgk" rules --markdown > "$gen"
python3 - "$gen" <<'PY'
import sys
gen = open(sys.argv[1], encoding="utf-8").read()
doc = open("docs/checks.md", encoding="utf-8").read()
a = doc.index("<!-- rules:begin -->\n") + len("<!-- rules:begin -->\n")
b = doc.index("<!-- rules:end -->")
open("docs/checks.md", "w", encoding="utf-8").write(doc[:a] + gen + doc[b:])
PY
