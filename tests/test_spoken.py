"""A slide's spoken form, and the texts `kiosk check` says will speak badly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.deck import load_deck
from kiosk.deck.fields import Lang
from kiosk.deck.spoken import digits, speakable, speech_warnings, spoken_text, unspoken_symbols
from tests.conftest import DECK, DECKS

Run = Callable[..., tuple[int, str, str]]


def _slide(deck_path: Path, slide_id: str):  # type: ignore[no-untyped-def]
    deck = load_deck(deck_path).deck
    return next(s for s in deck.slides if s.id == slide_id), deck


def test_figures_are_read_with_their_units() -> None:
    slide, deck = _slide(DECK, "intake")
    assert "40명. 석사과정 신입생." in spoken_text(slide, deck, "ko")
    assert "40 students. Master's intake." in spoken_text(slide, deck, "en")
    slide, deck = _slide(DECK, "ecosystem-figures")
    en = spoken_text(slide, deck, "en")
    assert "about 280 centres" in en and "2 to 3 times" in en
    assert "280여개" in spoken_text(slide, deck, "ko")
    assert "2배부터 3배까지" in spoken_text(slide, deck, "ko")  # a range: both ends


def test_title_first_then_the_body_in_reading_order() -> None:
    slide, deck = _slide(DECK, "timeline")
    en = spoken_text(slide, deck, "en")
    assert en.startswith("The district, step by step.")
    years = [en.index(y) for y in ("2016", "2017", "2019", "June 2020", "8 December", "2023,")]
    assert years == sorted(years)  # milestones in the order they happened
    assert "8 December, Seoul, KAIST agreement signed, the current step." in en


def test_the_phone_number_is_read_digit_by_digit() -> None:
    slide, deck = _slide(DECK, "contact")
    assert "공 이, 이 일 삼 삼, 팔 사 육 이." in spoken_text(slide, deck, "ko")
    assert "zero two, two one three three, eight four six two." in spoken_text(slide, deck, "en")
    assert digits("+82 2-555-0100", "en").startswith("plus eight two, two,")


def test_symbols_become_words() -> None:
    assert speakable("1,098 m²", "ko") == "1098 제곱미터"
    assert speakable("1,098 m²", "en") == "1,098 square metres"
    assert speakable("KAIST AI대학원 사용 (5~7층)", "ko") == "KAIST AI대학원 사용 (5층부터 7층까지)"
    assert speakable("Used by the school (5F–7F)", "en") == \
        "Used by the school (floor 5 to floor 7)"
    assert speakable("Open weekdays 07:00–22:00", "en") == \
        "Open weekdays 7 am to 10 pm"
    assert speakable("평일 07:30–22:00 개방", "ko") == "평일 오전 7시 30분부터 오후 10시까지 개방"
    assert speakable("R&D · B2", "en") == "R and D, basement 2"


def test_the_decks_own_speech_replaces_the_visible_text(write_deck: Callable[..., Path]
                                                        ) -> None:
    path = write_deck(_deck("""
  - id: one
    section: main
    layout: statement
    statement: {ko: 첫 번째, en: First}
    speech: {ko: 안녕하세요 여러분, en: Hello everyone}
"""))
    deck = load_deck(path).deck
    assert spoken_text(deck.slides[0], deck, "ko") == "안녕하세요 여러분."
    assert spoken_text(deck.slides[0], deck, "en") == "Hello everyone."


@pytest.mark.parametrize("name", sorted(DECKS))
def test_both_decks_speak_cleanly(name: str) -> None:
    deck = load_deck(DECKS[name]).deck
    assert speech_warnings(deck) == []
    for slide in deck.slides:
        for lang in ("ko", "en"):
            assert spoken_text(slide, deck, lang).strip()  # type: ignore[arg-type]


def test_check_warns_on_text_that_speaks_badly(write_deck: Callable[..., Path],
                                               run_cli: Run) -> None:
    path = write_deck(_deck("""
  - id: arrows
    section: main
    layout: bullets
    title: {ko: 길 안내, en: Directions}
    points:
      - {ko: 정문 → 로비, en: Gate → lobby}
  - id: numbers
    section: main
    layout: figures
    title: {ko: 숫자, en: Numbers}
    figures:
      - value: "83"
        label: {ko: 스타트업, en: Start-ups}
      - value: "2019"
        label: {ko: 개설, en: Opened}
"""))
    code, out, err = run_cli("check", str(path))
    assert code == 0 and "2 warnings" in out
    lines = err.strip().splitlines()
    assert any(":12:17:" in line and "→ has no spoken form (ko, en)" in line for line in lines)
    assert any(":18:16:" in line and "the figure 83 has no unit" in line for line in lines)
    assert not any("2019" in line for line in lines)  # a year needs no unit


def _deck(slides: str) -> str:
    return """\
deck:
  title: {ko: 안내, en: Welcome}
  sections:
    - id: main
      title: {ko: 본문, en: Main}
slides:""" + slides


def test_check_warns_when_the_screen_hangs_too_high(write_deck: Callable[..., Path],
                                                    run_cli: Run) -> None:
    text = _deck("""
  - id: one
    section: main
    layout: statement
    statement: {ko: 첫 번째, en: First}
""").replace("deck:\n", "deck:\n  display: {bottom_cm: 119}\n")
    code, out, err = run_cli("check", str(write_deck(text)))
    assert code == 0 and "1 warning" in out
    assert ":2:" in err and "hangs at 119 cm" in err and "within 120 cm" in err


@pytest.mark.parametrize(("text", "lang", "said"), [
    ("연면적 12,480㎡", "ko", "연면적 12480 제곱미터"),
    ("12,480 ㎡ of floor", "en", "12,480 square metres of floor"),
    ("실내 24℃", "ko", "실내 24도"),
    ("kept at 24 ℃", "en", "kept at 24 degrees Celsius"),
    ("※ 주차장은 B2", "ko", "참고, 주차장은 지하 2층"),
    ("① 정문 ② 후문", "ko", "1, 정문 2, 후문"),
])
def test_symbols_of_korean_notices_are_said_in_words(text: str, lang: Lang, said: str) -> None:
    assert speakable(text, lang) == said
    assert unspoken_symbols(text, lang) == []


def test_corner_brackets_are_quiet_punctuation() -> None:
    assert unspoken_symbols("「海오름관」 개관", "ko") == []
