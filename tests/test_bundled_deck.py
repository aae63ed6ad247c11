"""The shipped deck: valid, complete in both languages, and drawable with the bundled font."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from kiosk.deck import Deck, Text, load_deck
from kiosk.deck.fields import pick

SOURCE_NOISE = ("WEDDINGS", "Describe what you offer", "Get In Touch", "tantalize")


def texts(value: object) -> list[str]:
    """Every string the deck could show, in both languages."""
    if isinstance(value, Text):
        return [value.ko, value.en]
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [t for item in value for t in texts(item)]
    if isinstance(value, BaseModel):
        return [t for name in type(value).model_fields if name not in ("notes", "id", "layout",
                                                                      "section", "image", "qr")
                for t in texts(getattr(value, name))]
    return []


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_deck(Path(__file__).resolve().parents[1] / "slides.yaml").deck


def test_four_sections_in_order(deck: Deck) -> None:
    assert [s.id for s in deck.deck.sections] == ["overview", "campus", "ecosystem", "contact"]
    order = [s.section for s in deck.slides]
    assert order == sorted(order, key=["overview", "campus", "ecosystem", "contact"].index)
    assert 8 <= len(deck.slides) <= 12


def test_every_fact_of_the_announcement_is_carried(deck: Deck) -> None:
    all_ko = " ".join(t for s in deck.slides for t in texts(s))
    for fact in ["12월 8일", "2023", "AI 양재허브", "국내 최초", "과학기술정보통신부", "2019",
                 "College of AI", "스탠퍼드", "태봉로 108", "품질시험소", "1,098", "2020년 6월",
                 "10,219", "5~7층", "6대 신산업거점", "280", "삼성", "LG", "83", "2~3배",
                 "2016", "2017", "산·학·관", "세계적인 AI 산업 허브", "경제정책실",
                 "02-2133-8462", "Ministry of Science and ICT", "Stanford", "Taebong-ro",
                 "Economic Policy Office", "40", "20"]:
        assert fact in all_ko, fact


def test_no_template_noise(deck: Deck) -> None:
    raw = (Path(__file__).resolve().parents[1] / "slides.yaml").read_text(encoding="utf-8")
    for noise in SOURCE_NOISE:
        assert noise not in raw


def test_every_glyph_is_in_the_bundled_font(deck: Deck, qapp: object) -> None:
    """Ask the bundled font itself: a machine with Korean system fonts would hide a gap."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QRawFont

    from kiosk.resources import font_files

    chars = {ch for slide in deck.slides for t in texts(slide) for ch in t}
    chars |= {ch for t in texts(deck.deck) for ch in t}
    chars |= set("…·0123456789")  # drawn by the renderer itself (ellipsis, labels)
    fonts = [QRawFont(QByteArray(entry.read_bytes()), 40) for entry in font_files()]
    assert fonts and all(raw.isValid() for raw in fonts)
    # Pretendard, or for what it lacks (Hanja, some symbols) the bundled Noto subset
    missing = sorted(ch for ch in chars if not ch.isspace() and
                     not any(raw.supportsCharacter(ord(ch)) for raw in fonts))
    assert not missing, f"no bundled font draws {missing}"


def test_figures_come_from_the_deck(deck: Deck) -> None:
    values = [pick(f.value, "en") for s in deck.slides if s.layout == "figures"
              for f in s.figures]  # type: ignore[union-attr]
    assert {"40", "20", "83", "~280"} <= set(values)
