#!/bin/sh
# Yangjae lobby kiosk. This file carries the whole program; the first start unpacks it once into
# the user's private cache folder, every later start runs it from there at once (no unpacking to
# /tmp at every launch, which is what made a plain PyInstaller one-file build slow to start).
# With no usable home it unpacks into a fresh private temporary folder for this run only.
# Needs only what every Debian/Ubuntu system has: sh, coreutils, tar, gzip, find, flock.
set -eu
id=@ID@          # the payload's sha256, shortened: names the unpacked version
sum=@SUM@        # the payload's whole sha256: a damaged file is refused before unpacking
tree='@TREE@'    # cksum of the unpacked files' names and sizes: a damaged copy is unpacked again
need=@NEED@      # KiB the unpacked program takes
skip=@SKIP@      # the payload starts on this line
umask 077

say() { echo "kiosk: $*" >&2; }

payload() { tail -n +"$skip" "$0"; }

# A folder of ours that holds every file of this version at its size.
intact() {
  [ -d "$1" ] && [ ! -L "$1" ] && [ -O "$1" ] || return 1
  [ "$(cd "$1" && find . \( -type f -o -type l \) -printf '%y %s %P\n' | LC_ALL=C sort | cksum)" \
    = "$tree" ]
}

# Unpack into the empty folder $1 (ours), or remove it and say in one line why not.
unpack() {
  if [ "$(payload | sha256sum | cut -c1-64)" != "$sum" ]; then
    rm -rf "$1"; say "$0 is damaged (its contents do not match their checksum): copy it again"
    return 1
  fi
  : > "$1/.probe" && chmod 700 "$1/.probe"
  if [ ! -x "$1/.probe" ]; then
    rm -rf "$1"
    say "cannot run programs from $(dirname "$1") (mounted noexec): set XDG_CACHE_HOME or TMPDIR to a folder on another filesystem"
    return 1
  fi
  rm -f "$1/.probe"
  free=$(df -Pk "$1" 2>/dev/null | tail -n 1 | tr -s ' ' | cut -d' ' -f4)
  if [ -n "$free" ] && [ "$free" -lt "$need" ]; then  # unknown (no /proc in a chroot): try
    rm -rf "$1"
    say "not enough space in $(dirname "$1"): the kiosk needs $((need / 1024 + 1)) MB, $((free / 1024)) MB are free"
    return 1
  fi
  # sh has no pipefail: the check of every file's size below is what says the unpacking worked.
  err=$( { payload | gzip -dc | tar -xf - -C "$1"; } 2>&1 | head -n 1) || true
  if ! intact "$1"; then
    rm -rf "$1"; say "could not unpack into $(dirname "$1"): ${err:-files missing}"
    return 1
  fi
}

# Remove what no start needs: versions no running kiosk holds (each holds its version's lock,
# shared, for its whole run), copies of damaged versions, and folders of unpacks that were killed
# (only ever left over: the caller holds the cache lock, so no unpack is running).
prune() {
  flock -u 9  # our own version's damaged copies too: the cache lock keeps other pruners out
  for old in "$base"/app-* "$base"/.trash.* "$base"/.partial.*; do
    case $old in
      "$dir" | *.lock | *'*') continue ;;
      "$base"/.partial.*) rm -rf "$old" 2>/dev/null || true; continue ;;
      "$base"/.trash.*) version=${old#"$base"/.trash.}; version=${version%%.*} ;;
      *) version=${old#"$base"/app-} ;;
    esac
    flock -n -x "$base/app-$version.lock" rm -rf "$old" 2>/dev/null || true
  done
  flock -s 9
}

# Where: $XDG_CACHE_HOME, else ~/.cache when the home is ours. Never a shared path.
cache=
case ${XDG_CACHE_HOME:-} in
  /*) cache=$XDG_CACHE_HOME ;;
  *) case ${HOME:-} in
       /*) if [ -d "$HOME" ] && [ -O "$HOME" ]; then cache=$HOME/.cache; fi ;;
     esac ;;
esac
base=
if [ -n "$cache" ]; then
  mkdir -p "$cache/yangjae-kiosk" 2>/dev/null || true
  if [ -d "$cache/yangjae-kiosk" ] && [ ! -L "$cache/yangjae-kiosk" ] \
      && [ -O "$cache/yangjae-kiosk" ]; then
    chmod 700 "$cache/yangjae-kiosk"
    base=$cache/yangjae-kiosk
  elif [ -e "$cache/yangjae-kiosk" ] || [ -L "$cache/yangjae-kiosk" ]; then
    say "$cache/yangjae-kiosk belongs to another user (remove it): using a temporary folder this time"
  fi
fi

if [ -z "$base" ]; then
  # No private cache: a fresh private folder for this run, removed when the kiosk ends (so no exec).
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/yangjae-kiosk.XXXXXX") || { say "cannot create a temporary folder"; exit 1; }
  trap 'rm -rf "$tmp"' EXIT
  # A stop (systemctl stop, Ctrl+C, a closed terminal) while unpacking: the folder goes and the
  # launcher ends of that signal. Once the kiosk runs, the stop is passed on to it and its own
  # exit code (0 after an orderly stop) is the launcher's: sh would otherwise only act on the
  # signal after the kiosk had ended by itself.
  child=
  stopping=
  stop() {
    if [ -n "$child" ]; then stopping=1; kill -"$1" "$child" 2>/dev/null || true; return; fi
    rm -rf "$tmp"; trap - EXIT "$1"; kill -"$1" $$
  }
  trap 'stop HUP' HUP
  trap 'stop INT' INT
  trap 'stop TERM' TERM
  mkdir "$tmp/app"
  unpack "$tmp/app" || exit 1
  KIOSK_LAUNCHER="$0" "$tmp/app/kiosk" "$@" <&0 &
  child=$!
  rc=0
  while :; do
    stopping=
    got=0
    wait "$child" || got=$?
    # Not interrupted: that was the kiosk's exit code. A stop interrupted the wait (its 128+n is
    # not the kiosk's code): wait again, which gives the code even when the shell has already
    # collected the kiosk. 127 means the kiosk was collected before the stop came: rc holds it.
    if [ -z "$stopping" ]; then rc=$got; break; fi
    [ "$got" -ne 127 ] || break
    rc=$got
  done
  exit "$rc"
fi

# A stop before the kiosk runs (the checks, or the first unpack, below): nothing is on screen
# and nothing half-done stays in use (a killed unpack's folder is removed by the next start), so
# end with 0 as the kiosk does for a stop while starting. The exec resets these for the kiosk.
trap 'exit 0' HUP INT TERM
dir=$base/app-$id
exec 9>>"$base/app-$id.lock"
flock -s 9  # kept by the kiosk (inherited through exec): no other start removes these files
if intact "$dir"; then
  exec 8>>"$base/.lock"
  if flock -n -x 8; then prune; fi  # a version an earlier kiosk held may be free now
else
  exec 8>>"$base/.lock"
  flock -x 8  # one unpack at a time; a second first start waits and then uses the first's
  if ! intact "$dir"; then
    partial=$(mktemp -d "$base/.partial.$id.XXXXXX")
    if ! unpack "$partial"; then
      [ -n "$(ls -A "$base" | grep -v '\.lock$' || true)" ] || rm -rf "$base"
      exit 1
    fi
    if [ -e "$dir" ] || [ -L "$dir" ]; then  # damaged: set aside, removed once no kiosk holds it
      mv -T "$dir" "$base/.trash.$id.$$"
    fi
    mv -T "$partial" "$dir"
  fi
  prune
fi
exec 8>&-
KIOSK_LAUNCHER="$0" exec "$dir/kiosk" "$@"
