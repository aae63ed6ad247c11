# ruff: noqa: E501  (a deck written as YAML, one line an item, as an operator writes it)
"""No word lost: the renderer's account of every field, and the defects it found.

A lobby deck of a subject the bundled deck never shows (a hospital's new children's wing) at the
screen shapes that lost words: the site plan's English address and note at 4:3 and 5:4, the
figures' note in portrait, a portrait plan a quarter of the screen tall, a name with a character
no bundled font has.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from kiosk.deck import load_deck
from kiosk.deck.model import SiteSlide
from kiosk.ops.export import render_image
from kiosk.render.slide import Rendered
from tests.test_layouts_fit import plan_box

Run = Callable[..., tuple[int, str, str]]

HOSPITAL = """\
deck:
  title: {ko: 시립 어린이병원 새 병동, en: City Children's Hospital New Wing}
  language: both
  sections:
    - {id: main, title: {ko: 안내, en: Guide}}
slides:
  - id: map
    section: main
    layout: site
    title: {ko: 찾아오시는 길, en: How to find us}
    address: {ko: 서울특별시 서초구 바우뫼로 37길 12 (양재동), en: "12 Baumoe-ro 37-gil, Seocho-gu, Seoul (Yangjae-dong)"}
    note: {ko: 지하철 3호선 양재역 4번 출구에서 도보 7분입니다. 주차장은 지하 2층부터 지하 4층까지입니다., en: "A 7-minute walk from Exit 4 of Yangjae Station on Line 3. Parking is on basement levels 2 to 4; the first 30 minutes are free."}
    places:
      - {label: {ko: 어린이 병동, en: Children's wing}, x: 0.05, y: 0.1, w: 0.5, h: 0.5, kind: school}
      - {label: {ko: 본관, en: Main building}, x: 0.6, y: 0.1, w: 0.35, h: 0.35, kind: main}
      - {label: {ko: 주차장 입구, en: Parking entrance}, x: 0.6, y: 0.7, w: 0.12, h: 0.12}
      - {label: {ko: 응급실, en: Emergency}, x: 0.05, y: 0.75, w: 0.1, h: 0.1}
  - id: numbers
    section: main
    layout: figures
    title: {ko: 새 병동 한눈에, en: The new wing at a glance}
    figures:
      - {value: "210", unit: {ko: 병상, en: beds}, label: {ko: 입원 병상, en: Inpatient beds}}
      - {value: "24", unit: {ko: 시간, en: hours}, label: {ko: 응급실 운영, en: Emergency room open}}
      - {value: "1.5", unit: {ko: km, en: km}, label: {ko: 양재역에서, en: From Yangjae Station}}
    note: {ko: 2026년 3월 개원 예정이며 일부 진료과는 순차적으로 이전합니다. 자세한 일정은 누리집에서 확인하세요., en: "The wing opens in March 2026 and some departments move in stages over the following months. See the hospital's website for the full schedule of each department."}
"""


def drawn_words(report: Rendered) -> set[str]:
    """Every word drawn whole on one line of the render."""
    return {word for p in report.placed for line in (p.lines or p.text.split("\n"))
            for word in line.split()}


def missing_words(text: str, report: Rendered) -> list[str]:
    drawn = drawn_words(report)
    return [word for word in text.split() if word not in drawn]


@pytest.mark.parametrize("size", [(1024, 768), (1280, 1024)])
def test_the_site_plan_keeps_the_address_and_note_beside_its_key(
        size: tuple[int, int], write_deck: Callable[[str], Path], qapp: object) -> None:
    """At 4:3 and 5:4 in both languages the key of numbered places pushed the English address
    and the note out of their box: 30-33 words gone, with the right 40 % empty."""
    loaded = load_deck(write_deck(HOSPITAL))
    slide = loaded.deck.slides[0]
    assert isinstance(slide, SiteSlide) and slide.note is not None
    _, report = render_image(loaded, 0, *size, "both")
    for text in (slide.address.ko, slide.address.en, slide.note.ko, slide.note.en):
        assert missing_words(text, report) == [], (size, text)
    assert report.pages == 1  # on the slide itself, not moved to another page
    fates = {d.field: d.status for d in report.account}
    assert fates[("address",)] in ("whole", "smaller") and fates[("note",)] in ("whole",
                                                                                "smaller")


@pytest.mark.parametrize("size", [(1080, 1920), (768, 1024)])
def test_the_figures_note_gets_the_room_it_needs_in_portrait(
        size: tuple[int, int], write_deck: Callable[[str], Path], qapp: object) -> None:
    """The note had a fixed 110 px box: its English was dropped with 500 px empty below."""
    loaded = load_deck(write_deck(HOSPITAL))
    note = loaded.deck.slides[1].note  # type: ignore[union-attr]
    assert note is not None
    _, report = render_image(loaded, 1, *size, "both")
    assert missing_words(note.ko, report) == [] and missing_words(note.en, report) == []
    assert report.pages == 1 and not report.lost


def test_a_portrait_site_plan_is_sized_to_the_space(write_deck: Callable[[str], Path],
                                                    qapp: object) -> None:
    """A plan of undeclared shape in portrait filled 28 % of the screen's height, with ~460 px
    empty above and below it."""
    loaded = load_deck(write_deck(HOSPITAL))
    slide = loaded.deck.slides[0]
    assert isinstance(slide, SiteSlide)
    image, report = render_image(loaded, 0, 540, 960, "both")
    box = plan_box(image, report, slide, QColor(loaded.deck.deck.theme.highlight))
    assert box.height() / report.height >= 0.4, box
    assert not report.lost


def test_a_field_with_no_room_is_in_the_account_never_silent(
        write_deck: Callable[[str], Path], qapp: object) -> None:
    """A run shrunk to no line was removed without a word, and a box of 1 px drew nothing: now
    the account says 'cut' or 'not drawn', and the slide continues on another page instead."""
    long_en = " ".join(["The new children's wing opens in March 2026 on Baumoe-ro."] * 30)
    deck = HOSPITAL.replace("See the hospital's website for the full schedule of each "
                            "department.", long_en)
    loaded = load_deck(write_deck(deck))
    _, report = render_image(loaded, 1, 1920, 1080, "both")
    assert any(d.status in ("cut", "not_drawn") for d in report.laid_out), report.laid_out
    assert report.pages > 1 and not report.lost
    assert ("note",) in {n.field for n in report.notes if n.kind == "continued"}


def test_export_refuses_a_name_check_refuses(run_cli: Run, write_deck: Callable[[str], Path],
                                              tmp_path: Path) -> None:
    """妍 (U+598D) is in no bundled font: check refused the deck, export exited 0 and drew
    '김서연(金瑞)'."""
    deck = HOSPITAL.replace("label: {ko: 입원 병상, en: Inpatient beds}",
                            "label: {ko: \"김서연(金瑞妍) 원장\", en: \"Dr Kim Seo-yeon\"}")
    path = write_deck(deck)
    code, _, err = run_cli("check", str(path))
    assert code == 1 and "U+598D" in err
    out = tmp_path / "out"
    code, _, err = run_cli("export", str(path), "--out", str(out))
    assert code == 1 and "U+598D" in err
    assert not out.exists() or not any(out.iterdir())


PORTRAIT_NAMES = """\
deck:
  title: {ko: 병원, en: Hospital}
  sections: [{id: main, title: {ko: 안내, en: Guide}}]
slides:
  - id: map
    section: main
    layout: site
    title: {ko: 찾아오시는 길, en: How to find us}
    address: {ko: 서울특별시 서초구 바우뫼로 37길 12, en: "12 Baumoe-ro 37-gil, Seocho-gu, Seoul"}
    places:
      - {label: {ko: 어린이 병동, en: "Children's wing"}, x: 0.05, y: 0.1, w: 0.5, h: 0.5, kind: school}
      - {label: {ko: 주차장 입구, en: Car park entrance}, x: 0.6, y: 0.1, w: 0.35, h: 0.18}
      - {label: {ko: 응급실, en: Emergency}, x: 0.6, y: 0.7, w: 0.3, h: 0.18}
"""


@pytest.mark.parametrize("size", [(1080, 1920), (768, 1024)])
def test_a_portrait_plan_names_its_places_where_the_names_fit(
        size: tuple[int, int], write_deck: Callable[[str], Path], qapp: object) -> None:
    """A landscape plan a quarter of a portrait screen tall made two places ① and ② whose names
    fit a plan sized to the space."""
    loaded = load_deck(write_deck(PORTRAIT_NAMES))
    _, report = render_image(loaded, 0, *size, "both")
    assert not [p.text for p in report.placed if p.text in ("①", "②", "③")]
    labels = {d.field: d.status for d in report.account if d.what == "place label"}
    assert labels == {("places", i, "label"): labels[("places", i, "label")] for i in range(3)}
    assert set(labels.values()) <= {"whole", "smaller"}
