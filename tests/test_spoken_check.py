"""What `kiosk check` says about speech it does not understand, what `kiosk speak --text`
prints, and the bundled decks' speech before and after the expression layer."""

from __future__ import annotations

import json
import math
import shutil
import sys
import wave
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.deck import load_deck
from kiosk.deck.fields import Lang
from kiosk.deck.spoken import not_understood, speakable, spoken_text
from kiosk.ops.accessible_export import utterances
from kiosk.ops.speech import Engine, Utterance, synthesize
from tests.conftest import DECKS

Run = Callable[..., tuple[int, str, str]]
BEFORE = Path(__file__).parent / "fixtures" / "spoken" / "before.json"

HEAD = """\
deck:
  title: {ko: 안내, en: Welcome}
  sections:
    - id: main
      title: {ko: 본문, en: Main}
slides:
"""


def _statement(slide_id: str, ko: str, en: str, extra: str = "") -> str:
    return (f"  - id: {slide_id}\n    section: main\n    layout: statement\n"
            f"    statement:\n      ko: \"{ko}\"\n      en: \"{en}\"\n{extra}")


def test_check_points_at_what_speech_does_not_understand(write_deck: Callable[..., Path],
                                                         run_cli: Run) -> None:
    text = HEAD + _statement("mixed", "관람 9:30 ~ 5층", "Hours 25:00 to close") + \
        _statement("dashes", "내선 2133-8462", "Room 12-34-56") + \
        _statement("month", "13월 공사", "Works in 13월")
    path = write_deck(text)
    code, out, err = run_cli("check", str(path))
    assert code == 0 and "5 warnings" in out, (out, err)
    lines = err.strip().splitlines()

    def at(line: int, col: int, words: str) -> None:
        assert any(f"{path}:{line}:{col}: warning:" in x and words in x for x in lines), \
            (line, col, words, lines)

    # line 11 is `      ko: "관람 9:30 ~ 5층"`: the value starts at column 11, its text at 12
    at(11, 15, "'9:30 ~ 5층' joins values of different kinds")
    at(12, 18, "'25:00' is not a time of day")
    at(17, 15, "'2133-8462' is digits joined by dashes: not a phone number")
    at(18, 17, "'12-34-56' is digits joined by dashes")
    at(23, 12, "'13월' is not a date (ko, en)")
    assert all("add speech: {ko, en}" in x for x in lines if "warning:" in x)


def test_check_reports_a_date_that_is_not_on_the_calendar(write_deck: Callable[..., Path],
                                                          run_cli: Run) -> None:
    path = write_deck(HEAD + _statement("opening", "2026년 12월 18일(목) 개관, 2월 30일 휴관",
                                        "Opens Thu, Dec 18, 2026; closed Feb 30"))
    code, out, err = run_cli("check", str(path))
    assert code == 0 and "4 warnings" in out, (out, err)
    assert f"{path}:11:12: warning: slide 'opening': '2026년 12월 18일(목)' gives the weekday " \
        "Thursday, but 2026-12-18 is a Friday (ko)" in err
    assert f"{path}:11:33: warning: slide 'opening': '2월 30일' is not a date (ko)" in err
    assert f"{path}:12:18: warning: slide 'opening': 'Thu, Dec 18, 2026' gives the weekday " \
        "Thursday, but 2026-12-18 is a Friday (en)" in err
    assert "'Feb 30' is not a date (en)" in err


def test_the_slides_own_speech_answers_the_warning(write_deck: Callable[..., Path],
                                                   run_cli: Run) -> None:
    said = "    speech: {ko: 관람은 오전 9시 30분부터입니다, en: Open from 9:30 am}\n"
    path = write_deck(HEAD + _statement("mixed", "관람 9:30 ~ 5층", "Hours 9:30 ~ 5F", said))
    code, out, err = run_cli("check", str(path))
    assert code == 0 and "warning" not in out and err == "", (out, err)
    code, out, _ = run_cli("speak", str(path), "--text")
    assert out.splitlines() == ["mixed [ko]: 관람은 오전 9시 30분부터입니다.",
                                "mixed [en]: Open from 9:30 am."]


def test_speak_text_prints_what_is_said_without_sound(write_deck: Callable[..., Path],
                                                      run_cli: Run) -> None:
    path = write_deck(HEAD + _statement("hours", "화~일요일 09:30 ~ 17:30 (월요일 휴관)",
                                        "Tue–Sun 9:30 am – 5:30 pm (closed Mondays)"))
    code, out, err = run_cli("speak", str(path), "--text")
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "hours [ko]: 화요일부터 일요일까지, 오전 9시 30분부터 오후 5시 30분까지 (월요일 휴관).",
        "hours [en]: Tuesday to Sunday, 9:30 am to 5:30 pm (closed Mondays)."]
    assert not list(path.parent.glob("*.wav"))
    code, out, _ = run_cli("speak", str(path), "--text", "--lang", "en")
    assert code == 0 and out.startswith("hours [en]: Tuesday") and out.count("\n") == 1
    code, _, err = run_cli("speak", str(path))
    assert code == 2 and "--out" in err and "--text" in err
    code, _, err = run_cli("speak", str(path), "--text", "--slide", "nope")
    assert code == 1 and "no slide 'nope'" in err and "hours" in err


# The bundled decks' speech before the expression layer, and every place it now differs, with
# why the old words were wrong. Anything else must be said exactly as before.
CHANGED = {
    ("bundled", "buildings/ko"): [("(5에서 7층)", "(5층부터 7층까지)")],  # a range: both ends
    ("bundled", "ecosystem-figures/ko"): [("2에서 3배", "2배부터 3배까지")],  # the same form
    ("outside", "floors/ko"): [("평일 7시에서 22시 개방", "평일 오전 7시부터 오후 10시까지 개방")],
    ("outside", "floors/en"): [("7 o'clock to 22 o'clock", "7 am to 10 pm")],
}


@pytest.mark.parametrize("name", sorted(DECKS))
def test_the_bundled_decks_say_what_they_said_where_it_was_right(name: str) -> None:
    before = json.loads(BEFORE.read_text(encoding="utf-8"))[name]
    deck = load_deck(DECKS[name]).deck
    now = {f"{s.id}/{lang}": spoken_text(s, deck, lang) for s in deck.slides
           for lang in ("ko", "en")}
    assert now.keys() == before.keys()
    for key, said in now.items():
        expected = before[key]
        for old, new in CHANGED.get((name, key), []):
            assert old in expected, (key, old)
            expected = expected.replace(old, new)
        assert said == expected, key


class _Recorder(Engine):
    """A stand-in engine: keeps the text it was given on its standard input and writes a
    short silent WAV, as espeak-ng and SAPI are given the text and write the file."""

    def __init__(self, name: str, log: Path) -> None:
        super().__init__(sys.executable)
        self.name = name
        self.log = log

    def command(self, lang: Lang, rate: float, volume: float, wav: Path | None) -> list[str]:
        script = ("import sys, wave; text = sys.stdin.buffer.read();"
                  "open(sys.argv[1], 'ab').write(text + b'\\n');"
                  "w = wave.open(sys.argv[2], 'wb'); w.setnchannels(1); w.setsampwidth(2);"
                  "w.setframerate(8000); w.writeframes(bytes(160)); w.close()")
        return [self.program, "-c", script, str(self.log), str(wav)]


def test_every_engine_is_given_the_text_speak_text_prints(write_deck: Callable[..., Path],
                                                          run_cli: Run, tmp_path: Path) -> None:
    path = write_deck(HEAD + _statement("hours", "화~일요일 09:30 ~ 17:30, 문의 02-2133-8462",
                                        "Tue–Sun 9:30 am – 5:30 pm, call 02-2133-8462"))
    _, printed, _ = run_cli("speak", str(path), "--text")
    shown = [line.split(": ", 1)[1] for line in printed.splitlines()]
    loaded = load_deck(path)
    heard = []
    for name in ("espeak-ng", "sapi"):
        log = tmp_path / f"{name}.txt"
        synthesize(utterances(loaded, None, "both"), tmp_path / f"{name}.wav",
                   engine=_Recorder(name, log))
        heard.append(log.read_text(encoding="utf-8").splitlines())
    assert heard[0] == heard[1] == shown


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize(("text", "lang"), [("화~일요일 09:30 ~ 17:30", "ko"),
                                            ("Dec 18, 2026 – Mar 28, 2027", "en")])
def test_espeak_says_the_spoken_form_aloud(text: str, lang: Lang, tmp_path: Path) -> None:
    out = synthesize([Utterance(lang, speakable(text, lang))], tmp_path / "notice.wav")
    with wave.open(str(out), "rb") as f:
        samples = array("h", f.readframes(f.getnframes()))
        seconds = f.getnframes() / f.getframerate()
    rms = math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))
    assert seconds > 2 and rms > 300  # a voice, not silence


@pytest.mark.parametrize(("text", "lang", "what"), [
    ("Mon–Fri 9–6", "en", "'9–6' runs backwards"),
    ("정원 10~5명", "ko", "'10~5명' runs backwards"),
    ("관람 9:30 ~ 5층", "ko", "joins values of different kinds"),
    ("내선 2133-8462", "ko", "digits joined by dashes"),
    ("2026. 2. 29.(일)", "ko", "is not a date"),
    ("Doors 24:30", "en", "is not a time of day"),
    ("정문 → 로비", "ko", "→ has no spoken form"),
])
def test_what_the_layer_does_not_understand_is_named(text: str, lang: Lang, what: str) -> None:
    found = not_understood(text, lang)
    assert len(found) == 1 and what in found[0][1], found
    assert text[found[0][0]:].startswith(found[0][1].split("'")[1] if "'" in found[0][1]
                                         else found[0][1][0])


def test_a_figures_unit_is_checked_as_it_is_said_after_its_number(
        write_deck: Callable[..., Path], run_cli: Run) -> None:
    """'㎡' alone is a symbol, but a figure's unit is said after its number ('12,480 ㎡' is
    '12480 제곱미터'): no warning for it; a unit that cannot be said is named at the unit."""
    text = HEAD + (
        "  - id: numbers\n    section: main\n    layout: figures\n"
        "    title: {ko: 숫자, en: Numbers}\n    figures:\n"
        "      - {value: \"12,480\", unit: {ko: ㎡, en: m²}, label: {ko: 연면적, en: Area}}\n"
        "      - {value: \"3\", unit: {ko: ★, en: ★}, label: {ko: 별점, en: Stars}}\n")
    path = write_deck(text)
    code, out, err = run_cli("check", str(path))
    assert code == 0, (out, err)
    warned = [x for x in err.splitlines() if "no spoken form" in x]
    assert not any("㎡" in x for x in warned), warned
    assert any(f"{path}:13:33:" in x and "★ has no spoken form (ko)" in x for x in warned), warned
