#!/bin/sh
# The code's size rules: functions of at most 80 lines (from the name to
# the closing brace, both in column 0 in this code's style) and source
# files of at most 800. Lists what is longer, longest first.
#   tools/check-lengths.sh [-a] [--check] [DIR...]
#   -a       every function with its length, not only the long ones
#   --check  exit 1 if anything is over (the unit test code_lengths)
# DIRs default to lib, daemon and client of the source tree; FMAX and SMAX
# in the environment change the limits.
set -eu
cd "$(dirname "$0")/.."
fmax=${FMAX:-80}
smax=${SMAX:-800}
all=
check=
while [ $# -gt 0 ]; do
	case $1 in
	-a) all=1 ;;
	--check) check=1 ;;
	-*) echo "usage: tools/check-lengths.sh [-a] [--check] [DIR...]" >&2
	    exit 2 ;;
	*) break ;;
	esac
	shift
done
[ $# -gt 0 ] || set -- lib daemon client
files=$(find "$@" -name '*.[ch]' | sort)
lengths=$(echo "$files" | grep '\.c$' | xargs awk '
FNR == 1 { name = ""; body = 0 }
!body && /^[A-Za-z_][A-Za-z0-9_]*\(/ {
	name = $0; sub(/\(.*/, "", name); start = FNR
}
!body && name != "" && /;[ \t]*$/ { name = "" }	# a prototype
!body && name != "" && /^\{/ { body = 1 }
body && /^\}/ {
	printf "%5d %s:%d %s()\n", FNR - start + 1, FILENAME, start, name
	name = ""; body = 0
}' | sort -rn)
funcs=$(echo "$lengths" | awk -v max="$fmax" '$1 > max')
big=$(echo "$files" | xargs wc -l | awk -v max="$smax" \
    '$2 != "total" && $1 > max { printf "%5d %s\n", $1, $2 }' | sort -rn)
if [ -n "$all" ]; then
	echo "$lengths"
elif [ -n "$funcs" ]; then
	echo "$funcs"
fi
[ -z "$big" ] || echo "$big"
[ -n "$check" ] || exit 0
if [ -n "$funcs$big" ]; then
	echo "check-lengths: over $fmax lines a function or $smax a file" \
	    "(split it along a seam)" >&2
	exit 1
fi
