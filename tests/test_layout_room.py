"""Layouts use the room a screen has: on tall (9:16, 10:16, 3:4), wide (21:9) and 4:3 or 5:4
screens, the words of a bullets, statement or timeline slide stand in the middle of the room
under the title, and bullets and statements grow up to the deck's ceiling unless they already
fill most of that room. A figure's unit is written in both languages with both.

Measured from the renderer's account (where each field was drawn, and at what size), on generated
decks and on the hospital deck of tests/fixtures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF

from kiosk.deck import load_deck
from kiosk.deck.fields import Shown
from kiosk.deck.loader import LoadedDeck
from kiosk.deck.model import Deck, FiguresSlide
from kiosk.ops.export import render_image
from kiosk.render.frame import LOST, Drew
from kiosk.render.layouts._common import BODY_CEILING, GROWTH, STATEMENT_CEILING
from kiosk.render.reading_flow import ENLARGE, paginate
from kiosk.render.slide import Rendered
from tests.deck_strategies import MODES, deck_yaml, reduced, slide

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The shapes whose room the old layouts left unused: portrait, 21:9, 4:3 and 5:4.
SHAPES = [(1080, 1920), (800, 1280), (768, 1024), (2560, 1080), (1024, 768), (1280, 1024)]
MAIN = {"bullets": "points", "statement": "statement", "timeline": "milestones"}
BALANCE = 0.2  # of the room's height: how far the words' middle may stand from the room's
FILLED = 0.5  # of the room's height: words this tall need not grow further
FULL_LINE = 0.8  # of a column's width: a line this long is why the words grow no further


def room(report: Rendered) -> QRectF:
    """The room under the title (the whole safe area on a slide without one)."""
    safe = report.safe
    titles = [d.rect for d in report.account if d.field == ("title",) and d.rect.height() > 0]
    top = titles[0].bottom() if titles else safe.top()
    return QRectF(safe.left(), top, safe.width(), safe.bottom() - top)


def main_fields(report: Rendered, layout: str) -> list[Drew]:
    return [d for d in report.account if d.field[:1] == (MAIN[layout],)]


def extent(rects: list[QRectF]) -> QRectF:
    box = rects[0]
    for rect in rects[1:]:
        box = box.united(rect)
    return box


def ceiling(deck: Deck, layout: str) -> float:
    """The size the layout grows its main text to when there is room (its first language)."""
    theme = deck.deck.theme
    size, share = (theme.body_size, BODY_CEILING) if layout == "bullets" else \
        (theme.body_size * 1.25, STATEMENT_CEILING)
    return size * max(1.0, min(GROWTH, theme.title_size * share / size))


def width_bound(report: Rendered, drews: list[Drew]) -> bool:
    """Whether some line of these fields runs (nearly) the width of its column: the words
    could not grow without another line."""
    columns = [d.rect for d in drews]
    return any(p.rect.width() >= FULL_LINE * column.width() for p in report.placed
               for column in columns if column.intersects(p.rect) and column.width() > 0)


def room_problems(loaded: LoadedDeck, index: int, size: tuple[int, int],
                  shown: Shown) -> list[str]:
    layout = loaded.deck.slides[index].layout
    _, report = render_image(loaded, index, *size, shown)
    drews = main_fields(report, layout)
    where = f"{loaded.deck.slides[index].id} {layout} {size[0]}x{size[1]} {shown}"
    if report.pages > 1 or not drews or any(d.status in LOST for d in report.account):
        return []  # a slide too full for its screen: the no-word-lost tests judge it
    space = room(report)
    block = extent([d.rect for d in drews])
    problems = []
    offset = abs(block.center().y() - space.center().y())
    if offset > BALANCE * space.height():
        problems.append(f"{where}: the words' middle stands {offset:.0f} px from the room's "
                        f"(room {space.height():.0f} px tall, words {block.height():.0f} px)")
    if layout != "timeline":
        grown = min(d.size for d in drews)
        if grown < ceiling(loaded.deck, layout) - 0.5 and \
                block.height() < FILLED * space.height() and not width_bound(report, drews):
            problems.append(f"{where}: the words stand at {grown:.0f} px in "
                            f"{block.height() / space.height():.0%} of the room")
    return problems


@pytest.mark.timeout(240, method="signal")
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(body=st.sampled_from(sorted(MAIN)).flatmap(lambda layout: slide(0, layout)),
       screen=st.sampled_from(SHAPES), shown=st.sampled_from(MODES))
def test_generated_slides_use_the_room_of_tall_wide_and_square_screens(
        body: dict[str, Any], screen: tuple[int, int], shown: Shown,
        tmp_path_factory: pytest.TempPathFactory, qapp: object) -> None:
    deck = {"deck": {"title": {"ko": "안내", "en": "Guide"}, "language": "both",
                     "sections": [{"id": "main", "title": {"ko": "안내", "en": "Guide"}}]},
            "slides": [body]}
    loaded = load_deck(deck_yaml(deck, tmp_path_factory.mktemp("room")))
    assert room_problems(loaded, 0, reduced(screen), shown) == []


@pytest.fixture(scope="module")
def hospital() -> LoadedDeck:
    return load_deck(FIXTURES / "hospital" / "slides.yaml")


@pytest.mark.parametrize("size", SHAPES)
def test_the_hospital_decks_slides_use_the_room(qapp: object, hospital: LoadedDeck,
                                                size: tuple[int, int]) -> None:
    problems = [problem for index, s in enumerate(hospital.deck.slides) if s.layout in MAIN
                for shown in MODES for problem in room_problems(hospital, index, size, shown)]
    assert problems == []


def test_short_bullets_on_a_tall_screen_grow_and_stand_in_the_middle(
        qapp: object, hospital: LoadedDeck) -> None:
    """Five short parking fees at 1080x1920 stood at the top at 46 px with ~1,000 px empty
    under them."""
    index = [s.id for s in hospital.deck.slides].index("parking")
    _, report = render_image(hospital, index, 1080, 1920, "both")
    points = main_fields(report, "bullets")
    assert min(d.size for d in points) >= ceiling(hospital.deck, "bullets") - 0.5
    space, block = room(report), extent([d.rect for d in points])
    assert block.top() - space.top() >= 0.1 * space.height()
    assert space.bottom() - block.bottom() >= 0.1 * space.height()


def _unit_lines(report: Rendered) -> list[str]:
    return [p.text.strip() for d in report.account if d.field[-1:] == ("unit",)
            for p in report.placed if d.rect.contains(p.rect.center())]


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1024, 768)])
def test_a_figures_unit_is_in_both_languages(qapp: object, hospital: LoadedDeck,
                                             size: tuple[int, int]) -> None:
    index = [s.id for s in hospital.deck.slides].index("numbers")
    figures = hospital.deck.slides[index]
    assert isinstance(figures, FiguresSlide)
    _, both = render_image(hospital, index, *size, "both")
    drawn = {p.text.strip() for p in both.placed}
    for unit in ("병상", "beds", "시간", "hours"):  # the Korean counter and the English word
        assert unit in drawn, (unit, sorted(drawn))
    units = [d for d in both.account if d.field[-1:] == ("unit",)]
    assert len(units) == sum(1 for f in figures.figures if f.unit)
    # '㎡' and 'm²' are one unit written alike: once, not twice over each other
    assert [d.text for d in units if d.field == ("figures", 2, "unit")] == ["㎡"]
    assert [d.text for d in units if d.field == ("figures", 3, "unit")] == ["km"]
    assert [d.text for d in units if d.field == ("figures", 0, "unit")] == ["병상\nbeds"]
    for shown, unit, other in (("ko", "병상", "beds"), ("en", "beds", "병상")):
        _, one = render_image(hospital, index, *size, shown)
        texts = {p.text.strip() for p in one.placed}
        assert unit in texts and other not in texts, (shown, sorted(texts))


def test_the_units_stand_beside_their_number_without_overlap(qapp: object,
                                                             hospital: LoadedDeck) -> None:
    index = [s.id for s in hospital.deck.slides].index("numbers")
    _, report = render_image(hospital, index, 1920, 1080, "both")
    for drew in report.account:
        if drew.field[-1:] != ("unit",):
            continue
        value = next(d for d in report.account if d.field == (*drew.field[:-1], "value"))
        assert drew.rect.left() >= value.rect.right() - 0.5
        assert drew.rect.top() >= value.rect.top() - 0.5, (drew, value)
        assert drew.rect.bottom() <= value.rect.bottom() + 0.5  # on the number's baseline
    assert _unit_lines(report)


@pytest.mark.parametrize("size", [(1080, 1920), (2560, 1080)])
def test_the_accessibility_mode_doubles_the_grown_size(qapp: object, hospital: LoadedDeck,
                                                       size: tuple[int, int]) -> None:
    """Bullets grown into a tall or wide screen's room: the mode's pages are twice what the
    ordinary view drew (they were twice the nominal size, smaller than twice the drawn one)."""
    index = [s.id for s in hospital.deck.slides].index("parking")
    _, report = render_image(hospital, index, *size, "both")
    drawn = {d.field: d.size for d in main_fields(report, "bullets")}
    assert min(drawn.values()) > hospital.deck.deck.theme.body_size  # it did grow
    paras = paginate(hospital.deck, index, "both", *size).paras
    for field, grown in drawn.items():
        sizes = [p.size for p in paras if p.source == field]
        assert sizes and max(sizes) >= ENLARGE * grown - 0.01, (field, sizes, grown)
