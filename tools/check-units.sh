#!/bin/sh
# The systemd units pass systemd's own checks: an exposure of 2.0 or lower
# (systemd-analyze security --offline) and nothing from systemd-analyze
# verify but the binaries that are not installed on this machine.
# usage: tools/check-units.sh [UNIT_DIR]
set -eu
dir=${1:-$(dirname "$0")/../systemd}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for unit in "$dir"/*.service; do
	name=$(basename "$unit")
	case $name in
	*@.service) inst=${name%@.service}@check.service ;;	# an instance
	*) inst=$name ;;
	esac
	cp "$unit" "$tmp/$inst"
	if systemd-analyze security --offline=true --threshold=20 \
	    "$tmp/$inst" >"$tmp/security" 2>&1; then
		tail -n 1 "$tmp/security"
	else
		echo "$name: exposure above 2.0 (or the check failed):"
		tail -n 5 "$tmp/security"
		fail=1
	fi
	systemd-analyze verify "$tmp/$inst" 2>&1 |
	    grep -v 'is not executable: No such file or directory' \
	    >"$tmp/verify" || true
	if [ -s "$tmp/verify" ]; then
		echo "$name: systemd-analyze verify says:"
		cat "$tmp/verify"
		fail=1
	fi
done
exit $fail
