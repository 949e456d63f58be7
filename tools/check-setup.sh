#!/bin/sh
# Every pkg-config module that CMake asks for is in tools/setup's lists: the
# plain build's (what tools/demo and the README's install build need) in the
# base list, the test build's in the base or --test list. Each module's .pc
# file is traced to the Debian package that owns it, so a fresh machine that
# runs tools/setup has it. Configures twice in a temporary folder.
#   tools/check-setup.sh [SOURCE_DIR]
set -eu
src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# modules <build dir>: the pkg-config modules a configured tree asked for
modules() {
	sed -n 's/^[A-Za-z0-9_-]*_MODULE_NAME:INTERNAL=\(..*\)$/\1/p' \
	    "$1/CMakeCache.txt" | sort -u
}

# check <label> <build dir> <setup args>
check() {
	"$src/tools/setup" --list $3 >"$tmp/pkgs"
	n=0
	for m in $(modules "$2"); do
		n=$((n + 1))
		pc="$(pkg-config --variable=pcfiledir "$m")/$m.pc"
		owner=$(dpkg -S "$pc" 2>/dev/null | sed 's/[:,].*//' | head -n 1)
		if [ -z "$owner" ]; then
			echo "check-setup: $2: $m ($pc) is owned by no package" >&2
			fail=1
		elif ! grep -qx "$owner" "$tmp/pkgs"; then
			echo "check-setup: the $1 build needs $m from" \
			    "'$owner', which 'tools/setup${3:+ $3}' does not install" >&2
			fail=1
		fi
	done
	if [ "$n" -eq 0 ]; then
		echo "check-setup: the $1 build asked for no pkg-config module:" \
		    "has CMake's cache changed?" >&2
		fail=1
	fi
	echo "check-setup: $1 build: $n modules, each from 'tools/setup${3:+ $3}'"
}

# the plain build, as tools/demo and the README's install configure it
cmake -S "$src" -B "$tmp/plain" -G Ninja >"$tmp/log" 2>&1 ||
    { cat "$tmp/log" >&2; exit 1; }
check plain "$tmp/plain" ""
cmake -S "$src" -B "$tmp/test" -G Ninja -DBUILD_TESTING=ON >"$tmp/log" 2>&1 ||
    { cat "$tmp/log" >&2; exit 1; }
check test "$tmp/test" --test
exit $fail
