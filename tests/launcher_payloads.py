"""Small stand-in programs packed behind build_spec/launcher.sh exactly as the real build is, so the
launcher's every case can be tried in a second instead of a PyInstaller build each."""

from __future__ import annotations

import os
import pwd
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "build_spec" / "pack.sh"
TEST_USER = "kiosk-test"  # made by .ci/setup: cage refuses root, and ownership needs a second user

# Says where it runs from; with FAKE_HOLD set it stays running until that file appears.
FAKE_KIOSK = """#!/bin/sh
echo "ran $(cd "$(dirname "$0")" && pwd) $*"
if [ -n "${FAKE_HOLD:-}" ]; then
  : > "$FAKE_HOLD.started"
  while [ ! -e "$FAKE_HOLD" ]; do sleep 0.02; done
fi
"""


# Ends in order on a stop signal as the kiosk does (a Python handler, which also takes a signal
# the shell started it with ignored): says which one, and exits 0. Ends by itself when FAKE_HOLD
# appears.
STOPPING_KIOSK = """#!/usr/bin/env python3
import os, signal, sys, time
hold = os.environ["FAKE_HOLD"]
def stop(number, _frame):
    with open(hold + ".stopped", "w") as f:
        f.write(signal.Signals(number).name)
    sys.exit(0)
for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(sig, stop)
open(hold + ".started", "w").close()
while not os.path.exists(hold):
    time.sleep(0.02)
"""

# A kiosk that ends the moment a stop reaches it (a shell waiting on a short sleep): the
# launcher's shell may collect it before it looks again, which is where the old launcher lost
# the kiosk's exit code and ended with 128+n.
QUICK_STOPPING_KIOSK = """#!/bin/sh
trap 'echo "$1" > "$FAKE_HOLD.stopped"; exit 0' HUP INT TERM
: > "$FAKE_HOLD.started"
while [ ! -e "$FAKE_HOLD" ]; do sleep 0.02 & wait $!; done
"""


def pack(folder: Path, version: str, *, size: int = 100_000, files: int = 3,
         program: str = FAKE_KIOSK) -> Path:
    """A single file carrying a stand-in kiosk (`program`), a version file and `files`
    libraries of `size`."""
    app = folder / f"app-{version}"
    (app / "lib").mkdir(parents=True)
    kiosk = app / "kiosk"
    kiosk.write_text(program, encoding="utf-8")
    kiosk.chmod(0o755)
    (app / "VERSION").write_text(version, encoding="utf-8")
    for n in range(files):
        (app / "lib" / f"lib{n}.so").write_bytes(os.urandom(size))  # incompressible
    out = folder / f"kiosk-{version}"
    subprocess.run(["bash", str(PACK), str(app), str(out)], check=True, capture_output=True)
    out.chmod(0o755)
    return out


def payload_id(single_file: Path) -> str:
    for line in single_file.read_bytes()[:4096].decode("latin-1").splitlines():
        if line.startswith("id="):
            return line.split("=", 1)[1].split()[0]
    raise AssertionError(f"no id= line in {single_file}")


def launch(exe: Path, env: dict[str, str], *args: str, user: str | None = None,
           timeout: float = 60, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`cwd`: where it starts; another user needs a folder it may search (not the clone)."""
    prefix = ["runuser", "-u", user, "--"] if user else []
    return subprocess.run([*prefix, "env", "-i", *(f"{k}={v}" for k, v in env.items()),
                           str(exe), *args], capture_output=True, text=True, timeout=timeout,
                          check=False, cwd=cwd)


def second_user() -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(TEST_USER)
    except KeyError:
        return None


def wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)
