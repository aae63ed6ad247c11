"""Start with the machine, come back after a crash: a systemd user unit, or an XDG autostart entry.

Files go under $XDG_CONFIG_HOME (default ~/.config), never anywhere that needs root.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

UNIT_NAME = "yangjae-kiosk.service"
DESKTOP_NAME = "yangjae-kiosk.desktop"


def config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def command(deck: str | None, extra: tuple[str, ...] = ()) -> list[str]:
    """How to start the kiosk from here: the one-file executable, or this Python with -m kiosk."""
    from kiosk.resources import executable

    program = executable()
    base = [str(program)] if program is not None else [sys.executable, "-m", "kiosk"]
    args = ["run"]
    if deck:
        args.append(deck if _is_url(deck) else str(Path(deck).resolve()))
    return base + args + list(extra)


def _is_url(deck: str) -> bool:
    return deck.startswith(("http://", "https://"))


def unit_text(deck: str | None, extra: tuple[str, ...] = ()) -> str:
    display = os.environ.get("DISPLAY", ":0")
    xauthority = os.environ.get("XAUTHORITY", str(Path.home() / ".Xauthority"))
    workdir = str(Path(deck).resolve().parent) if deck and not _is_url(deck) else str(Path.cwd())
    return f"""[Unit]
Description=Yangjae lobby kiosk
After=graphical-session.target
PartOf=graphical-session.target

[Service]
Type=simple
ExecStart={shlex.join(command(deck, extra))}
WorkingDirectory={workdir}
Environment=DISPLAY={display}
Environment=XAUTHORITY={xauthority}
Environment=LANG=C.UTF-8
Restart=always
RestartSec=3

[Install]
WantedBy=graphical-session.target default.target
"""


def desktop_text(deck: str | None, extra: tuple[str, ...] = ()) -> str:
    return f"""[Desktop Entry]
Type=Application
Name=Yangjae lobby kiosk
Exec={shlex.join(command(deck, extra))}
X-GNOME-Autostart-enabled=true
NoDisplay=true
"""


def install(deck: str | None, xdg: bool, extra: tuple[str, ...] = ()) -> tuple[Path, str]:
    if xdg:
        path = config_home() / "autostart" / DESKTOP_NAME
        text = desktop_text(deck, extra)
        how = "It starts at the next graphical login."
    else:
        path = config_home() / "systemd" / "user" / UNIT_NAME
        text = unit_text(deck, extra)
        how = (f"Enable it with:\n  systemctl --user daemon-reload && systemctl --user enable "
               f"--now {UNIT_NAME}\n  loginctl enable-linger $USER   # start without a login")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, how


def uninstall() -> list[Path]:
    removed = []
    for path in (config_home() / "systemd" / "user" / UNIT_NAME,
                 config_home() / "autostart" / DESKTOP_NAME):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
