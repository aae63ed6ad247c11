"""What `kiosk check` says is for the person editing the deck: plain words, their own lines."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.deck import DeckError, load_deck
from tests.decks import MINIMAL
from tests.test_check_planted import png

Run = Callable[..., tuple[int, str, str]]

SITE = MINIMAL + """\
  - id: map
    section: main
    layout: site
    title: {ko: 배치도, en: Site plan}
    address: {ko: 중구, en: Jung-gu}
    places:
      - {label: {ko: 본관, en: Main}, x: 0.1, y: 0.1, w: 0.3, h: 0.3}
      - {label: {ko: 별관, en: Annex}, x: 0.5, y: 0.1, w: 0.3, h: 0.3}
"""


def problems(path: Path) -> list[str]:
    with pytest.raises(DeckError) as info:
        load_deck(path)
    return [str(p) for p in info.value.problems]


# Traces of the machinery an operator should never see in a message.
MACHINERY = re.compile(r"\^|\\d|\[0-9|\$'|constrained|\bstr\b|\bText\b|\bdict\b|"
                       r"function-after|[a-z]Slide\b|\.\d+\.|model_type|pattern")


@pytest.mark.parametrize(("old", "new", "words"), [
    ("  title: {ko: 안내, en: Welcome}\n",
     "  title: {ko: 안내, en: Welcome}\n  theme: {accent: yellow}\n",
     "field 'deck.theme.accent': expected a colour such as #FFD046; found 'yellow'"),
    ("    section: main\n    layout: statement\n",
     "    section: main\n    layout: statement\n    daily: {start: '8:00', end: '18:00'}\n",
     "slide 'one' field 'daily.start': expected a time such as 08:00; found '8:00'"),
    ("  - id: one\n", "  - id: One Slide\n",
     "expected a short name of lowercase letters, digits, '-' and '_'"),
    ("x: 0.5, y: 0.1", "x: 1.5, y: 0.1",
     "slide 'map' field 'places' item 2, field 'x': expected a number of at most 1; found 1.5"),
    ("{label: {ko: 별관, en: Annex}", "{label: {ko: 별관}",
     "slide 'map' field 'places' item 2, field 'label.en': missing English translation"),
    ("{label: {ko: 별관, en: Annex}", "{label: 별관",
     "slide 'map' field 'places' item 2, field 'label': expected a Korean and English pair"),
    ("    statement: {ko: 첫 번째, en: First}\n",
     "    statement: {ko: 첫 번째, en: First}\n    duration: -3\n",
     "slide 'one' field 'duration': expected a number greater than 0; found -3"),
    ("    statement: {ko: 첫 번째, en: First}\n",
     "    statement: {ko: 첫 번째, en: First}\n    transition: {kind: fdae}\n",
     "field 'transition.kind': expected one of 'fade', 'slide' or 'none'; found 'fdae' "
     "(did you mean 'fade'?)"),
    ("    statement: {ko: 첫 번째, en: First}\n",
     "    statement: {ko: 첫 번째, en: First}\n    show_from: 2025-13-01\n",
     "field 'show_from': expected a date such as 2025-03-01, or a date and time"),
    ("    points:\n      - {ko: 가, en: A}\n", "    points: {ko: 가, en: A}\n",
     "slide 'two' field 'points': expected a list"),
    ("    points:\n      - {ko: 가, en: A}\n", "",
     "slide 'two': has no 'points'; every bullets slide needs one"),
    (", x: 0.5, y: 0.1", ", y: 0.1",
     "slide 'map' field 'places' item 2: has no 'x'; it is required"),
    ("{ko: 가, en: A}", "{ko: 가, en: No}",
     "item 1, field 'en': expected text; found False (YAML reads it as true or false: put the "
     "text in quotes)"),
    ("{ko: 가, en: A}", "{ko: 가, en: 2024}",
     "field 'en': expected text; found 2024 (YAML reads it as a number: put the text in quotes)"),
])
def test_messages_are_plain_words(write_deck: Callable[[str], Path], old: str, new: str,
                                  words: str) -> None:
    assert old in SITE
    found = problems(write_deck(SITE.replace(old, new, 1)))
    assert any(words in line for line in found), found
    for line in found:
        assert not MACHINERY.search(line.split(": ", 1)[1]), line


def test_a_figure_value_says_what_it_may_be(write_deck: Callable[[str], Path]) -> None:
    """A union (text or a {ko, en} pair): the branch the value looks like, not both type names."""
    deck = MINIMAL + """\
  - id: figs
    section: main
    layout: figures
    title: {ko: 숫자, en: Numbers}
    figures:
      - {value: "1,234,567,890,123", label: {ko: 장서, en: Books}}
      - {value: {ko: 약 40}, label: {ko: 석사, en: Masters}}
"""
    path = write_deck(deck)
    found = problems(path)
    assert f"{path}:22:17: slide 'figs' field 'figures' item 1, field 'value': expected at " \
        "most 12 characters; found '1,234,567,890,123' (17 characters)" in found
    assert any(line.startswith(f"{path}:23:17: slide 'figs' field 'figures' item 2, field "
                               "'value.en': missing English translation") for line in found)
    assert len(found) == 2, found


@pytest.mark.parametrize(("escape", "code"), [("\\x9c", "009C"), ("\\x07", "0007"),
                                              ("\\t", "0009"), ("\\x1b", "001B")])
def test_control_characters_are_refused_by_code_point(write_deck: Callable[[str], Path],
                                                      escape: str, code: str) -> None:
    path = write_deck(MINIMAL.replace("{ko: 가, en: A}", f'{{ko: "가{escape}나", en: A}}'))
    (line,) = problems(path)
    assert line == f"{path}:16:14: slide 'two' field 'points' item 1, field 'ko': contains " \
        f"the control character U+{code}, which no screen can show; remove it"


def test_a_line_break_in_text_is_still_allowed(write_deck: Callable[[str], Path]) -> None:
    load_deck(write_deck(MINIMAL.replace("{ko: 가, en: A}", '{ko: "가\\n나", en: A}')))


def test_show_until_in_the_past_is_flagged(write_deck: Callable[[str], Path]) -> None:
    path = write_deck(MINIMAL.replace("    layout: statement\n",
                                      "    layout: statement\n    show_until: 2024-05-31\n"))
    loaded = load_deck(path, now=dt.datetime(2024, 6, 1, 9, 0))
    assert [str(p) for p in loaded.warnings] == [
        f"{path}:10:17: warning: slide 'one': show_until 2024-05-31 has passed; the slide will "
        "never show (remove it, or give a later date)"]
    # the day itself still counts: a bare date means until the end of that day
    assert not load_deck(path, now=dt.datetime(2024, 5, 31, 23, 0)).warnings


def test_yaml_syntax_error_at_the_line_where_it_starts(tmp_path: Path) -> None:
    text = MINIMAL.replace("    points:\n      - {ko: 가, en: A}\n",
                           "    points: [{ko: 가, en: A}\n") + "  - id: three\n"
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")  # line 15 opens a list it never closes
    (line,) = problems(path)
    assert line == f"{path}:15:13: YAML syntax: a '[' opened here is never closed; expected " \
        "']' (the reader noticed at line 16, column 3)"


def test_unclosed_quote_and_missing_colon(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text('deck:\n  title: "안내\n  language: both\n', encoding="utf-8")
    (line,) = problems(path)
    assert line.startswith(f"{path}:2:10: YAML syntax: a quoted text starting here is never "
                           "closed")
    path.write_text("deck:\n  title: x\nslides\nmore: 1\n", encoding="utf-8")
    (line,) = problems(path)
    assert line.startswith(f"{path}:3:1: YAML syntax: this key has no ':' after it")


def test_truncated_png_is_an_image_error(run_cli: Run, write_deck: Callable[[str], Path]) -> None:
    deck = MINIMAL + """\
  - id: pic
    section: main
    layout: image
    image: assets/cut.png
"""
    path = write_deck(deck)
    (path.parent / "assets").mkdir()
    whole = png(160, 120)
    for cut in (1, 12, len(whole) // 2):  # the last byte, the end chunk, half the picture
        (path.parent / "assets" / "cut.png").write_bytes(whole[:-cut])
        code, _, err = run_cli("check", str(path))
        assert code == 1, (cut, err)
        assert f"{path}:20:12: image 'assets/cut.png' is damaged or cut short" in err, err
        assert "libpng" not in err.split("cut short")[0]  # no stray library chatter
    (path.parent / "assets" / "cut.png").write_bytes(whole)
    code, _, err = run_cli("check", str(path))
    assert code == 0, err


def test_truncated_jpeg_is_an_image_error(qapp: object, run_cli: Run,
                                          write_deck: Callable[[str], Path]) -> None:
    from PySide6.QtGui import QColor, QImage

    image = QImage(320, 240, QImage.Format.Format_RGB32)
    for y in range(240):
        for x in range(0, 320, 5):
            image.setPixelColor(x, y, QColor(x % 256, y % 256, (x * y) % 256))
    path = write_deck(MINIMAL + """\
  - id: pic
    section: main
    layout: image
    image: assets/cut.jpg
""")
    (path.parent / "assets").mkdir()
    whole = path.parent / "assets" / "cut.jpg"
    assert image.save(str(whole), "JPEG", 90)
    whole.write_bytes(whole.read_bytes()[:2000])
    code, _, err = run_cli("check", str(path))
    assert code == 1
    assert f"{path}:20:12: image 'assets/cut.jpg' is damaged or cut short (" in err, err


def test_strict_turns_warnings_into_errors(run_cli: Run, write_deck: Callable[[str], Path]
                                           ) -> None:
    path = write_deck(MINIMAL.replace("    layout: statement\n",
                                      "    layout: statement\n    show_until: 2020-01-01\n"))
    code, out, err = run_cli("check", str(path))
    assert code == 0 and "2 slides OK, 1 warning" in out
    assert "warning: slide 'one': show_until 2020-01-01 has passed" in err
    code, out, err = run_cli("check", "--strict", str(path))
    assert code == 1 and "OK" not in out
    assert f"{path}:10:17: slide 'one': show_until" in err
    assert "1 problem found (1 error, 0 warnings)" in err
    code, _, err = run_cli("check", "--strict", str(write_deck(MINIMAL)))
    assert code == 0, err


def test_a_highlighted_floor_in_the_wrong_case_is_suggested(write_deck: Callable[[str], Path]
                                                            ) -> None:
    path = write_deck(MINIMAL + """\
  - id: house
    section: main
    layout: building
    title: {ko: 건물, en: Building}
    buildings:
      - name: {ko: 본관, en: Main}
        floors: [B1, 1F, 2F]
        area: "1,098 m²"
        status: {ko: 운영 중, en: Open}
        highlight: [2f]
""")
    (line,) = problems(path)
    assert line == f"{path}:26:20: slide 'house': highlighted floor '2f' is not among the " \
        "floors B1, 1F, 2F (did you mean '2F'?)"


def test_every_pattern_of_the_model_has_plain_words() -> None:
    """A new pattern in the model needs its words too, or check would fall back to vagueness."""
    from kiosk.deck.explain import PATTERN_WORDS
    from kiosk.deck.model import json_schema

    def patterns(node: object) -> set[str]:
        if isinstance(node, dict):
            found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
            return found.union(*(patterns(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(patterns(v) for v in node))
        return set()

    used = patterns(json_schema())
    assert len(used) >= 4
    assert used <= PATTERN_WORDS.keys(), used - PATTERN_WORDS.keys()
