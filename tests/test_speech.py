"""Speech through espeak-ng's Korean and English voices, written to WAV by `kiosk speak`, and the
accessible export (`kiosk export --accessible`)."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import wave
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.controllers.controls import mode_reserve
from kiosk.deck import load_deck
from kiosk.ops.export import EXPORT_DPI
from kiosk.ops.speech import Espeak, find_engine
from kiosk.render.reading_flow import paginate
from tests.conftest import DECK

Run = Callable[..., tuple[int, str, str]]
SILENCE_RMS = 300.0  # of 32768: a voice is far louder; an empty or silent file is below

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                reason="espeak-ng is not installed (.ci/setup installs it)")


def measure(path: Path) -> tuple[float, float]:
    """(seconds, RMS of the samples) of a 16-bit WAV file."""
    with wave.open(str(path), "rb") as f:
        assert f.getsampwidth() == 2
        frames = f.readframes(f.getnframes())
        seconds = f.getnframes() / f.getframerate()
    samples = array("h", frames)
    rms = math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))
    return seconds, rms


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_slide_speaks_in_each_language(run_cli: Run, tmp_path: Path, lang: str) -> None:
    out = tmp_path / f"intake-{lang}.wav"
    code, printed, err = run_cli("speak", str(DECK), "--slide", "intake", "--lang", lang,
                                 "--out", str(out))
    assert code == 0, err
    assert printed.strip() == str(out)
    seconds, rms = measure(out)
    assert seconds > 2 and rms > SILENCE_RMS


def test_the_engine_is_asked_for_the_right_voice() -> None:
    engine = find_engine()
    assert isinstance(engine, Espeak)
    ko = engine.command("ko", 1.0, 0.8, Path("x.wav"))
    assert ko[ko.index("-v") + 1] == "ko" and ko[-2:] == ["-w", "x.wav"]
    en = engine.command("en", 2.0, 0.5, None)
    assert en[en.index("-v") + 1].startswith("en") and "-w" not in en
    assert int(en[en.index("-s") + 1]) == 2 * int(ko[ko.index("-s") + 1])


def test_duration_grows_with_the_text(write_deck: Callable[..., Path], run_cli: Run,
                                      tmp_path: Path) -> None:
    words = "양재에 KAIST AI대학원이 들어섭니다. "
    path = write_deck(f"""\
deck:
  title: {{ko: 안내, en: Welcome}}
  sections:
    - id: main
      title: {{ko: 본문, en: Main}}
slides:
  - id: short
    section: main
    layout: statement
    statement: {{ko: "{words}", en: The school comes to Yangjae.}}
  - id: long
    section: main
    layout: statement
    statement: {{ko: "{words * 3}", en: The school comes to Yangjae. It opens in 2023.
      It trains forty master's students a year.}}
""")
    seconds = {}
    for slide in ("short", "long"):
        for lang in ("ko", "en"):
            out = tmp_path / f"{slide}-{lang}.wav"
            assert run_cli("speak", str(path), "--slide", slide, "--lang", lang,
                           "--out", str(out))[0] == 0
            seconds[slide, lang], rms = measure(out)
            assert rms > SILENCE_RMS
    assert seconds["long", "ko"] > 2 * seconds["short", "ko"]
    assert seconds["long", "en"] > 2 * seconds["short", "en"]
    both = tmp_path / "both.wav"
    assert run_cli("speak", str(path), "--slide", "short", "--out", str(both))[0] == 0
    assert measure(both)[0] == pytest.approx(seconds["short", "ko"] + seconds["short", "en"],
                                             abs=0.05)  # Korean, then English


def test_rate_shortens_the_speech(run_cli: Run, tmp_path: Path) -> None:
    normal, fast = tmp_path / "normal.wav", tmp_path / "fast.wav"
    for out, rate in ((normal, "1.0"), (fast, "2.0")):
        assert run_cli("speak", str(DECK), "--slide", "contact", "--lang", "en", "--rate", rate,
                       "--out", str(out))[0] == 0
    assert measure(fast)[0] < 0.7 * measure(normal)[0]


def test_an_unknown_slide_is_one_line(run_cli: Run, tmp_path: Path) -> None:
    code, _, err = run_cli("speak", str(DECK), "--slide", "nope", "--out",
                           str(tmp_path / "x.wav"))
    assert code == 1 and err.startswith("kiosk speak: no slide 'nope'")


def test_export_accessible_writes_every_page(qapp: object, run_cli: Run, tmp_path: Path) -> None:
    loaded = load_deck(DECK)
    # the pages of the running mode: the bottom of each left free for its bar
    reserve = mode_reserve(1280, 720, EXPORT_DPI, loaded.deck.deck.display)
    pages = sum(paginate(loaded.deck, i, "both", 1280, 720, reserve).pages
                for i in range(len(loaded.deck.slides)))
    assert pages > len(loaded.deck.slides)  # 200 % text does not fit one page a slide
    code, out, _ = run_cli("export", str(DECK), "--accessible", "--size", "1280x720",
                           "--out", str(tmp_path / "png"))
    assert code == 0
    written = sorted((tmp_path / "png").glob("*.png"))
    assert len(written) == pages and written[0].name == "01-cover-page1.png"
    code, out, _ = run_cli("export", str(DECK), "--accessible", "--format", "pdf", "--size",
                           "1280x720", "--out", str(tmp_path / "a.pdf"))
    assert code == 0
    info = subprocess.run(["pdfinfo", str(tmp_path / "a.pdf")], capture_output=True, text=True,
                          check=True).stdout
    match = re.search(r"Pages:\s+(\d+)", info)
    assert match and int(match.group(1)) == pages
    # with --contact-sheet: one image of every enlarged page (it wrote a folder of pages
    # named like the image asked for)
    sheet = tmp_path / "sheet.png"
    code, out, _ = run_cli("export", str(DECK), "--accessible", "--contact-sheet", "--size",
                           "1280x720", "--out", str(sheet))
    assert code == 0 and out.split() == [str(sheet)] and sheet.is_file()
    image = QImage(str(sheet))
    assert image.width() == 3 * 640 + 4 * 16
    assert image.height() == -(-pages // 3) * (360 + 16) + 16
