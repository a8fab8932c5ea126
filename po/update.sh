#!/usr/bin/env bash
# po/update.sh — after changing a message or help text in src/cli: extract the
# strings marked _() and N_() into po/xxgk.pot and merge them into each
# translation (po/zh_CN.po); then translate what msgfmt --statistics says is
# untranslated or fuzzy. The build compiles the .po files (cmake/Install.cmake).
set -euo pipefail
cd "$(dirname "$0")/.."
LANG=C.UTF-8 xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --add-comments=TRANSLATORS --sort-output --no-location \
  --no-wrap --package-name=xxgk -o po/xxgk.pot src/cli/*.c
for po in po/*.po; do
  msgmerge --quiet --update --backup=none --no-wrap --no-location "$po" po/xxgk.pot
  msgfmt --check --statistics -o /dev/null "$po"
done
