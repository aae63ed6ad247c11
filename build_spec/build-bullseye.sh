#!/usr/bin/env bash
# Build the Linux single file in a Debian 11 (bullseye) root, so that it runs on glibc 2.31 and
# later (Debian 11, Ubuntu 22.04, and everything newer), not only on the build machine's glibc:
#   sudo bash build_spec/build-bullseye.sh            -> dist/kiosk   (OUT=... for another path)
# Root only (debootstrap, chroot). The build root is made once and kept in
# $KIOSK_BUILD_ROOTS (default /var/cache/yangjae-kiosk-build); later builds take ~30 s.
# Inside it: Debian 11's Python 3.9 and PySide6 6.9.3, the last release whose wheels are
# manylinux_2_28 (6.10+ need glibc 2.34). The wheels are fetched by the host's pip, so the root
# needs no network set-up of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
roots=${KIOSK_BUILD_ROOTS:-/var/cache/yangjae-kiosk-build}
root=$roots/bullseye-build
out=${OUT:-$repo/dist/kiosk}
py=${PYTHON:-$repo/.venv/bin/python}
[ "$(id -u)" = 0 ] || { echo "build-bullseye.sh: needs root (debootstrap, chroot)" >&2; exit 1; }

# Qt's build-time libraries (PyInstaller copies them in), Python, and readelf for bundle.py.
DEBS="python3-venv libpython3.9 binutils libgl1 libegl1 libfontconfig1 libxkbcommon0 libglib2.0-0
      libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
      libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1
      libwayland-client0 libwayland-cursor0"
WHEELS=("PySide6-Essentials==6.9.3" "pyinstaller>=6.10" "pydantic>=2.6" "eval_type_backport>=0.2"
        "PyYAML>=6.0" "segno>=1.6" "paho-mqtt>=2.1,<3")
stamp="$root/.ready-$(echo "$DEBS ${WHEELS[*]}" | sha256sum | cut -c1-12)"

mirror() {  # the Debian mirror this machine's apt already uses
  local uri
  uri=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  echo "${DEBIAN_MIRROR:-${uri%/}}"
}

# One user of the root at a time: it is made once, and every build uses its src-kiosk folder
# (CI makes it ahead, in the background, while the suite runs: see .ci/run).
mkdir -p "$roots"
exec 7>>"$roots/.bullseye-build.lock"
flock 7

if [ ! -e "$stamp" ]; then
  rm -rf "$root" "$root.partial"  # (a partial one: a make that was stopped)
  debootstrap --variant=minbase --include="$(echo $DEBS | tr ' ' ',')" bullseye "$root.partial" \
    "$(mirror)" >"$roots/bullseye-build.log" 2>&1 \
    || { echo "debootstrap failed: see $roots/bullseye-build.log" >&2; exit 1; }
  mkdir -p "$root.partial/wheels"
  "$py" -m pip download -q -d "$root.partial/wheels" --python-version 3.9 --only-binary=:all: \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 "${WHEELS[@]}" "importlib-metadata>=4.6" 2>/dev/null
  chroot "$root.partial" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root sh -c \
    'python3 -m venv /build-venv && /build-venv/bin/pip install -q --no-index --find-links /wheels '"$(printf "'%s' " "${WHEELS[@]}")"
  mv "$root.partial" "$root"
  touch "$stamp"
fi
[ -z "${ROOT_ONLY:-}" ] || exit 0  # ROOT_ONLY=1: only make sure the root is there

# This tree's sources, fresh each time (the build reads only these).
rm -rf "$root/src-kiosk"
mkdir "$root/src-kiosk"
tar -C "$repo" --exclude=__pycache__ -cf - src build_spec assets slides.yaml pyproject.toml \
  | tar -C "$root/src-kiosk" -xf -
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root PYTHON=/build-venv/bin/python \
  PYI_LOG_LEVEL="${PYI_LOG_LEVEL:-ERROR}" sh -c 'cd /src-kiosk && bash build_spec/build.sh' >&2
mkdir -p "$(dirname "$out")"
cp "$root/src-kiosk/dist/kiosk" "$out"
echo "$out: $(du -h "$out" | cut -f1), built on Debian 11 (glibc 2.31)"
