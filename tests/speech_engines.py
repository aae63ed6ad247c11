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
        if self.name == "no-sound":
            # Judged by how soon it ends: a shell starts in a millisecond, where Python takes
            # tens, and on a busy machine more than the quarter of the words' time that tells
            # unheard speech from heard.
            return ["/bin/sh", "-c", NO_SOUND]
        return [sys.executable, str(SCRIPT), self.name, *self.extra]


# What eSpeak NG does without a sound device (as the script's no-sound): ALSA's complaint, exit 0.
NO_SOUND = ("cat >/dev/null; echo 'ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM "
            "default' >&2; echo 'error: No such file or directory' >&2")
