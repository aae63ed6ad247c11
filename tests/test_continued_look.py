"""A slide that continues looks like the slide on every page, keeps clear of the accessibility
button, and what not even its further pages can hold whole is an error, as `check`, `export` and
`run` say alike.

Generated decks (tests/deck_strategies.py) with every text made many times longer, so that
the slide continues at every screen shape: its pages are checked through the renderer's account
and the exported pixels.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QCoreApplication, QEvent, QRectF
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.deck.fields import Shown, Text
from kiosk.ops.export import kept_clear, render_pages
from kiosk.render.frame import canvas_size
from kiosk.render.slide import Rendered
from tests.deck_strategies import deck_yaml, decks, reduced, screens

Run = Callable[..., tuple[int, str, str]]
LONGEST = 1990  # characters: every text about as long as the schema allows, and text that may
MIN_SIZE = 34  # shrink less than usual (the section label still fits): most slides continue
LOW_SCREEN = {"bottom_cm": 30, "height_cm": 100}  # the button stands over the slide's lower left


def _longer(node: Any) -> Any:
    """Every text of a slide said over and over (its title, ids, files and numbers stay)."""
    if isinstance(node, dict):
        if set(node) == {"ko", "en"}:
            return {lang: _over(node[lang]) for lang in ("ko", "en")}
        return {k: v if k in ("id", "section", "layout", "image", "value", "unit", "when", "title")
                else _longer(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_longer(v) for v in node]
    return node


def _over(text: str) -> str:
    """The text again and again, within the schema's 2,000 characters."""
    return " ".join([text] * max(1, LONGEST // (len(text) + 1)))


def overfull(deck: dict[str, Any]) -> dict[str, Any]:
    deck = dict(deck, slides=[_longer(s) for s in deck["slides"]])
    deck["deck"] = dict(deck["deck"], display=LOW_SCREEN, theme={"min_size": MIN_SIZE})
    return deck


OVERFULL = decks(slides=(1, 1), layouts=("bullets", "statement", "timeline", "figures")).map(
    overfull)


def title_words(title: Text, shown: Shown) -> str:
    return title.en if shown == "en" else title.ko


def design(rect: QRectF, scale: float) -> QRectF:
    return QRectF(rect.left() / scale, rect.top() / scale, rect.width() / scale,
                  rect.height() / scale)


# (no shrinking: a failing deck is reported as generated, within the test's time bound)
@settings(max_examples=12, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.filter_too_much])
@given(deck=OVERFULL, screen=screens(), shown=st.sampled_from(("both", "ko", "en")))
@pytest.mark.timeout(240)
def test_every_page_of_a_continued_slide_wears_its_band_and_keeps_clear_of_the_button(
        qapp: object, tmp_path_factory: pytest.TempPathFactory, deck: dict[str, Any],
        screen: tuple[int, int], shown: Shown) -> None:
    loaded = load_deck(deck_yaml(deck, tmp_path_factory.mktemp("deck")))
    width, height = reduced(screen)
    pages = render_pages(loaded, 0, width, height, shown)
    slide = loaded.deck.slides[0]
    _, _, scale = canvas_size(width, height)
    clear = kept_clear(width, height, loaded.deck.deck.display)
    room = None if clear is None else design(clear, scale)
    assume(len(pages) > 1)  # (a wide screen may hold even this much: nothing continues)
    title = getattr(slide, "title", None)
    sizes = set()
    for page, (image, report) in enumerate(pages):
        assert report.page == page and report.pages == len(pages)
        # the slide's band: the title on every page, at one size (a layout's title, not text
        # flowed in reading order), the section label's accent mark beside it
        fates = {d.field: d.status for d in report.account}
        unheld = {n.field for n in report.notes if n.kind == "unheld"}
        if fates.get(("title",)) == "cut":  # a title not even a page can hold: refused
            assert ("title",) in unheld, report.notes
        elif isinstance(title, Text):
            first = title_words(title, shown).split()[0]
            heads = [p for p in report.placed if p.text.split()[:1] == [first]
                     and p.size >= loaded.deck.deck.theme.min_size]
            assert heads, (page, [p.text[:30] for p in report.placed])
            sizes.add(round(heads[0].size, 1))
        accent = QColor(loaded.deck.deck.theme.accent)
        mark = QRectF(report.safe.left() - 4, report.safe.top() - 44, 16, 40)  # draw_kicker's
        assert any(_near(QColor(image.pixel(x, y)), accent)
                   for x in range(int(mark.left() * scale), int(mark.right() * scale) + 1)
                   for y in range(int(mark.top() * scale), int(mark.bottom() * scale) + 1)), \
            f"page {page + 1}: no accent mark of the section label"
        # nothing under the accessibility button
        if room is not None:
            under = [p.text[:30] for p in report.placed if p.rect.intersects(room)]
            assert not under, (page, room, under)
    assert len(sizes) <= 1, sizes


def _near(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) \
        <= tolerance


LONG_KO = " ".join(f"어린이병원 {n}병동은 2026년 3월에 문을 엽니다." for n in range(22))
LONG_EN = " ".join(f"Ward {n} of the children's wing opens in March 2026." for n in range(22))
CONTINUED = f"""\
deck:
  title: {{ko: 안내, en: Welcome}}
  display: {{screens: [1024x768, 800x600, 1080x1920]}}
  sections:
    - id: main
      title: {{ko: 어린이병원 안내, en: Children's wing}}
slides:
  - id: wing
    section: main
    layout: bullets
    title: {{ko: 새 병동, en: The new wing}}
    points:
      - {{ko: "{LONG_KO}", en: "{LONG_EN}"}}
      - {{ko: "{LONG_KO}", en: "{LONG_EN}"}}
"""


@pytest.mark.parametrize("size", [(1024, 768), (800, 600), (1080, 1920)])
def test_the_english_of_a_continued_page_is_muted_as_on_the_slide(
        qapp: object, write_deck: Callable[[str], Path], size: tuple[int, int]) -> None:
    """The English beneath the Korean in the layout's muted colour, on every page."""
    loaded = load_deck(write_deck(CONTINUED))
    theme = loaded.deck.deck.theme
    pages = render_pages(loaded, 0, *size, "both")
    assert len(pages) > 1
    _, _, scale = canvas_size(*size)
    seen = 0
    for page, (image, report) in enumerate(pages):
        english = [p for p in report.placed if "Ward" in p.text and
                   not re.search("[\uac00-\ud7a3]", p.text)]
        if not english:
            continue  # a page of Korean only
        seen += 1
        ink = _inks(image, [QRectF(p.rect.left() * scale, p.rect.top() * scale,
                                   p.rect.width() * scale, p.rect.height() * scale)
                            for p in english])
        assert any(_near(c, QColor(theme.muted)) for c in ink), (page, ink[:5])
        assert not any(_near(c, QColor(theme.text), 6) for c in ink), page
    assert seen, "the English is on some page"


def _inks(image: QImage, rects: list[QRectF]) -> list[QColor]:
    """The colours of the text's strokes: the pixels furthest from the background."""
    found: dict[int, int] = {}
    for rect in rects:
        for y in range(int(rect.top()), min(image.height(), int(rect.bottom()))):
            for x in range(int(rect.left()), min(image.width(), int(rect.right()))):
                rgb = image.pixel(x, y)
                found[rgb] = found.get(rgb, 0) + 1
    ground = max(found, key=lambda c: found[c])
    g = QColor(ground)
    return sorted((QColor(c) for c in found if c != ground),
                  key=lambda c: -(abs(c.red() - g.red()) + abs(c.green() - g.green()) +
                                  abs(c.blue() - g.blue())))[:40]


# A word wider than the whole screen even at the minimum size: no page can show it whole.
TOKEN_KO = "가나다라마바사아자차카타파하" * 6


def unheld_deck(token: str, where: str) -> str:
    """The continued deck with the token in its title or in a point."""
    if where == "title":
        return CONTINUED.replace("{ko: 새 병동,", f"{{ko: \"새 병동 {token}\",")
    return CONTINUED.replace(f"- {{ko: \"{LONG_KO}\"", f"- {{ko: \"{LONG_KO} {token}\"", 1)


@pytest.mark.timeout(240)
@settings(max_examples=4, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(token=st.one_of(st.integers(8, 12).map(lambda n: "가나다라마바사" * n),
                       st.integers(80, 120).map(lambda n: "W" * n)),
       where=st.sampled_from(("title", "point")))
def test_a_word_no_page_can_hold_is_refused_by_check_and_export(
        qapp: object, run_cli: Run, tmp_path_factory: pytest.TempPathFactory, token: str,
        where: str) -> None:
    folder = tmp_path_factory.mktemp("deck")
    deck = folder / "slides.yaml"
    deck.write_text(unheld_deck(token, where), encoding="utf-8")
    code, _, err = run_cli("check", str(deck))
    assert code == 1, err
    errors = [line for line in err.splitlines()
              if re.match(r"^.+slides\.yaml:\d+:\d+: (?!warning: )", line)]
    assert len(errors) == 1, err
    (line,) = errors
    text = deck.read_text(encoding="utf-8").splitlines()
    number = int(line.split(":")[1])
    assert token in text[number - 1], (line, text[number - 1])  # on the token's own line
    assert f"'{token}'" in line and "no page of the slide can show it whole" in line
    # the screens in plain words: the deck names three
    assert re.search(r"seen (at every screen shape|at [^()]*(800x600|1024x768|1080x1920))",
                     line), line
    assert re.search(r"(both languages|Korean alone|English alone|every language mode)", line)
    out = folder / "out"
    code, _, err = run_cli("export", str(deck), "--out", str(out), "--size", "800x600")
    assert code == 1 and line in err and not out.exists(), err


@pytest.mark.timeout(120)
def test_run_keeps_showing_the_slide_and_logs_the_error_check_says(
        qtbot: QtBot, write_deck: Callable[[str], Path], run_cli: Run,
        caplog: pytest.LogCaptureFixture) -> None:
    """What `run` does with such a deck: the slide is drawn (the word broken, every other word
    whole) and its background check logs the very line `check` prints, as an error."""
    from kiosk.ops.deck_check import DeckCheck

    deck = write_deck(unheld_deck(TOKEN_KO, "point"))
    _, _, err = run_cli("check", str(deck))
    (line,) = [x for x in err.splitlines() if "no page of the slide" in x]
    loaded = load_deck(deck)
    pages = render_pages(loaded, 0, 800, 600, "both")
    report: Rendered = pages[0][1]
    assert report.pages == len(pages) > 1
    drawn = " ".join(p.text for _, r in pages for p in r.placed)
    assert "어린이병원 13병동은" in drawn and "Ward 13" in drawn  # the rest is all there
    assert any(d.status == "cut" and d.field == ("points", 0) for d in report.account)
    check = DeckCheck()
    with caplog.at_level(logging.INFO, logger="kiosk.ops.deck_check"), \
            qtbot.waitSignal(check.finished, timeout=90_000):
        check.start(deck)
    logged = [r for r in caplog.records if r.levelno == logging.ERROR
              and r.getMessage() == f"deck check: {line}"]
    check.close()
    # the finished process's deferred deletion, while its owner is still alive (a test's
    # DeckCheck goes with the test; the kiosk's lives as long as the kiosk)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(logged) == 1, [r.getMessage() for r in caplog.records]


def _text_paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Where a generated slide holds a text pair ({ko, en}) that is drawn."""
    if isinstance(node, dict):
        if set(node) == {"ko", "en"}:
            return [path]
        return [p for k, v in node.items() if k not in ("id", "section", "layout")
                for p in _text_paths(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _text_paths(v, (*path, i))]
    return []


@st.composite
def decks_with_a_huge_word(draw: st.DrawFn) -> tuple[dict[str, Any], tuple[Any, ...], str]:
    """A generated one-slide deck of any layout with a word wider than any screen put into
    one of its texts, in one language."""
    deck = draw(decks(slides=(1, 1)))
    paths = _text_paths(deck["slides"][0])
    assume(paths)
    path = draw(st.sampled_from(paths))
    lang = draw(st.sampled_from(("ko", "en")))
    token = draw(st.sampled_from(("가나다라마바사" * 10, "W" * 100)))
    node = deck["slides"][0]
    for part in path:
        node = node[part]
    node[lang] = f"{node[lang]} {token}"
    deck["deck"]["display"] = {"screens": ["800x600", "1080x1920"]}
    return deck, path, lang


@settings(max_examples=10, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=decks_with_a_huge_word())
@pytest.mark.timeout(240)
def test_check_refuses_a_huge_word_in_any_field_of_any_layout(
        qapp: object, tmp_path_factory: pytest.TempPathFactory,
        case: tuple[dict[str, Any], tuple[Any, ...], str]) -> None:
    """Whatever layout and field the word is in, `check` says so as an error on that field."""
    from kiosk.ops.render_check import render_problems

    deck, path, lang = case
    loaded = load_deck(deck_yaml(deck, tmp_path_factory.mktemp("deck")))
    errors = [p for p in render_problems(loaded) if p.severity == "error"]
    where = [(*path, lang), path]
    if path[-1] == "unit":  # a figure's unit is drawn with its number: said on the number
        where += [(*path[:-1], "value")]
    lines = {loaded.marks.of_value(loaded.file_path(("slides", 0, *w)))[0] for w in where}
    assert any(p.line in lines and "no page of the slide can show it whole" in p.message
               for p in errors), (path, lang, [(p.line, p.message[:90]) for p in errors])


def test_a_continued_slide_with_a_title_as_long_as_the_deck_allows_is_drawn(
        qapp: object, write_deck: Callable[[str], Path]) -> None:
    """A title as long as a text may be (2,000 characters) and "(계속)" after it is longer than
    one may: the continued pages' marked title was validated again, raised, and the slide was
    never drawn."""
    long_title = ("새 병동 안내 " * 400)[:1995].strip()
    text = CONTINUED.replace("title: {ko: 새 병동, en: The new wing}",
                             f'title: {{ko: "{long_title}", en: "{long_title}"}}')
    loaded = load_deck(write_deck(text))
    pages = render_pages(loaded, 0, 1024, 768, "both")
    assert len(pages) > 1
    assert all(not image.isNull() for image, _ in pages)
