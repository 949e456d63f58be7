#!/bin/sh
# The development passages against their gold with a micro-F1 threshold;
# exits 77 (skipped) when their texts are not in .cache/dev.
#   dev.sh RAQIB SOURCE_DIR MIN_F1
set -eu
raqib=$1 src=$2 min=$3
gold=$src/../shared/eval/dev/gold
set -- "$src"/.cache/dev/*.txt
if [ ! -d "$gold" ] || [ ! -f "$1" ]; then
	echo "eval_dev: no development texts in $src/.cache/dev (see ../shared/eval/dev/rebuild.py); skipped"
	exit 77
fi
exec "$raqib" eval --min-f1 "$min" "$gold" "$@"
