#!/usr/bin/env bash
# Pack a one-folder app (a folder with an executable `kiosk` in it) behind launcher.sh into one
# self-unpacking file:  bash build_spec/pack.sh APP_FOLDER OUT_FILE
set -euo pipefail
app=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$app/kiosk" ] || { echo "pack.sh: $app/kiosk is missing" >&2; exit 1; }
payload=$(mktemp)
trap 'rm -f "$payload"' EXIT
tar -C "$app" --owner=0 --group=0 --numeric-owner -cf - . | gzip -6 -n > "$payload"
sum=$(sha256sum "$payload" | cut -c1-64)
# The same listing the launcher makes of an unpacked copy (launcher.sh: intact).
tree=$(cd "$app" && find . \( -type f -o -type l \) -printf '%y %s %P\n' | LC_ALL=C sort | cksum)
need=$(du -sk "$app" | cut -f1)
skip=$(( $(wc -l < "$here/launcher.sh") + 1 ))
sed -e "s/@ID@/${sum:0:16}/" -e "s/@SUM@/$sum/" -e "s/@TREE@/$tree/" -e "s/@NEED@/$need/" \
    -e "s/@SKIP@/$skip/" "$here/launcher.sh" > "$out"
cat "$payload" >> "$out"
chmod +x "$out"
echo "$out: $(du -h "$out" | cut -f1) (payload ${sum:0:16})"
