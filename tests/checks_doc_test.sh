#!/usr/bin/env bash
# checks_doc_test.sh XXGK DOCS_CHECKS_MD — docs/checks.md's rule catalogue is
# what `xxgk rules --markdown` makes of data/rules.conf (regenerate with
# tools/gen_checks_doc.sh), and every example in it behaves as it says.
set -euo pipefail
xxgk=$1 doc=$2
want=$(mktemp)
trap 'rm -f "$want"' EXIT
"$xxgk" rules --markdown > "$want"
python3 - "$want" "$doc" <<'PY'
import sys
want = open(sys.argv[1], encoding="utf-8").read()
doc = open(sys.argv[2], encoding="utf-8").read()
a = doc.index("<!-- rules:begin -->\n") + len("<!-- rules:begin -->\n")
b = doc.index("<!-- rules:end -->")
if doc[a:b] != want:
    sys.exit("docs/checks.md is out of date: run tools/gen_checks_doc.sh")
if "example broken" in want or "no finding: the example is broken" in want:
    sys.exit("a rule's example does not behave as documented")
print("1 passed, 0 failed")
PY
