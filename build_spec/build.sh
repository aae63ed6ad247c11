#!/usr/bin/env bash
# Build the kiosk's single-file executable:  bash build_spec/build.sh   (from anywhere)
# Linux: PyInstaller builds a one-folder app, which is packed behind build_spec/launcher.sh into
# dist/kiosk. Elsewhere PyInstaller's own one-file mode gives dist/kiosk(.exe) directly.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
"$py" -m PyInstaller --noconfirm --log-level "${PYI_LOG_LEVEL:-WARN}" build_spec/kiosk.spec
case "$(uname -s)" in
  Linux) ;;
  *) exit 0 ;;
esac
bash build_spec/pack.sh dist/kiosk-app dist/kiosk
rm -rf dist/kiosk-app build/kiosk
