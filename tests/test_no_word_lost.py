"""No word lost on any screen, proven on generated decks.

Invariant: every word of a slide's shown texts is drawn whole (on one line) on a page of that
slide, read from the renderer's own account of what it placed (and, for every example, from the
PDF export's text layer); or `kiosk check` reports that field at that screen. The decks come from
tests/deck_strategies.py: every layout, any length, any item count, pictures of any shape, at
screens from 800x600 to 3840x2160, portrait to 21:9, in every language mode. The team's own
decks are examples here, never the proof.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck
from kiosk.deck.errors import field_words
from kiosk.deck.fields import Shown
from kiosk.deck.loader import LoadedDeck
from kiosk.deck.settings import COMMON_SCREENS, screen_size
from kiosk.ops.export import export_pdf, render_pages
from kiosk.ops.render_check import render_problems, visible_texts
from kiosk.render.frame import LOST
from kiosk.render.text_lines import AS_DRAWN
from tests.deck_strategies import MODES, deck_yaml, decks, reduced, screens

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DECKS = {"bundled": ROOT / "slides.yaml", **{p.parent.name: p for p in
                                            sorted(FIXTURES.glob("*/slides.yaml"))}}
# A word may end a line after its own dash or slash ("서울시–" / "KAIST", "example/" / "wing"),
# and an address too wide for a line before a dot of its name ("www.seoul.go" / ".kr"): each
# piece must then be whole on its line.
PIECES = re.compile(r"(?<=[-–/])|(?=\.[A-Za-z])|\s+")
NOT_SHOWN = ("speech", "aspect")  # deck fields that are data, never drawn


def pieces(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).translate(AS_DRAWN)
    return [p for p in PIECES.split(text) if p]


def shown_texts(loaded: LoadedDeck, index: int, shown: Shown
                ) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """The slide's texts a visitor sees in this language mode, with their data paths."""
    texts = list(visible_texts(loaded.deck.slides[index]))
    korean = dict(texts)
    for path, text in texts:
        if any(part in NOT_SHOWN for part in path):
            continue
        lang = path[-1] if path and path[-1] in ("ko", "en") else None
        if shown == "both" and lang == "en" and path[-2] == "unit" and \
                unicodedata.normalize("NFKC", text) == \
                unicodedata.normalize("NFKC", korean.get((*path[:-1], "ko"), "")):
            continue  # one unit written alike in both ('㎡' and 'm²'): written once
        if lang is None or shown in ("both", lang):
            yield path, text


def lost_words(loaded: LoadedDeck, index: int, size: tuple[int, int], shown: Shown
               ) -> dict[tuple[int | str, ...], list[str]]:
    """The words of each field not found whole on any line of any page of the slide, and the
    fields the account says were cut or not drawn."""
    pages = [report for _, report in render_pages(loaded, index, *size, shown)]
    lines = [unicodedata.normalize("NFC", line).translate(AS_DRAWN)
             for report in pages for placed in report.placed
             for line in (placed.lines or tuple(placed.text.split("\n")))]
    lost: dict[tuple[int | str, ...], list[str]] = {}
    for path, text in shown_texts(loaded, index, shown):
        gone = [p for p in pieces(text) if not any(p in line for line in lines)]
        if gone:
            lost[path] = gone
    for report in pages:
        for drew in report.account:
            if drew.status in LOST:
                lost.setdefault(tuple(drew.field), []).append(f"<{drew.status}>")
    return lost


def assert_reported(loaded: LoadedDeck, index: int, screen: tuple[int, int],
                    lost: dict[tuple[int | str, ...], list[str]], shown: Shown) -> None:
    """Whatever is lost, `kiosk check` must say so, at that screen, on that field."""
    if not lost:
        return
    said = [p.message for p in render_problems(loaded, shapes=(screen,))]
    slide = loaded.deck.slides[index]
    for path, words in lost.items():
        field = path[:-1] if path[-1:] in (("ko",), ("en",)) else path
        where = field_words(slide.id, field).rstrip("'")  # its 'label.en' line counts too
        assert any(m.startswith(where) for m in said), \
            (f"{where} lost {words} at {screen[0]}x{screen[1]} ({shown}) and check is silent",
             said)


def pdf_words_missing(loaded: LoadedDeck, screen: tuple[int, int], shown: Shown,
                      out: Path) -> dict[int, dict[tuple[int | str, ...], list[str]]]:
    """Words of the deck not in the text layer of its PDF export at this screen, by slide and
    field."""
    export_pdf(loaded, out, *screen, shown)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    text = unicodedata.normalize("NFC", text).translate(AS_DRAWN)
    found = set(text.split())
    missing: dict[int, dict[tuple[int | str, ...], list[str]]] = {}
    for index in range(len(loaded.deck.slides)):
        for path, words in shown_texts(loaded, index, shown):
            # a piece is whole when it is a word of the text layer or a whole part of one
            gone = [p for p in pieces(words) if p not in found and p not in text]
            if gone:
                missing.setdefault(index, {})[path] = gone
    return missing


GENERATED = settings(max_examples=80, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.function_scoped_fixture])


@pytest.mark.timeout(240, method="signal")
@GENERATED
@given(deck=decks(), screen=screens(), sample=st.sampled_from(MODES))
def test_every_word_of_a_generated_deck_is_drawn_or_reported(
        deck: dict[str, Any], screen: tuple[int, int], sample: Shown,
        tmp_path_factory: pytest.TempPathFactory, qapp: object) -> None:
    folder = tmp_path_factory.mktemp("generated")
    loaded = load_deck(deck_yaml(deck, folder))
    size = reduced(screen)
    for index in range(len(loaded.deck.slides)):
        for shown in MODES:
            lost = lost_words(loaded, index, size, shown)
            assert_reported(loaded, index, screen, lost, shown)
    # the text layer of the PDF export, at the real screen size, in one of the modes
    for index, lost in pdf_words_missing(loaded, screen, sample, folder / "deck.pdf").items():
        assert_reported(loaded, index, screen, lost, sample)


@pytest.mark.timeout(240, method="signal")
@pytest.mark.parametrize("name", sorted(DECKS))
def test_the_team_decks_lose_no_word_at_the_common_screens(name: str, qapp: object) -> None:
    """The bundled deck and the decks in tests/fixtures: 0 words lost at the eight shapes in all
    three modes (a word on a continued page counts as drawn: it plays after the slide)."""
    loaded = load_deck(DECKS[name])
    lost = []
    for screen in {reduced(screen_size(s)) for s in COMMON_SCREENS}:
        for index, slide in enumerate(loaded.deck.slides):
            for shown in MODES:
                found = lost_words(loaded, index, screen, shown)
                lost += [(slide.id, screen, shown, path, words) for path, words in found.items()]
    assert lost == []
