"""Every layout fits the space it has: at every screen shape and language, nothing outside the
safe area, nothing overlapping, no word cut or split, for three decks on unrelated subjects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage

from kiosk.deck import load_deck
from kiosk.deck.checks import MIN_CONTRAST
from kiosk.deck.fields import pick
from kiosk.deck.loader import LoadedDeck
from kiosk.deck.model import BuildingSlide, FiguresSlide, SiteSlide, aspect_ratio
from kiosk.ops.export import render_image
from kiosk.render.layouts.site import SHAPES as SITE_SHAPES
from kiosk.render.slide import Rendered
from tests.decks import MINIMAL
from tests.layout_shapes import FIT_DECKS, SHAPES, contrast, drawn_outside, fit_problems

S = TypeVar("S")

MODES = ("both", "ko", "en")


@pytest.fixture(scope="module", params=sorted(FIT_DECKS))
def deck(request: pytest.FixtureRequest) -> LoadedDeck:
    return load_deck(FIT_DECKS[request.param])


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_slide_fits_every_shape(deck: LoadedDeck, shape: str, qapp: object) -> None:
    width, height = SHAPES[shape]
    background = QColor(deck.deck.deck.theme.background)
    problems = []
    for shown in MODES:
        for index, slide in enumerate(deck.deck.slides):
            image, report = render_image(deck, index, width, height, shown)
            name = f"{slide.id} {shape} {shown}"
            problems += fit_problems(name, report)
            if slide.layout != "cover":  # the cover's rings bleed off the corner on purpose
                problems += [f"{name}: drawn in the margin at {where}"
                             for where in drawn_outside(image, report, background)[:3]]
    assert not problems, "\n".join(problems)


def slides_of(loaded: LoadedDeck, kind: type[S]) -> list[tuple[int, S]]:
    return [(i, s) for i, s in enumerate(loaded.deck.slides) if isinstance(s, kind)]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_building_shows_every_floor(deck: LoadedDeck, shape: str, qapp: object) -> None:
    """Every floor of every building is drawn, in order, whole and inside the safe area (a third
    building used to lose B3/B4 in portrait; at 800x1280 only 1F was left)."""
    for index, slide in slides_of(deck, BuildingSlide):
        expected = [floor for b in slide.buildings for floor in b.floors]
        for shown in MODES:
            _, report = render_image(deck, index, *SHAPES[shape], shown)
            floors = [p for p in report.placed if p.text in set(expected)]
            assert [p.text for p in floors] == expected, (shape, shown)
            for p in floors:
                assert report.safe.contains(p.rect) and not p.cut, (shape, shown, p.text)
            assert not [n for n in report.notes if n.kind == "overflow"], (shape, shown)


def ink_on(image: QImage, rect: QRectF, scale: float) -> tuple[QColor, QColor]:
    """The fill behind a text box (just left of it) and the ink in it that differs most."""
    y = round(rect.center().y() * scale)
    fill = image.pixelColor(round((rect.left() - 8) * scale), y)
    inks = [image.pixelColor(x, yy)
            for x in range(round(rect.left() * scale), round(rect.right() * scale))
            for yy in range(round(rect.top() * scale), round(rect.bottom() * scale))]
    return fill, max(inks, key=lambda c: contrast(c, fill))


# A theme whose highlight is of middling brightness: drawn faded below ground, as it used to
# be, the floor's name fell to about 3.5:1.
BASEMENT_DECK = MINIMAL.replace("deck:\n", "deck:\n  theme: {background: '#1A1A2E', highlight: "
                                "'#E8A33D', on_highlight: '#0A1F44'}\n") + """\
  - id: parking
    section: main
    layout: building
    title: {ko: 주차장, en: Parking}
    buildings:
      - name: {ko: 본관, en: Main building}
        floors: [B2, B1, 1F, 2F]
        area: "900 m²"
        status: {ko: 운영 중, en: Open}
        highlight: [B2]
"""


@pytest.mark.parametrize("size", [(960, 540), (540, 960), (1024, 768)], ids=str)
def test_highlighted_floors_keep_their_contrast(size: tuple[int, int],
                                                write_deck: Callable[[str], Path],
                                                qapp: object) -> None:
    """A highlighted floor's name, basements too, measured on the rendered image (a highlighted
    basement used to be drawn faded, under 4.5:1)."""
    measured = []
    for path in [*FIT_DECKS.values(), write_deck(BASEMENT_DECK)]:
        loaded = load_deck(path)
        for index, slide in slides_of(loaded, BuildingSlide):
            image, report = render_image(loaded, index, *size, "both")
            scale = image.height() / report.height
            expected = [(b, floor) for b in slide.buildings for floor in b.floors]
            floors = [p for p in report.placed if p.text in {f for _, f in expected}]
            for (building, floor), placed in zip(expected, floors, strict=True):
                if floor in building.highlight:
                    fill, ink = ink_on(image, placed.rect, scale)
                    measured.append((slide.id, floor, round(contrast(fill, ink), 2)))
    assert ("parking", "B2") in {(s, f) for s, f, _ in measured}
    assert all(ratio >= MIN_CONTRAST for _, _, ratio in measured), measured


def plan_box(image: QImage, report: Rendered, slide: SiteSlide, colour: QColor) -> QRectF:
    """The plan's places' unit square, found from where the highlighted places were drawn
    (below the title, outside every text box: the theme may use the colour for words too)."""
    scale = image.height() / report.height
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    probe = QImage(1, 1, QImage.Format.Format_RGB32)
    probe.fill(colour)
    target = bytes(probe.constBits())[:4]  # type: ignore[call-overload]
    data, stride = bytes(image.constBits()), image.bytesPerLine()  # type: ignore[call-overload]
    titles = [p.rect for p in report.placed if p.text in (slide.title.ko, slide.title.en)]
    first_row = int(max(r.bottom() for r in titles) * scale) + 1
    text = [p.rect for p in report.placed]
    xs, ys = [], []
    for y in range(first_row, image.height()):
        row = data[y * stride:y * stride + image.width() * 4]
        x = row.find(target)
        while x >= 0:
            if x % 4 == 0 and not any(r.contains(x / 4 / scale, y / scale) for r in text):
                xs.append(x / 4 / scale)
                ys.append(y / scale)
            x = row.find(target, x + 1)
    assert xs, "no highlighted place drawn"
    marked = [p for p in slide.places if p.kind == "school"]
    left, right = min(p.x for p in marked), max(p.x + p.w for p in marked)
    top, bottom = min(p.y for p in marked), max(p.y + p.h for p in marked)
    width = (max(xs) - min(xs) + 1 / scale) / (right - left)
    height = (max(ys) - min(ys) + 1 / scale) / (bottom - top)
    return QRectF(min(xs) - left * width, min(ys) - top * height, width, height)


def test_site_plan_keeps_its_aspect_and_fills_its_space(qapp: object) -> None:
    """The plan keeps a declared shape on every screen (else takes the shape among its best ones
    that fills the screen) and reaches across the room it has in one direction (it used to fill
    ~40 % of a wide screen)."""
    for path in FIT_DECKS.values():
        loaded = load_deck(path)
        colour = QColor(loaded.deck.deck.theme.highlight)
        for index, slide in slides_of(loaded, SiteSlide):
            aspects = {}
            for shape, (w, h) in SHAPES.items():
                image, report = render_image(loaded, index, w * 2, h * 2, "both")
                box = plan_box(image, report, slide, colour)
                aspects[shape] = box.width() / box.height()
                titles = [p.rect for p in report.placed if p.text in (slide.title.ko,
                                                                      slide.title.en)]
                room = QRectF(report.safe.left(), max(r.bottom() for r in titles),
                              report.safe.width(), 0)
                room.setBottom(report.safe.bottom())
                words = [p.rect for p in report.placed if p.rect.top() > box.bottom()
                         or p.rect.left() > box.right()]
                beside = any(r.left() > box.right() for r in words)
                if beside:
                    room.setRight(min(r.left() for r in words))
                else:
                    room.setBottom(min((r.top() for r in words), default=room.bottom()))
                fill = max((box.width() + 48) / room.width(), (box.height() + 48) / room.height())
                assert fill >= 0.8, (slide.id, shape, fill)  # the gaps around it count as room
            if slide.aspect:
                assert all(abs(a - aspect_ratio(slide.aspect)) < 0.04 for a in aspects.values()), \
                    aspects
            # undeclared: one of the shapes a plan may take, the one that fills this screen
            shapes = [aspect_ratio(s) for s in SITE_SHAPES]
            assert all(min(abs(a / s - 1) for s in shapes) < 0.04 for a in aspects.values()), \
                (slide.id, aspects)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_figures_keep_units_and_large_numbers(deck: LoadedDeck, shape: str,
                                              qapp: object) -> None:
    """Every unit beside its number, whole ("12,480" lost its ㎡ at 1280x1024), and numbers
    never shrunk to the size of their labels."""
    for index, slide in slides_of(deck, FiguresSlide):
        for shown in MODES:
            _, report = render_image(deck, index, *SHAPES[shape], shown)
            lang = "en" if shown == "en" else "ko"
            placed = list(report.placed)
            for figure in slide.figures:  # drawn in order: number, unit, label
                at = next(i for i, p in enumerate(placed) if p.text == pick(figure.value, lang))
                value, rest = placed[at], placed[at + 1:]
                label = next(p for p in rest if p.text == figure.label.get(lang))
                assert value.size >= 1.5 * label.size, (shape, shown, value.text, value.size)
                if figure.unit:
                    unit = rest[0]
                    assert unit.text.strip() == figure.unit.get(lang) and not unit.cut, \
                        (shape, shown, value.text, unit.text)
                    assert abs(unit.rect.left() - value.rect.right()) < 2, (shape, shown)
                placed = rest


@pytest.mark.parametrize("shape", ["16x9", "4x3", "21x9", "9x16"])
def test_cover_picture_shares_the_title_grid(shape: str, qapp: object) -> None:
    """The cover's picture reaches the safe area's edges and the title stands on its left edge
    (it used to be a small thumbnail off the title's alignment)."""
    loaded = load_deck(FIT_DECKS["library"])
    w, h = SHAPES[shape]
    image, report = render_image(loaded, 0, w * 2, h * 2, "both")
    scale = image.height() / report.height
    grass = QColor("#8FB996").rgb()  # the picture's lawn runs along its whole bottom
    xs = [x for x in range(image.width()) for y in range(0, image.height(), 4)
          if image.pixel(x, y) == grass]
    ys = [y for y in range(image.height()) if image.pixel(min(xs), y) == grass]
    safe = report.safe
    left, right, bottom = min(xs) / scale, (max(xs) + 1) / scale, (max(ys) + 1) / scale
    assert abs(right - safe.right()) < 3
    if report.height > report.width:
        assert abs(left - safe.left()) < 3
    else:
        assert abs(bottom - safe.bottom()) < 3 and right - left > safe.width() * 0.3
    title = next(p for p in report.placed if p.text.startswith("「海오름」"))
    assert abs(title.rect.left() - safe.left()) < 1


@pytest.mark.parametrize(("real", "small"), [((800, 600), (400, 300)),
                                             ((3840, 2160), (480, 270)),
                                             ((800, 1280), (300, 480))], ids=str)
def test_a_shape_lays_out_alike_at_every_size(real: tuple[int, int], small: tuple[int, int],
                                               qapp: object) -> None:
    """Why the tests may draw small: the design canvas gives one layout per aspect ratio."""
    loaded = load_deck(FIT_DECKS["library"])
    for index in range(len(loaded.deck.slides)):
        _, big = render_image(loaded, index, *real, "both")
        _, little = render_image(loaded, index, *small, "both")
        assert [(p.text, p.size) for p in big.placed] == [(p.text, p.size) for p in little.placed]
        for a, b in zip(big.placed, little.placed, strict=True):
            assert abs(a.rect.top() - b.rect.top()) < 1 and abs(a.rect.left() - b.rect.left()) < 1


def test_too_many_floors_is_a_note_on_the_buildings(write_deck: Callable[[str], Path],
                                                    qapp: object) -> None:
    """What cannot fit by construction continues on another page: three 30-floor towers at
    4:3."""
    floors = "[" + ", ".join(f"{n}F" for n in range(1, 31)) + "]"
    tower = ("      - name: {ko: 타워, en: Tower}\n        floors: " + floors +
             "\n        area: '1 m²'\n        status: {ko: 개방, en: Open}\n")
    text = MINIMAL + ("  - id: towers\n    section: main\n    layout: building\n"
                      "    title: {ko: 타워, en: Towers}\n    buildings:\n" + tower * 3)
    loaded = load_deck(write_deck(text))
    _, report = render_image(loaded, 2, 400, 300, "both")
    # the layout says it cannot show every floor; the slide then continues on further pages
    assert [n.field for n in report.notes if n.kind == "continued"]
    assert report.pages > 1 and not report.lost
    floors = {d.field: d for d in report.account if d.field[-1:] == ("floors",)}
    assert sorted(floors) == [("buildings", i, "floors") for i in range(3)]


@pytest.mark.parametrize("written", ["16:9", "3:4", "21:9", "'16:10'"])
def test_a_site_plan_aspect_reads_as_written(written: str,
                                             write_deck: Callable[[str], Path]) -> None:
    """YAML 1.1 reads an unquoted 16:9 as the number 969; the deck means the shape."""
    text = MINIMAL + ("  - id: plan\n    section: main\n    layout: site\n"
                      "    title: {ko: 지도, en: Map}\n    address: {ko: 주소, en: Address}\n"
                      f"    aspect: {written}\n    places:\n"
                      "      - {label: {ko: 본관, en: Main}, x: 0, y: 0, w: 1, h: 1}\n")
    slide = load_deck(write_deck(text)).deck.slides[2]
    assert isinstance(slide, SiteSlide) and slide.aspect == written.strip("'")


def test_a_unit_too_long_for_its_card_stays_inside_and_is_said(
        write_deck: Callable[[str], Path], qapp: object) -> None:
    """A number with an unreasonable unit is fitted by the text engine, never drawn past the
    card, and reported on the figure (found by the fuzz test)."""
    unit = "가" * 60
    figure = ("      - {value: '12,480', unit: {ko: " + unit + ", en: " + unit + "}, "
              "label: {ko: 면적, en: Area}}\n")
    text = MINIMAL + ("  - id: big\n    section: main\n    layout: figures\n"
                      "    title: {ko: 숫자, en: Numbers}\n    figures:\n" + figure * 3)
    loaded = load_deck(write_deck(text))
    _, report = render_image(loaded, 2, 480, 270, "both")
    for placed in report.placed:
        assert report.safe.adjusted(0, -48, 0, 0).contains(placed.rect), placed.text[:20]
    # the card cannot hold it: the slide continues on another page, with the number whole
    assert report.pages > 1 and not report.lost
    assert ("figures", 0, "value") in {d.field for d in report.account}
