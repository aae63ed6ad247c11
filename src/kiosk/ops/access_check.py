"""`kiosk check`'s warnings for the accessibility mode: text that speaks badly, and a screen
hung too high for its controls to be within reach."""

from __future__ import annotations

from kiosk.controllers.controls import REACH_TOP_CM
from kiosk.deck.errors import Problem
from kiosk.deck.loader import LoadedDeck
from kiosk.deck.spoken import speech_warnings

BAR_CM = 4.0  # about the least a row of the mode's buttons needs


def access_warnings(loaded: LoadedDeck) -> list[Problem]:
    found = [loaded.problem_at(where, message) for where, message in
             speech_warnings(loaded.deck)]
    display = loaded.deck.deck.display
    if display.bottom_cm > REACH_TOP_CM - BAR_CM:
        found.append(loaded.problem_at(
            ("deck", "display", "bottom_cm"),
            f"display: the screen's lower edge hangs at {display.bottom_cm:g} cm: the "
            f"accessibility controls cannot be within {REACH_TOP_CM:g} cm of the floor "
            "(KS X 9211); hang it lower"))
    return found
