"""Real display servers for tests that start the kiosk as a lobby PC would: an Xvfb of their own,
and a socket path where a Wayland compositor is not (any more)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def xvfb(size: str = "1280x720") -> Iterator[str]:
    """An Xvfb on a free display number; yields its DISPLAY (like ":7")."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (bash .ci/setup installs it)")
    read, write = os.pipe()
    # -noreset: without it the server resets each time its last client leaves, and a client
    # that connects meanwhile (a window manager a moment after a test's first xprop) is refused.
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24",
                               "-nolisten", "tcp", "-noreset"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()  # written once the server accepts clients
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def dead_socket(folder: Path, name: str) -> Path:
    """A socket file nobody listens on any more, as a crashed compositor leaves behind."""
    path = folder / name
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(path))
    return path


def free_display_number() -> int:
    number = 90
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return number
