"""What the navigator tells its listeners, and the names its commands take."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from kiosk.deck.model import Lang, Slide

Source = Literal["visitor", "autoplay", "idle", "operator"]
ChangeKind = Literal["slide", "language", "blank", "autoplay", "countdown", "deck",
                     "access", "page", "speech", "voice"]  # the last four: accessibility mode

# The attract loop's "alternate" mode shows each slide in Korean, then in English, so a visitor
# who reads only one of the two waits at most one slide, never a whole loop.
ALTERNATE_ORDER: tuple[Lang, Lang] = ("ko", "en")


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    source: Source
    index: int
    previous: int
    direction: int  # +1 forward, -1 back, 0 none


Listener = Callable[[Change], None]
Visible = Callable[[Slide, dt.datetime], bool]
