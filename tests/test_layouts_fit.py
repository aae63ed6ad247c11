"""Every layout fits the space it has: at every screen shape and language, nothing outside the
safe area, nothing overlapping, no word cut or split, for three decks on unrelated subjects."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from kiosk.deck import load_deck
from kiosk.deck.loader import LoadedDeck
from kiosk.ops.export import render_image
from tests.layout_shapes import FIT_DECKS, SHAPES, drawn_outside, fit_problems

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
