#!/bin/sh
# cmake --install lays out binaries, config, lexicon, units and docs in the
# standard places of the configured prefix, with that prefix's paths
# written into the config and the units, and the installed daemon accepts
# its installed config.  usage: check-install.sh BUILD_DIR
set -eu
build=$1
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
case $prefix in
/usr) etc=/etc ;;
*) etc=$prefix/etc ;;
esac
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
DESTDIR=$dest cmake --install "$build" >/dev/null
fail=0
for f in "$prefix/sbin/raqibd" "$prefix/bin/raqib" "$etc/raqib/raqibd.conf" \
    "$prefix/share/raqib/lexicon/places.json" \
    "$prefix/share/raqib/lexicon/events.json" \
    "$prefix/share/raqib/lexicon/README.md" \
    "$prefix/lib/systemd/system/raqibd.service" \
    "$prefix/lib/systemd/system/raqib-alert@.service" \
    "$prefix/share/doc/raqib/README.md" \
    "$prefix/share/raqib/web/map.html" "$prefix/share/raqib/web/map.js" \
    "$prefix/share/raqib/web/countries.geojson" \
    "$prefix/share/doc/raqib/examples/alert-example.conf"; do
	if [ ! -e "$dest$f" ]; then
		echo "missing: $f"
		fail=1
	fi
done
unit=$dest$prefix/lib/systemd/system/raqibd.service
grep -q "^ExecStart=$prefix/sbin/raqibd -c $etc/raqib/raqibd.conf\$" "$unit" ||
    { echo "raqibd.service does not run $prefix/sbin/raqibd with $etc/raqib"; fail=1; }
grep -q "^lexicon = $prefix/share/raqib/lexicon\$" "$dest$etc/raqib/raqibd.conf" ||
    { echo "raqibd.conf does not name the installed lexicon"; fail=1; }
# the installed daemon accepts the installed config and lexicon, with the
# folders systemd makes (StateDirectory=) made here under $dest
grep -q "^dir = /var/lib/raqib/inbox\$" "$dest$etc/raqib/raqibd.conf" ||
    { echo "raqibd.conf does not watch /var/lib/raqib/inbox"; fail=1; }
grep -q "^StateDirectory=raqib raqib/inbox\$" "$unit" ||
    { echo "raqibd.service does not make the inbox"; fail=1; }
mkdir -p "$dest/var/lib/raqib/inbox"
sed -e "s|^lexicon = |lexicon = $dest|" -e "s|^dir = |dir = $dest|" \
    -e "s|^path = |path = $dest|" "$dest$etc/raqib/raqibd.conf" \
    >"$dest/check.conf"
"$dest$prefix/sbin/raqibd" -n -c "$dest/check.conf" >/dev/null ||
    { echo "raqibd -n refuses the installed config"; fail=1; }
exit $fail
