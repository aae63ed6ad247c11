#!/bin/sh
# Yangjae lobby kiosk. This file carries the whole program; the first start unpacks it once into
# the user's cache folder, every later start runs it from there at once (no unpacking to /tmp at
# every launch, which is what made a plain PyInstaller one-file build slow to show its first slide).
set -e
id=@ID@
base="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/yangjae-kiosk"
dir="$base/app-$id"
if [ ! -x "$dir/kiosk" ]; then
  mkdir -p "$base"
  partial="$dir.partial.$$"
  rm -rf "$partial"
  mkdir "$partial"
  tail -n +@SKIP@ "$0" | gzip -dc | tar -xf - -C "$partial"
  if mv "$partial" "$dir" 2>/dev/null; then
    for old in "$base"/app-*; do
      [ "$old" = "$dir" ] || rm -rf "$old"
    done
  else
    rm -rf "$partial"  # another start unpacked it first
  fi
fi
KIOSK_LAUNCHER="$0" exec "$dir/kiosk" "$@"
