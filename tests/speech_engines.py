"""Stand-in speech engines for the accessibility mode's tests: the scripts they run are in
tests/speech_engine_script.py (see there what each does)."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.deck.fields import Lang
from kiosk.ops.speech import Engine

SCRIPT = Path(__file__).with_name("speech_engine_script.py")


class Scripted(Engine):
    def __init__(self, kind: str, *extra: str) -> None:
        super().__init__(sys.executable)
        self.name = kind
        self.extra = extra

    def command(self, lang: Lang, rate: float, volume: float, wav: Path | None) -> list[str]:
        return [sys.executable, str(SCRIPT), self.name, *self.extra]
