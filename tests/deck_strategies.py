"""Hypothesis strategies that generate whole decks a lobby might really show: every layout, Korean
and English texts of any length from realistic words (long 어절, numbers with units, dates,
times, phone numbers, road addresses, URLs, names with Hanja), any item count the schema allows,
pictures of any shape; and the screen shapes lobby PCs have, from 800x600 to 3840x2160, portrait
to 21:9. Reused by every test that must hold for any deck, not only the team's own.

A generated deck is a plain dict: `deck_yaml` writes it (with its pictures) into a folder.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

# Words of a hospital's, a library's, a city hall's lobby. Korean: long 어절 too.
KO_WORDS = (
    "어린이병원", "새", "병동은", "2026년", "3월", "2일", "개원합니다", "진료과는", "순차적으로",
    "이전합니다", "자세한", "일정은", "누리집에서", "확인하세요", "지하철", "3호선", "양재역",
    "4번", "출구에서", "도보", "7분입니다", "주차장은", "지하", "2층부터", "4층까지입니다",
    "응급실", "외래", "진료", "접수", "안내데스크", "엘리베이터를", "이용하시기", "바랍니다",
    "보호자", "대기실", "수유실", "소아청소년과", "예방접종", "상담", "바로", "앞", "모의",
    "국립중앙도서관에서는", "열람실", "대출", "반납", "시민", "여러분의", "의견을", "듣습니다",
    "주민센터", "민원실", "운영시간", "점심시간", "토요일", "일요일과", "공휴일은", "휴관합니다",
    "최초", "30분", "무료", "이후", "10분마다", "1,000원", "입원", "환자", "1일", "10,000원",
)
EN_WORDS = (
    "the", "new", "children's", "wing", "opens", "in", "March", "2026", "and", "some",
    "departments", "move", "in", "stages", "over", "following", "months", "see", "hospital's",
    "website", "for", "full", "schedule", "of", "each", "department", "a", "walk", "from",
    "Exit", "4", "Yangjae", "Station", "on", "Line", "3", "parking", "is", "basement",
    "levels", "to", "first", "minutes", "are", "free", "Saturdays", "open", "hours",
    "outpatient", "clinics", "reception", "desk", "lifts", "please", "use", "nearest",
    "stairs", "Seoul", "(1F)", "emergency", "room", "library", "reading", "borrowing",
    "returns", "citizens", "closed", "Sundays", "public", "holidays", "counter", "further",
)
# Tokens that must stay whole (and keep their unit, their label or their road).
KO_TOKENS = (
    "210 ㎡", "1.5 km", "24시간", "22℃", "200 m", "12,480 ㎡", "09:00–12:30", "08:30",
    "2026년 3월 2일", "02-2155-7100", "1588-0000", "바우뫼로 37길 12", "세종대로 110",
    "김민준(金敏俊)", "이서윤(李瑞允)", "박지훈(朴志勳)", "childrens.seoul.example/wing",
    "www.seoul.go.kr", "B2", "3F",
)
EN_TOKENS = (
    "210 m²", "1.5 km", "24 hours", "22 ℃", "200 m", "10 minutes", "3 floors", "09:00–12:30",
    "08:30", "2 March 2026", "02-2155-7100", "+82 2 2155 7100", "12 Baumoe-ro 37-gil",
    "110 Sejong-daero", "Dr Kim Min-jun (金敏俊)", "childrens.seoul.example/wing",
    "https://www.seoul.go.kr", "B2", "3F", "1,000 won",
)
FLOORS = ("B4", "B3", "B2", "B1", *(f"{n}F" for n in range(1, 31)))
PHONES = ("02-2155-7100", "+82 2 555 0100", "1588-0000", "031-123-4567")
LAYOUTS = ("cover", "bullets", "statement", "figures", "building", "site", "timeline",
           "contact", "image")
MODES = ("both", "ko", "en")


def words(pool: tuple[str, ...], tokens: tuple[str, ...], low: int, high: int
          ) -> st.SearchStrategy[str]:
    """`low`..`high` words of a language, sometimes a whole token (a number with its unit, a
    date, an address...) among them."""
    word = st.one_of(st.sampled_from(pool), st.sampled_from(pool), st.sampled_from(tokens))
    return st.lists(word, min_size=low, max_size=high).map(" ".join)


def text(low: int = 1, high: int = 12) -> st.SearchStrategy[dict[str, str]]:
    """A {ko, en} pair of independent lengths: one language may be much longer than the other."""
    return st.builds(lambda ko, en: {"ko": ko, "en": en},
                     words(KO_WORDS, KO_TOKENS, low, high),
                     words(EN_WORDS, EN_TOKENS, low, high))


def short(high: int = 4) -> st.SearchStrategy[dict[str, str]]:
    return text(1, high)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


# Pictures the deck may name: (file, width, height), written by deck_yaml.
PICTURES = {"wide.png": (64, 27), "photo.png": (48, 32), "square.png": (40, 40),
            "tall.png": (27, 48)}
PICTURE = st.sampled_from(sorted(PICTURES)).map(lambda name: f"assets/{name}")


@st.composite
def slide(draw: st.DrawFn, index: int, layout: str | None = None) -> dict[str, Any]:
    """One slide of a layout (any, by default), with item counts anywhere in the schema's
    limits."""
    layout = layout or draw(st.sampled_from(LAYOUTS))
    base: dict[str, Any] = {"id": f"s{index}", "section": "main", "layout": layout}
    if layout == "cover":
        body = {"title": draw(text(1, 14)), "subtitle": draw(_maybe(text(1, 12))),
                "date": draw(_maybe(short())), "image": draw(_maybe(PICTURE))}
    elif layout == "bullets":
        body = {"title": draw(text(1, 10)),
                "points": draw(st.lists(text(1, 22), min_size=1, max_size=6)),
                "image": draw(_maybe(PICTURE))}
    elif layout == "statement":
        body = {"title": draw(_maybe(text(1, 8))), "statement": draw(text(1, 45)),
                "detail": draw(_maybe(text(1, 25)))}
    elif layout == "figures":
        figure = st.builds(lambda value, unit, label: _drop_none(
            {"value": value, "unit": unit, "label": label}),
            st.one_of(
                st.sampled_from(("210", "24", "1.5", "12,480", "3", "1,200", "98.6", "10,000")),
                # a number each language writes its own way: both readings are drawn
                st.sampled_from(({"ko": "280여", "en": "~280"},
                                 {"ko": "약 487억", "en": "₩48.7 bn"},
                                 {"ko": "2~3배", "en": "2–3×"}, {"ko": "1만 2천", "en": "12,000"},
                                 {"ko": "5분", "en": "5 min"},
                                 {"ko": "연 4회", "en": "4 a year"}))),
            _maybe(st.sampled_from(({"ko": "㎡", "en": "m²"}, {"ko": "시간", "en": "hours"},
                                    {"ko": "km", "en": "km"}, {"ko": "원", "en": "won"},
                                    {"ko": "병상", "en": "beds"}, {"ko": "층", "en": "floors"},
                                    {"ko": "℃", "en": "℃"}))),
            text(1, 8))
        body = {"title": draw(text(1, 10)),
                "figures": draw(st.lists(figure, min_size=1, max_size=4)),
                "note": draw(_maybe(text(1, 30)))}
    elif layout == "building":
        building = st.builds(lambda name, n, b, area, status, label: _drop_none({
            "name": name, "floors": list(FLOORS[4 - b:4 + n]), "area": area, "status": status,
            "highlight": [FLOORS[4]], "highlight_label": label}),
            short(6), st.integers(1, 26), st.integers(0, 4),
            st.sampled_from(("1,098 m²", "12,480 ㎡", "850 m²")), short(8), _maybe(short(6)))
        body = {"title": draw(text(1, 8)),
                "buildings": draw(st.lists(building, min_size=1, max_size=3))}
    elif layout == "site":
        place = st.builds(lambda label, x, y, w, h, kind: {
            "label": label, "x": x, "y": y, "w": min(w, 1 - x) or 0.05, "h": min(h, 1 - y) or 0.05,
            "kind": kind},
            short(4), st.sampled_from((0.0, 0.05, 0.3, 0.55, 0.8)),
            st.sampled_from((0.0, 0.1, 0.4, 0.7)), st.sampled_from((0.08, 0.15, 0.3, 0.5)),
            st.sampled_from((0.08, 0.15, 0.3, 0.5)), st.sampled_from(("main", "school", "other")))
        body = {"title": draw(text(1, 8)), "address": draw(text(2, 12)),
                "places": draw(st.lists(place, min_size=1, max_size=8)),
                "note": draw(_maybe(text(1, 30)))}
    elif layout == "timeline":
        milestone = st.builds(lambda when, what: {"when": when, "what": what},
                              short(4), text(1, 12))
        milestones = draw(st.lists(milestone, min_size=2, max_size=8))
        current = draw(st.integers(-1, len(milestones) - 1))  # at most one is "now"
        if current >= 0:
            milestones[current]["current"] = True
        body = {"title": draw(text(1, 8)), "milestones": milestones}
    elif layout == "contact":
        body = {"title": draw(text(1, 8)), "office": draw(text(1, 10)),
                "phone": draw(st.sampled_from(PHONES)), "note": draw(_maybe(text(1, 16)))}
    else:
        body = {"title": draw(_maybe(text(1, 8))), "image": draw(PICTURE),
                "caption": draw(_maybe(text(1, 20)))}
    return base | _drop_none(body)


@st.composite
def decks(draw: st.DrawFn, slides: tuple[int, int] = (1, 3),
          layouts: tuple[str, ...] = LAYOUTS) -> dict[str, Any]:
    """A whole deck (as the dict its YAML holds) of a few slides of the given layouts."""
    count = draw(st.integers(*slides))
    chosen = [draw(st.sampled_from(layouts)) for _ in range(count)]
    return {
        "deck": {"title": draw(short(6)), "language": draw(st.sampled_from(("both", "ko", "en"))),
                 "sections": [{"id": "main", "title": draw(short(3))}]},
        "slides": [draw(slide(i, layout)) for i, layout in enumerate(chosen)],
    }


@st.composite
def screens(draw: st.DrawFn) -> tuple[int, int]:
    """A screen from 800x600 to 3840x2160, any aspect from portrait 9:16 to 21:9."""
    aspect = draw(st.floats(9 / 16, 21 / 9))
    short_side = draw(st.integers(600, 2160))
    long_side = max(800, round(short_side * max(aspect, 1 / aspect)))
    long_side = min(long_side, 3840)
    return (long_side, short_side) if aspect >= 1 else (short_side, long_side)


def reduced(screen: tuple[int, int], short_side: int = 270) -> tuple[int, int]:
    """The same shape at a small size: layouts are drawn on a canvas whose short side is 1080
    design units, so a shape lays out alike at every size (and tests draw small)."""
    w, h = screen
    scale = short_side / min(w, h)
    return max(1, math.floor(w * scale + 0.5)), max(1, math.floor(h * scale + 0.5))


def deck_yaml(deck: dict[str, Any], folder: Path) -> Path:
    """Write the deck and the pictures it may name into folder; return the deck's path."""
    from PySide6.QtGui import QColor, QImage

    assets = folder / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name, (w, h) in PICTURES.items():
        if not (assets / name).exists():
            image = QImage(w, h, QImage.Format.Format_RGB32)
            image.fill(QColor("#C0392B"))
            image.save(str(assets / name))
    path = folder / "slides.yaml"
    path.write_text(yaml.safe_dump(deck, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
