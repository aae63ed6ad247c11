"""A site plan of the deck's own shape, as large as the slide allows, with the address beside or
below it. A place too small for its name carries a number, and the name goes in a key."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen

from kiosk.deck.model import Deck, Place, SiteSlide, Slide, aspect_ratio
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import (
    Part,
    draw_parts,
    header,
    parts_fit,
    parts_fit_at_all,
    parts_height,
)

INSET = 24.0  # between the plan's dashed edge and its places
PAD_X, PAD_Y = 20.0, 14.0  # between a place's edge and its name
WORDS_GAP = 56.0
KEY_GAP = 24.0  # between the key of numbered places and the address
WORDS_MIN = 440.0  # the narrowest column for the address beside the plan
WORDS_SHARE = 0.34  # of the height, at most, for the address below the plan
MARKS = "①②③④⑤⑥⑦⑧"
# Shapes a plan may take when the deck does not say; the first of equals wins.
SHAPES = ("16:9", "4:3", "1:1", "3:4", "21:9", "9:16")
REFERENCE_AREA = 1400.0 * 790.0  # design px² a plan is judged at: its shape is the screen's own


@dataclass(frozen=True)
class SitePlan:
    inner: QRectF  # the places' unit square, stretched to the plan's aspect
    words: QRectF


def place_rect(inner: QRectF, place: Place) -> QRectF:
    return QRectF(inner.left() + place.x * inner.width(), inner.top() + place.y * inner.height(),
                  place.w * inner.width(), place.h * inner.height())


def _label(frame: Frame, place: Place, i: int, ink: str) -> list[Part]:
    return [Part(frame.runs(place.label, frame.theme.body_size * 0.8, ink, QFont.Weight.Bold,
                            secondary=ink), ("places", i, "label"), "place label")]


def _label_fits(frame: Frame, rect: QRectF, parts: list[Part]) -> bool:
    return parts_fit_at_all(parts, rect.width() - 2 * PAD_X, rect.height() - 2 * PAD_Y,
                            frame.theme.min_size)


def plan_aspects(frame: Frame, slide: SiteSlide) -> list[float]:
    """The deck's aspect for this plan, or the shapes in which the most place names fit inside
    their places (judged in both languages at a fixed size); the layout then takes the one of
    these that fills the screen it has, so a portrait screen gets an upright plan."""
    if slide.aspect:
        return [aspect_ratio(slide.aspect)]
    both = replace(frame, shown="both")
    scores: list[tuple[float, float]] = []
    for shape in SHAPES:
        ratio = aspect_ratio(shape)
        inner = QRectF(0, 0, math.sqrt(REFERENCE_AREA * ratio), math.sqrt(REFERENCE_AREA / ratio))
        fit = 0.0
        for i, place in enumerate(slide.places):
            rect = place_rect(inner, place)
            scale = parts_fit(_label(both, place, i, "text"), rect.width() - 2 * PAD_X,
                              rect.height() - 2 * PAD_Y, frame.theme.min_size)
            fit += scale if scale is not None else -1.0
        scores.append((ratio, fit))
    best = max(fit for _, fit in scores)
    return [ratio for ratio, fit in scores if fit >= best - 1e-6]


def _fit(box: QRectF, ratio: float) -> QRectF:
    """The largest plan of this aspect inside box (with its inset), at box's top left."""
    w = min(box.width() - 2 * INSET, (box.height() - 2 * INSET) * ratio)
    h = w / ratio
    return QRectF(box.left() + INSET, box.top() + INSET, max(w, 1.0), max(h, 1.0))


def _arrange(frame: Frame, area: QRectF, ratio: float, words: list[Part]) -> SitePlan:
    """Words below the plan or beside it, whichever leaves the larger plan."""
    min_size = frame.theme.min_size
    below_h = parts_height(words, area.width(), 1.0, min_size)
    below_h = min(below_h, area.height() * WORDS_SHARE)
    under = _fit(QRectF(area.left(), area.top(), area.width(),
                        area.height() - below_h - WORDS_GAP), ratio)
    below = SitePlan(under, QRectF(area.left(), under.bottom() + INSET + WORDS_GAP,
                                   area.width(), area.bottom() - under.bottom() - INSET
                                   - WORDS_GAP))
    side_w = area.width() - WORDS_MIN - WORDS_GAP
    beside_plan = _fit(QRectF(area.left(), area.top(), side_w, area.height()), ratio)
    left = beside_plan.right() + INSET + WORDS_GAP
    beside = SitePlan(beside_plan, QRectF(left, area.top(), area.right() - left,
                                          beside_plan.bottom() + INSET - area.top()))
    if beside_plan.width() * beside_plan.height() > under.width() * under.height() and \
            parts_fit(words, beside.words.width(), beside.words.height(), min_size) is not None:
        return beside
    return below


def _small(frame: Frame, slide: SiteSlide, plan: SitePlan,
           inks: list[tuple[QColor, str]]) -> list[int]:
    """The places too small for their names at this plan's size: they carry a number."""
    return [i for i, place in enumerate(slide.places)
            if not _label_fits(frame, place_rect(plan.inner, place),
                               _label(frame, place, i, inks[i][1]))]


def _solve(frame: Frame, slide: SiteSlide, area: QRectF, ratio: float, address: list[Part],
           inks: list[tuple[QColor, str]]) -> tuple[SitePlan, list[int], list[Part]]:
    """The plan sized with everything that goes beside or below it: the key of numbered places
    is part of the words before the plan is sized (added after, it pushed the address and the
    note out of their box). A smaller plan may number more places: repeat until it settles."""
    small: list[int] = []
    for _ in range(len(slide.places) + 1):
        key = [_key_entry(frame, slide.places[i], i, MARKS[n]) for n, i in enumerate(small)]
        words = _with_key(key, address)
        plan = _arrange(frame, area, ratio, words)
        now = sorted(set(small) | set(_small(frame, slide, plan, inks)))
        if now == small:
            return plan, small, words
        small = now
    return plan, small, words


def _with_key(key: list[Part], address: list[Part]) -> list[Part]:
    """The key of numbered places, then the address a little apart from it (it ran straight on
    from the key's last English line)."""
    if not key or not address:
        return key + address
    return key + [replace(address[0], gap=address[0].gap + KEY_GAP), *address[1:]]


def _rank(solved: tuple[SitePlan, list[int], list[Part]], min_size: float) -> tuple[bool, int,
                                                                                     float]:
    """Words that fit first, then names on the plan rather than numbers, then the larger plan."""
    plan, small, words = solved
    fits = parts_fit_at_all(words, plan.words.width(), plan.words.height(), min_size)
    return fits, -len(small), plan.inner.width() * plan.inner.height()


def _best(frame: Frame, slide: SiteSlide, area: QRectF, address: list[Part],
          inks: list[tuple[QColor, str]]) -> tuple[SitePlan, list[int], list[Part]]:
    """The shape (of the plan's best ones) that gives the largest plan with every word fitting
    and every name on its place; tried largest first, so one is usually enough."""
    ratios = plan_aspects(frame, slide)
    first = {ratio: _arrange(frame, area, ratio, address).inner for ratio in ratios}
    ratios.sort(key=lambda ratio: -first[ratio].width() * first[ratio].height())
    best: tuple[SitePlan, list[int], list[Part]] | None = None
    for ratio in ratios:
        if best is not None and _rank(best, frame.theme.min_size)[0] and \
                first[ratio].width() * first[ratio].height() <= \
                best[0].inner.width() * best[0].inner.height():
            break  # every shape left gives a smaller plan, with no fewer numbers
        found = _solve(frame, slide, area, ratio, address, inks)
        if best is None or _rank(found, frame.theme.min_size) > _rank(best,
                                                                      frame.theme.min_size):
            best = found
        if _rank(found, frame.theme.min_size)[:2] == (True, 0):
            break  # all fits, no numbers: a later shape's plan is no larger
    assert best is not None
    return best


def draw_site(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, SiteSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    area = QRectF(safe.left(), top, safe.width(), safe.bottom() - top)
    body = frame.theme.body_size
    address = [Part(frame.runs(slide.address, body * 0.8, "accent", QFont.Weight.DemiBold,
                               secondary="accent"), ("address",), "address"),
               Part(frame.runs(slide.note, body * 0.7), ("note",), "note", 14)]
    inks = [_ink(frame, place) for place in slide.places]
    plan, small, words = _best(frame, slide, area, address, inks)
    beside = plan.words.top() < plan.inner.bottom()
    if not beside:  # the plan and the words under it, together in the middle of the area
        used = parts_height(words, plan.words.width(), 1.0, frame.theme.min_size)
        shift = max(0.0, plan.words.height() - used) / 2
        plan = SitePlan(plan.inner.translated(0, shift),
                        plan.words.adjusted(0, shift, 0, 0))
    p = frame.painter
    p.save()
    p.setPen(QPen(frame.color("muted"), 3, Qt.PenStyle.DashLine))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(plan.inner.adjusted(-INSET, -INSET, INSET, INSET), 24, 24)
    p.restore()
    centre = Qt.AlignmentFlag.AlignHCenter
    middle = Qt.AlignmentFlag.AlignVCenter
    for i, place in enumerate(slide.places):
        rect = place_rect(plan.inner, place)
        fill, ink = inks[i]
        frame.fill_rounded(rect, fill, 16)
        if i in small:
            frame.text(rect.adjusted(4, 4, -4, -4),
                       frame.runs(MARKS[small.index(i)], body * 0.8, ink, QFont.Weight.Bold),
                       align=centre, valign=middle, what="place number",
                       field=("places", i, "mark"))
        else:
            draw_parts(frame, rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y),
                       _label(frame, place, i, ink), align=centre, valign=middle)
    # Beside the plan the words stand on its foot; below it they hang right under it.
    draw_parts(frame, plan.words, words,
               valign=Qt.AlignmentFlag.AlignBottom if beside else Qt.AlignmentFlag.AlignTop)


def _ink(frame: Frame, place: Place) -> tuple[QColor, str]:
    """A place's fill, and the theme colour its name is written in."""
    if place.kind == "school":
        return frame.color("highlight"), "on_highlight"
    if place.kind == "main":
        return frame.color("surface"), "text"
    return QColor(frame.color("surface")).lighter(115), "text"


def _key_entry(frame: Frame, place: Place, i: int, mark: str) -> Part:
    runs = frame.runs(place.label, frame.theme.body_size * 0.7)
    runs[0] = replace(runs[0], text=f"{mark} {runs[0].text}")
    return Part(runs, ("places", i, "label"), "place label", 10)
