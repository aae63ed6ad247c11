"""An environment in which fontconfig finds no font at all: whatever a child process draws, it
draws with the kiosk's bundled fonts or not at all (a machine with CJK system fonts would
otherwise hide a character the bundle lacks)."""

from __future__ import annotations

import os
from pathlib import Path

CONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{empty}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def bare_env(folder: Path) -> dict[str, str]:
    (folder / "no-fonts").mkdir(parents=True, exist_ok=True)
    config = folder / "fonts.conf"
    config.write_text(CONFIG.format(empty=folder / "no-fonts", cache=folder / "fc-cache"),
                      encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(config), QT_QPA_PLATFORM="offscreen")
    env.pop("FONTCONFIG_PATH", None)
    return env
