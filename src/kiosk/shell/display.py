"""Find the display before Qt starts, and check the screen asked for once it has.

Qt, given no display, aborts with six lines of advice about xcb-cursor0 and reinstalling; a
lobby PC's installer needs one line saying what is missing. No Qt import here: this runs first.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Mapping, Sequence
from typing import Protocol

ADVICE = "set DISPLAY or WAYLAND_DISPLAY, or run from the desktop session"
CONNECT_TIMEOUT = 1.0
UNSET, NOT_ASKED = "unset", "not asked for"  # why a display is not there, but nothing to say
_X11 = "xcb"
_WAYLAND = ("wayland", "wayland-egl", "wayland-brcm")


def problem(env: Mapping[str, str] | None = None) -> str | None:
    """None when Qt will find a display; otherwise the one line that says what is wrong.

    With one of Wayland and X11 answering and the other set but dead, QT_QPA_PLATFORM is set to
    the live one (in `env` when it is os.environ), so Qt does not try the dead one first.
    """
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    wanted = [p.split(":", 1)[0] for p in env.get("QT_QPA_PLATFORM", "").split(";") if p]
    if wanted and not any(p == _X11 or p in _WAYLAND for p in wanted):
        return None  # offscreen, minimal, eglfs, vnc, ...: no display server involved
    check_x = not wanted or _X11 in wanted
    check_wayland = not wanted or any(p in _WAYLAND for p in wanted)
    wayland = _wayland_problem(env) if check_wayland else NOT_ASKED
    x11 = _x11_problem(env) if check_x else NOT_ASKED
    if wayland is None or x11 is None:
        if not wanted and wayland is None and x11 not in (None, UNSET):
            _prefer(env, "wayland")
        elif not wanted and x11 is None and wayland not in (None, UNSET):
            _prefer(env, _X11)
        return None
    said = [why for why in (wayland, x11) if why not in (UNSET, NOT_ASKED)]
    if not said:
        return f"no display: {ADVICE}"
    return f"no display: {'; '.join(said)}; {ADVICE}"


def _prefer(env: Mapping[str, str], platform: str) -> None:
    if env is os.environ:
        os.environ["QT_QPA_PLATFORM"] = platform


def _wayland_problem(env: Mapping[str, str]) -> str | None:
    if env.get("WAYLAND_SOCKET"):
        return None  # handed an open connection by the compositor that started us
    name = env.get("WAYLAND_DISPLAY")
    if not name:
        return UNSET
    if name.startswith("/"):
        path = name
    else:
        runtime = env.get("XDG_RUNTIME_DIR")
        if not runtime:
            return f"WAYLAND_DISPLAY={name} but XDG_RUNTIME_DIR is not set"
        path = os.path.join(runtime, name)
    if _answers(socket.AF_UNIX, path):
        return None
    return f"WAYLAND_DISPLAY={name} does not answer (no compositor at {path})"


def _x11_problem(env: Mapping[str, str]) -> str | None:
    name = env.get("DISPLAY")
    if not name:
        return UNSET
    host, _, rest = name.rpartition(":")
    number = rest.split(".", 1)[0]
    if not number.isdigit():
        return f"DISPLAY={name} is not a display name (like :0)"
    if host in ("", "unix") or host.startswith("unix/"):
        path = f"/tmp/.X11-unix/X{number}"
        # Linux X servers listen on an abstract socket too, which is all a sandbox may see.
        if _answers(socket.AF_UNIX, path) or _answers(socket.AF_UNIX, "\0" + path):
            return None
        return f"DISPLAY={name} does not answer (no X server at {path})"
    if host.startswith("/"):  # a socket path (XQuartz-style)
        return None if _answers(socket.AF_UNIX, f"{host}:{rest}") else \
            f"DISPLAY={name} does not answer"
    if _answers(socket.AF_INET6 if ":" in host else socket.AF_INET,
                (host.strip("[]"), 6000 + int(number))):
        return None
    return f"DISPLAY={name} does not answer (no X server at {host} port {6000 + int(number)})"


def _answers(family: int, address: str | tuple[str, int]) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(address)
            return True
    except OSError:
        return False


class Geometry(Protocol):
    def width(self) -> int: ...
    def height(self) -> int: ...


class Screen(Protocol):
    def name(self) -> str: ...
    def geometry(self) -> Geometry: ...


def screen_problem(asked: int | None, screens: Sequence[Screen]) -> str | None:
    """None when --screen N names a screen there is; otherwise the error naming those there are."""
    if asked is None or 0 <= asked < len(screens):
        return None
    listed = ", ".join(f"{n} = {s.name() or '?'} ({s.geometry().width()}x{s.geometry().height()})"
                       for n, s in enumerate(screens))
    there = f"there is 1 screen: {listed}" if len(screens) == 1 else \
        f"there are {len(screens)} screens: {listed}"
    return f"--screen {asked}: no such screen; {there}"
