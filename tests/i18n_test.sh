#!/usr/bin/env bash
# i18n_test.sh SOURCE — the Chinese catalog (po/zh_CN.po) covers the messages
# and help of src/cli: every string marked _() or N_() is extracted afresh
# (xgettext), merged into a copy of the catalog (msgmerge), and counted.
# New text is translated by `bash po/update.sh` and editing po/zh_CN.po; a
# few strings may wait (5%), no more. The catalog compiles with --check
# (format strings agree). Ends with "N passed, N failed".
set -u
src=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

cd "$src"
LANG=C.UTF-8 xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --sort-output --no-wrap -o "$tmp/xxgk.pot" src/cli/*.c 2> /dev/null
check "strings extracted" '[ "$(grep -c "^msgid \"..*\"" "$tmp/xxgk.pot")" -gt 100 ]'
cp po/zh_CN.po "$tmp/zh_CN.po"
msgmerge --quiet --update --backup=none --no-fuzzy-matching "$tmp/zh_CN.po" "$tmp/xxgk.pot"
msgfmt --check --statistics -o "$tmp/xxgk.mo" "$tmp/zh_CN.po" 2> "$tmp/stats.txt"
check "the catalog compiles with --check" '[ $? -eq 0 ] || cat "$tmp/stats.txt"'
translated=$(grep -o "^[0-9]* translated" "$tmp/stats.txt" | cut -d" " -f1)
untranslated=$(grep -o "[0-9]* untranslated" "$tmp/stats.txt" | cut -d" " -f1)
fuzzy=$(grep -o "[0-9]* fuzzy" "$tmp/stats.txt" | cut -d" " -f1)
translated=${translated:-0} untranslated=${untranslated:-0} fuzzy=${fuzzy:-0}
# a fuzzy entry is not shown to the user (gettext skips it): it counts as untranslated
untranslated=$((untranslated + fuzzy))
total=$((translated + untranslated))
echo "zh_CN: $translated of $total strings translated"
if [ "$untranslated" -gt 0 ]; then
  echo "not yet translated (bash po/update.sh, then po/zh_CN.po):"
  { msgattrib --only-fuzzy --no-wrap "$tmp/zh_CN.po"; msgattrib --untranslated --no-wrap "$tmp/zh_CN.po"; } |
    grep '^msgid' | sed 's/^/  /' | head -20
fi
check "at least 95% of the messages and help translated ($translated of $total)" '[ $((translated * 100)) -ge $((total * 95)) ]'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
