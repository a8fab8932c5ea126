#!/usr/bin/env bash
# The README starts with the brief's two commands: the first fenced block of README.md holds exactly
# two commands, the main job (set-up, then work that ends by writing a PDF) and the test suite, and
# .ci/run runs that second command. Fails if another section's commands are put above them.
set -u
src=${1:?usage: readme_test.sh SOURCE_DIR}
fail=0
bad() { echo "readme_test: $*" >&2; fail=1; }

mapfile -t block < <(awk '/^```/{n++; next} n==1' "$src/README.md" | grep -v '^[[:space:]]*$')
[ "${#block[@]}" -eq 2 ] || bad "README's first code block has ${#block[@]} commands, not 2"
main=${block[0]:-}
tests=${block[1]:-}
case $main in "bash .ci/setup && "*) ;; *) bad "first command does not start with the set-up: $main" ;; esac
case $main in *".pdf") ;; *) bad "first command does not end by writing a PDF: $main" ;; esac
[ "$tests" = "bash .ci/setup --tests && bash .ci/test" ] || bad "second command is not the test suite: $tests"
grep -qxF "bash .ci/setup --tests && bash .ci/test" "$src/.ci/run" || bad ".ci/run does not run the README's test command"
# nothing but the title and a heading above the block
above=$(awk '/^```/{exit} {print}' "$src/README.md" | grep -v '^[[:space:]]*$' | grep -v '^#' | wc -l)
[ "$above" -eq 0 ] || bad "$above lines of prose above the two commands"
[ $fail -eq 0 ] && echo "readme_test: ok"
exit $fail
