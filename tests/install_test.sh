#!/usr/bin/env bash
# install_test.sh BUILD SOURCE [EXTRA_CFLAGS] — `cmake --install` (issue 13,
# deliverable 6): the command, the shared and static libxxgk, the headers,
# xxgk.pc, the data under share/xxgk, man pages, bash completion; the install
# moved elsewhere still finds its data; examples/parse_one.c built against
# the installed prefix through pkg-config, shared and static, and run on seed
# 000 (汉川市分水镇 2024: new 2, （七）总计 printed 0 0 0 0 0 0 2, three errors —
# shared/corpus/EXPECTED.md). Ends with "N passed, N failed".
set -u
build=$(realpath "$1")
src=$(realpath "$2")
extra=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
export LANG=C LC_ALL=C LANGUAGE=
unset XXGK_DATA_DIR XXGK_LOCALE_DIR
seed0="$src/fixtures/seeds/000_2a68a08fb10c7e43.txt"

cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log" 2>&1
check "cmake --install succeeds" '[ $? -eq 0 ]'
# where GNUInstallDirs puts the libraries (lib, or lib/<multiarch> for /usr)
libdir=$(dirname "$(find "$tmp/prefix" -name 'libxxgk.a' | head -1)")
p=$tmp/prefix
check "bin/xxgk" '[ -x "$p/bin/xxgk" ]'
check "shared and static libxxgk" '[ -f "$libdir/libxxgk.a" ] && [ -L "$libdir/libxxgk.so" ] && ls "$libdir"/libxxgk.so.0.* > /dev/null'
check "the shared library exports the API" 'nm -D --defined-only "$libdir/libxxgk.so" | grep -q " T xxgk_parse_buffer$"'
check "every public header, by name" 'diff <(ls "$src/include/xxgk") <(ls "$p/include/xxgk")'
check "xxgk.pc" '[ -f "$libdir/pkgconfig/xxgk.pc" ]'
check "every file of data/ under share/xxgk, the same bytes" 'diff -r "$src/data" "$p/share/xxgk"'
n_cmds=$("$build/xxgk" help | awk '/^Commands:/{f=1;next} f&&/^  [a-z]/{n++} f&&/^$/{exit} END{print n}')
check "a man page per command, and xxgk.1 ($n_cmds commands)" \
  '[ "$(ls "$p/share/man/man1" | grep -c "^xxgk-.*\.1$")" -eq "$n_cmds" ] && [ -f "$p/share/man/man1/xxgk.1" ]'
if command -v man > /dev/null; then
  LANG=C.UTF-8 LC_ALL=C.UTF-8 MANWIDTH=100 man -l "$p/share/man/man1/xxgk-track.1" > "$tmp/man.txt" 2> "$tmp/man.err"
  check "the track man page reads: its options from the help" \
    'grep -q "^SYNOPSIS" "$tmp/man.txt" && grep -q -- "--xlsx=FILE" "$tmp/man.txt" && grep -q "^EXIT STATUS" "$tmp/man.txt" && [ ! -s "$tmp/man.err" ]'
fi
check "a Chinese man page per English one" \
  'diff <(ls "$p/share/man/man1") <(ls "$p/share/man/zh_CN/man1")'
check "the Chinese catalog and man pages" '[ -f "$p/share/locale/zh_CN/LC_MESSAGES/xxgk.mo" ] && grep -q "勾稽关系及其他审核" "$p/share/man/zh_CN/man1/xxgk-check.1"'
check "man pages are roff with the command's name" 'head -1 "$p/share/man/man1/xxgk-check.1" | grep -q "^\.TH XXGK\\\\-CHECK 1"'
comp=$p/share/bash-completion/completions/xxgk
words=$(bash -c "source '$comp'; COMP_WORDS=(xxgk tra); COMP_CWORD=1; _xxgk; echo \${COMPREPLY[*]}")
check "completion: commands ($words)" '[ "$words" = track ]'
words=$(bash -c "source '$comp'; COMP_WORDS=(xxgk check --xl); COMP_CWORD=2; _xxgk; echo \${COMPREPLY[*]}")
check "completion: a command's options ($words)" '[ "$words" = --xlsx ]'

# moved elsewhere, the install still finds its data (found from where the binary and library are)
mv "$p" "$tmp/moved"
p=$tmp/moved
libdir=${libdir/$tmp\/prefix/$p}
( cd "$tmp" && "$p/bin/xxgk" version --paths ) > "$tmp/paths.txt"
check "the moved install reads its own share/xxgk" 'grep -qx "data $p/share/xxgk" "$tmp/paths.txt"'
"$p/bin/xxgk" parse --json "$seed0" > "$tmp/seed.json"
LANG=zh_CN.UTF-8 LC_ALL= "$p/bin/xxgk" help check > "$tmp/zh.txt"
check "and its own message catalog (help in Chinese under zh_CN)" 'grep -q "^用法：xxgk check" "$tmp/zh.txt" && grep -qx "locale $p/share/locale" "$tmp/paths.txt"'
check "and places bodies with it" 'grep -q "\"region_code\":\"420984103\"" "$tmp/seed.json"'

# examples/parse_one.c against the installed prefix, through pkg-config
export PKG_CONFIG_PATH=$libdir/pkgconfig
cflags=$(pkg-config --cflags xxgk) libs=$(pkg-config --libs xxgk)
check "pkg-config knows xxgk $(pkg-config --modversion xxgk), in the moved prefix" \
  '[ "$(pkg-config --modversion xxgk)" = "$("$p/bin/xxgk" version | cut -d" " -f2)" ] &&
   [ "$(realpath "$(pkg-config --variable=includedir xxgk)")" = "$p/include" ] && [ "$(realpath "$(pkg-config --variable=libdir xxgk)")" = "$libdir" ]'
cc -std=c11 -Wall -Wextra -Werror $extra $cflags "$src/examples/parse_one.c" $libs -o "$tmp/parse_one" 2> "$tmp/cc.err"
check "the example builds against the shared library" '[ -x "$tmp/parse_one" ] || { cat "$tmp/cc.err"; false; }'
LD_LIBRARY_PATH=$libdir "$tmp/parse_one" "$seed0" > "$tmp/one.txt" 2> "$tmp/one.err"
check "the example reads seed 000 through libxxgk.so" \
  'grep -qx "agency 分水镇" "$tmp/one.txt" && grep -qx "region 420984103" "$tmp/one.txt" && grep -qx "year 2024" "$tmp/one.txt" &&
   grep -qx "new_received 2" "$tmp/one.txt" && grep -qx "total_processed 2" "$tmp/one.txt" && grep -qx "errors 3" "$tmp/one.txt"'
check "it used the installed library" 'LD_LIBRARY_PATH=$libdir ldd "$tmp/parse_one" | grep -q "libxxgk.so.0 => $libdir/"'
slibs=$(pkg-config --static --libs xxgk | sed 's/-lxxgk//')
cc -std=c11 -Wall -Wextra -Werror $extra $cflags "$src/examples/parse_one.c" "$libdir/libxxgk.a" $slibs -o "$tmp/parse_static" 2> "$tmp/cc2.err"
check "the example links statically with pkg-config --static" '[ -x "$tmp/parse_static" ] || { cat "$tmp/cc2.err"; false; }'
XXGK_DATA_DIR=$p/share/xxgk "$tmp/parse_static" "$seed0" > "$tmp/two.txt" 2>&1
check "the static one gives the same" 'cmp -s "$tmp/one.txt" "$tmp/two.txt"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
