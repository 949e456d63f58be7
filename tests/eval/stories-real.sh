#!/bin/sh
# The real multi-outlet story set against its gold, with a B-cubed F1 floor,
# no report merged into another incident and every toll raise flagged; exits
# 77 (skipped) when its texts are not in .cache/stories
# (see tools/stories-rebuild.py).
#   stories-real.sh RAQIB SOURCE_DIR MIN_F1
set -eu
raqib=$1 src=$2 min=$3
set -- "$src"/.cache/stories/s*.txt
if [ ! -f "$1" ]; then
	echo "eval_stories_real: no texts in $src/.cache/stories (see tools/stories-rebuild.py); skipped"
	exit 77
fi
exec "$raqib" eval --stories --strict --min-f1 "$min" \
    "$src/tests/eval/stories-real/gold.tsv" "$@"
