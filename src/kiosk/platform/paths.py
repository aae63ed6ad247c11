"""Where the kiosk keeps its files for the user it runs as.

Linux: the XDG folders (Qt's standard locations for state and cache; $XDG_CONFIG_HOME for the
autostart files). Windows: one folder, %LOCALAPPDATA%\\YangjaeKiosk, with logs\\ and cache\\ in it,
which an operator finds without knowing Qt's naming and which a roaming profile does not copy.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

WINDOWS_FOLDER = "YangjaeKiosk"


def windows_home() -> Path | None:
    """%LOCALAPPDATA%\\YangjaeKiosk on Windows; None elsewhere."""
    if sys.platform != "win32":
        return None
    base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    return Path(base) / WINDOWS_FOLDER


def config_home() -> Path:
    """Linux: $XDG_CONFIG_HOME, default ~/.config. Windows: %APPDATA% (the roaming settings)."""
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
