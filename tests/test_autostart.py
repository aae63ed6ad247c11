"""Autostart that survives the next login: nothing of this session's display is baked into the
unit, and the XDG entry's Exec line is quoted as the Desktop Entry spec says (checked by
desktop-file-validate and by reading it back as the spec reads it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.ops import autostart


@pytest.fixture
def odd_deck(tmp_path: Path) -> Path:
    folder = tmp_path / "Lobby deck's $HOME \"copy\" 100%"
    folder.mkdir()
    deck = folder / "slides.yaml"
    deck.write_text("slides: []\n", encoding="utf-8")
    return deck


def test_the_unit_takes_the_display_from_the_session(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    # GNOME's Xwayland cookie: a new file name at every login
    monkeypatch.setenv("XAUTHORITY", "/run/user/1000/.mutter-Xwaylandauth.5QXAW2")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    text = autostart.unit_text(None)
    for baked in ("Environment=XAUTHORITY", "Environment=DISPLAY", "mutter", "wayland-0"):
        assert baked not in text
    assert "PartOf=graphical-session.target" in text
    assert "WantedBy=graphical-session.target" in text
    assert "default.target" not in text  # at boot there is no display to start on


def test_the_unit_is_valid_for_systemd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                       odd_deck: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    unit = tmp_path / autostart.UNIT_NAME
    unit.write_text(autostart.unit_text(str(odd_deck)), encoding="utf-8")
    # The user manager's target, which the system-wide check does not know of, stood in for.
    (tmp_path / "graphical-session.target").write_text("[Unit]\nDescription=stand-in\n")
    result = subprocess.run(["systemd-analyze", "--man=no", "verify", str(unit)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    (line,) = [x for x in unit.read_text().splitlines() if x.startswith("ExecStart=")]
    assert "$$HOME" in line and "100%%" in line  # systemd would expand both otherwise


def spec_unquote(value: str) -> list[str]:
    """Read an Exec value back as the Desktop Entry spec does (string escapes, then quoting)."""
    text = value.replace("\\\\", "\0")  # the string-level escape of a backslash
    assert "\\" not in text.replace('\\"', "").replace("\\`", "").replace("\\$", "")
    text = text.replace("\0", "\\")
    args: list[str] = []
    current, quoted, i, started = "", False, 0, False
    while i < len(text):
        c = text[i]
        if quoted:
            if c == "\\":
                i += 1
                current += text[i]
            elif c == '"':
                quoted = False
            else:
                current += c
        elif c == '"':
            quoted, started = True, True
        elif c == " ":
            if started:
                args.append(current)
            current, started = "", False
        else:
            current += c
            started = True
        i += 1
    if started:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


def test_the_xdg_entry_quotes_per_the_spec(odd_deck: Path, tmp_path: Path) -> None:
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    entry = tmp_path / autostart.DESKTOP_NAME
    entry.write_text(autostart.desktop_text(str(odd_deck)), encoding="utf-8")
    result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout
    (line,) = [x for x in entry.read_text().splitlines() if x.startswith("Exec=")]
    assert spec_unquote(line.removeprefix("Exec=")) == autostart.command(str(odd_deck))


def test_plain_arguments_stay_unquoted() -> None:
    assert autostart.desktop_exec(["/opt/kiosk", "run", "/srv/slides.yaml"]) \
        == "/opt/kiosk run /srv/slides.yaml"
