#!/bin/sh
# layouts_gen.sh SYNTH FIXTURES GAZETTEER OUT — the copies test_layouts reads:
# a small synthetic corpus (its truths), then every layout class of issue 11
# printed from each fixture's truth and each synthetic truth.
set -eu
synth=$1 fixtures=$2 gazetteer=$3 out=$4
rm -rf "$out"
"$synth" --out "$out/synthetic" --bodies 30 --years 2022-2024 --seed 11 --error-rate 0.3 \
	--outlier-rate 0.1 --truth --gazetteer "$gazetteer" >/dev/null
"$synth" --classes all --from "$fixtures/seeds" --from "$fixtures/corpus" --from "$out/synthetic" \
	--out "$out/classes" --variants 4 --seed 7
