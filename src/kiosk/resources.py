"""Where bundled files live: the installed package, the one-file build and a source checkout.

Everything is reached through importlib.resources so that a wheel, an editable install and a
PyInstaller bundle (which unpacks ``kiosk/_bundled`` beside the modules) resolve the same names.
No Qt here: the deck checker runs without it.
"""

from __future__ import annotations

import os
import re
import sys
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Python 3.11+ only; 3.9 (Debian 11 builds) has importlib.abc's
    from importlib.resources.abc import Traversable

DECK_NAME = "slides.yaml"

# What a build must bundle, relative to the repository root; the PyInstaller spec reads this list.
BUNDLED = (DECK_NAME, "assets", "pyproject.toml")

_REPO_ROOT = Path(__file__).resolve().parents[2]


def bundled_root() -> Traversable:
    """The folder holding the bundled deck and assets."""
    packaged = files("kiosk") / "_bundled"
    if packaged.is_dir():
        return packaged
    # Editable install or plain source checkout: the repository root holds the originals.
    return _REPO_ROOT  # pathlib.Path satisfies the Traversable protocol


def bundled(name: str) -> Traversable:
    return bundled_root() / name


def bundled_deck() -> Path:
    """A real filesystem path of the bundled deck (the loader reports errors against it)."""
    with as_file(bundled(DECK_NAME)) as path:
        return Path(path)


def font_files() -> list[Traversable]:
    fonts = bundled("assets") / "fonts"
    return sorted((f for f in fonts.iterdir() if f.name.endswith((".otf", ".ttf"))),
                  key=lambda f: f.name)


def bundled_version() -> str:
    text = bundled("pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else "0+unknown"


def executable() -> Path | None:
    """The file a user runs: the single-file launcher, else the frozen executable; None from a
    Python install."""
    launcher = os.environ.get("KIOSK_LAUNCHER")
    if launcher:
        return Path(launcher).resolve()
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve()
    return None


def describe_deck(path: Path) -> str:
    """How to name a deck to the operator: the built-in deck of an installed program lives in an
    unpacked cache folder they should not edit, so say what it is and how to replace it."""
    program = executable()
    if program is not None and path.resolve() == bundled_deck().resolve():
        return (f"the built-in deck (put a {DECK_NAME} beside {program.name} or in the working "
                "folder to show your own)")
    return str(path)


def resolve_deck(given: str | None) -> Path:
    """The deck to show: the path given, beside the executable, in the working folder, bundled."""
    if given:
        return Path(given)
    candidates = []
    program = executable()
    if program is not None:
        candidates.append(program.parent / DECK_NAME)
    try:
        candidates.append(Path.cwd() / DECK_NAME)
    except OSError as exc:  # the working folder was removed under the process
        print(f"the working folder is gone ({exc.strerror}); not looking there for "
              f"{DECK_NAME}", file=sys.stderr)
    for candidate in candidates:
        try:
            if candidate.is_file():
                return candidate
        except OSError as exc:
            # A service started in a folder it may not search (another user's checkout, a
            # locked-down working directory): that place cannot hold the deck for us, so one
            # line says so and the search goes on, instead of a traceback.
            print(f"{candidate.parent}: cannot look for {DECK_NAME} here ({exc.strerror}); "
                  "skipped", file=sys.stderr)
    return bundled_deck()
