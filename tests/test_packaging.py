"""The one-file executable, built and run as a lobby PC's installer would: no Python, no venv,
no system fonts. Slow (it builds with PyInstaller), so it is marked; CI runs it."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.fake_screensaver import StandInScreenSaver
from tests.onefile import ROOT, built

# The first test of a run that needs the single file builds it: minutes on a busy machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def executable() -> Path:
    return built()


@pytest.fixture
def bare_env(tmp_path: Path) -> dict[str, str]:
    """`env -i` with a temporary home and fontconfig pointed at an empty font folder."""
    fonts = tmp_path / "no-fonts"
    fonts.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir>'
                    f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
                    encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "FONTCONFIG_FILE": str(conf),
            "QT_QPA_PLATFORM": "offscreen"}


def run(exe: Path, env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(exe), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def test_small_enough(executable: Path) -> None:
    assert executable.stat().st_size < 45 * 1024 * 1024


def test_version_matches_pyproject(executable: Path, bare_env: dict[str, str],
                                   tmp_path: Path) -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = run(executable, bare_env, "--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == f"kiosk {version}"


def test_check_and_export_on_a_bare_machine(executable: Path, bare_env: dict[str, str],
                                            tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    result = run(executable, bare_env, "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "slides OK" in result.stdout
    out = tmp_path / "png"
    result = run(executable, bare_env, "export", "--out", str(out), "--size", "960x540",
                 "--lang", "ko", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    slides = yaml.safe_load((ROOT / "slides.yaml").read_text(encoding="utf-8"))["slides"]
    files = sorted(out.glob("*.png"))
    assert len(files) == len(slides)
    reference = tmp_path / "reference"
    subprocess.run([sys.executable, "-m", "kiosk", "export", str(ROOT / "slides.yaml"), "--out",
                    str(reference), "--size", "960x540", "--lang", "ko"], check=True,
                   capture_output=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    for path in files:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (960, 540)
        # Hangul drawn with the bundled font looks the same as from the package; a missing font
        # would draw boxes (or nothing) and differ.
        assert image == QImage(str(reference / path.name)), path.name


def test_run_shows_the_first_slide_and_exits(executable: Path, bare_env: dict[str, str],
                                             tmp_path: Path) -> None:
    env = {**bare_env, "KIOSK_REPORT_FIRST_FRAME": "1"}
    result = run(executable, env, "run", "--exit-after", "1.5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "first-frame" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_single_file_keeps_the_screen_awake(executable: Path, bare_env: dict[str, str],
                                                session_bus: str,
                                                screensaver: StandInScreenSaver,
                                                tmp_path: Path) -> None:
    env = {**bare_env, "DBUS_SESSION_BUS_ADDRESS": session_bus}  # QtDBus made it into the build
    result = run(executable, env, "run", "--exit-after", "1.5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert screensaver.calls() == ["Inhibit 'kiosk' 'lobby display' -> 4242", "UnInhibit 4242"]


def test_unpacks_once_then_starts_from_the_cache(executable: Path, bare_env: dict[str, str],
                                                tmp_path: Path) -> None:
    cache = Path(bare_env["HOME"]) / ".cache" / "yangjae-kiosk"
    assert run(executable, bare_env, "--version", cwd=tmp_path).returncode == 0
    (unpacked,) = [p for p in cache.glob("app-*") if p.is_dir()]
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    stamp = unpacked.stat().st_mtime_ns
    assert run(executable, bare_env, "--version", cwd=tmp_path).returncode == 0
    assert [p for p in cache.glob("app-*") if p.is_dir()] == [unpacked]
    assert unpacked.stat().st_mtime_ns == stamp
    assert not list(cache.glob(".partial.*"))


def test_a_damaged_cache_of_the_real_file_is_repaired(executable: Path,
                                                      bare_env: dict[str, str],
                                                      tmp_path: Path) -> None:
    cache = Path(bare_env["HOME"]) / ".cache" / "yangjae-kiosk"
    assert run(executable, bare_env, "--version", cwd=tmp_path).returncode == 0
    (libpython,) = cache.glob("app-*/_internal/libpython3*.so*")
    libpython.unlink()  # a cleaner that took one file: the old launcher failed from then on
    result = run(executable, bare_env, "--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("kiosk "), result.stderr
    assert libpython.is_file()


def test_deck_beside_the_executable_wins(executable: Path, bare_env: dict[str, str],
                                         tmp_path: Path) -> None:
    folder = tmp_path / "lobby"
    folder.mkdir()
    exe = folder / executable.name
    shutil.copy2(executable, exe)
    text = (ROOT / "slides.yaml").read_text(encoding="utf-8")
    (folder / "slides.yaml").write_text(text.replace("layout: statement", "layout: statment", 1),
                                        encoding="utf-8")
    result = run(exe, bare_env, "check", cwd=tmp_path)
    assert result.returncode == 1
    assert f"{folder / 'slides.yaml'}:" in result.stderr
