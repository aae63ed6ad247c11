"""The remembered first frame: keyed on everything that changes the picture, used on the next
start before the deck model is imported."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from kiosk.shell import preview

ROOT = Path(__file__).resolve().parents[1]


def test_key_follows_deck_assets_size_and_language(tmp_path: Path) -> None:
    deck = tmp_path / "slides.yaml"
    deck.write_text("a: 1\n", encoding="utf-8")
    base = preview.frame_key(deck, 1920, 1080, 1.0, None)
    assert base == preview.frame_key(deck, 1920, 1080, 1.0, None)
    assert base != preview.frame_key(deck, 1080, 1920, 1.0, None)
    assert base != preview.frame_key(deck, 1920, 1080, 2.0, None)
    assert base != preview.frame_key(deck, 1920, 1080, 1.0, "en")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "photo.png").write_bytes(b"x")
    with_asset = preview.frame_key(deck, 1920, 1080, 1.0, None)
    assert with_asset != base
    deck.write_text("a: 2\n", encoding="utf-8")
    assert preview.frame_key(deck, 1920, 1080, 1.0, None) not in (base, with_asset)
    assert preview.frame_key(tmp_path / "missing.yaml", 1920, 1080, 1.0, None) is None


def test_store_and_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object) -> None:
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(tmp_path))
    image = QImage(64, 36, QImage.Format.Format_RGB32)
    image.fill(QColor("#004191"))
    assert preview.load("k" * 32) is None
    preview.store("k" * 32, image)
    loaded = preview.load("k" * 32)
    assert loaded is not None and loaded.pixelColor(10, 10).name() == "#004191"
    for i in range(preview.KEEP + 3):
        preview.store(f"{i:032d}", image)
    assert len(list((tmp_path / "first-frame").glob("*" + preview.SUFFIX))) == preview.KEEP


def test_a_stored_frame_is_raw_pixels_and_a_damaged_one_is_not_shown(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object) -> None:
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(tmp_path))
    folder = tmp_path / "first-frame"
    folder.mkdir()
    (folder / ("0" * 32 + ".png")).write_bytes(b"an earlier version's compressed frame")
    image = QImage(97, 31, QImage.Format.Format_RGB32)
    for x in range(97):  # every pixel different: the read must put each back where it was
        for y in range(31):
            image.setPixel(x, y, 0xFF000000 | (x * 2654435761 + y * 40503) & 0xFFFFFF)
    image.setDevicePixelRatio(1.25)
    preview.store("k" * 32, image)
    stored = folder / ("k" * 32 + preview.SUFFIX)
    assert stored.stat().st_size == preview.HEADER.size + 97 * 31 * 4  # no compression
    assert not list(folder.glob("*.png"))  # the old format is let go
    loaded = preview.load("k" * 32)
    assert loaded is not None and loaded == image and loaded.devicePixelRatio() == 1.25
    whole = stored.read_bytes()
    for damaged in (whole[:-1], whole[:10], b"", b"X" + whole[1:]):
        stored.write_bytes(damaged)
        assert preview.load("k" * 32) is None


def test_second_start_shows_the_remembered_frame_first(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       qapp: object) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_CACHE_DIR": str(tmp_path / "c"),
           "KIOSK_LOG_DIR": str(tmp_path / "logs"), "KIOSK_REPORT_FIRST_FRAME": "1"}
    command = [sys.executable, "-m", "kiosk", "run", str(ROOT / "slides.yaml"),
               "--exit-after", "1"]
    ages = []
    for _ in range(2):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60,
                                check=False)
        assert result.returncode == 0, result.stderr
        first = re.search(r"^first-frame ([0-9.]+) ", result.stderr, re.M)
        live = re.search(r"^first-live-frame ([0-9.]+) ", result.stderr, re.M)
        assert first and live, result.stderr  # the start-up benchmarks read both lines
        ages.append((float(first.group(1)), float(live.group(1))))
    assert abs(ages[0][0] - ages[0][1]) <= 0.02  # nothing remembered: the first is the live one
    assert ages[1][0] <= ages[1][1]  # the remembered one comes first, the live one after it
    frames = list((tmp_path / "c" / "first-frame").glob("*" + preview.SUFFIX))
    assert len(frames) == 1
    log = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "first frame drawn" in log and "first frame remembered from the last start" in log
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(tmp_path / "c"))
    remembered = preview.load(frames[0].name.removesuffix(preview.SUFFIX))
    assert remembered is not None and remembered.width() > 0
    assert remembered.pixelColor(5, 5).name() == "#004191"


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    # A full disk, as the kernel reports a file size limit: the write fails half-way (EFBIG).
    script = (
        "import os, resource\n"
        "from PySide6.QtGui import QGuiApplication, QImage\n"
        "from kiosk.shell import preview\n"
        "app = QGuiApplication([])\n"
        "noise = os.urandom(400 * 300 * 4)  # 480 kB of pixels\n"
        "image = QImage(noise, 400, 300, QImage.Format.Format_RGB32).copy()\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))\n"
        "preview.store('k' * 32, image)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "first-frame"
    assert folder.is_dir()  # the store got as far as writing
    assert list(folder.iterdir()) == []
