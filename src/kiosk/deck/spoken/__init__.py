"""A slide's spoken form in Korean and in English, and the texts that would speak badly.

By default a slide says its visible text in reading order (deck/reading.py); a slide's own
`speech: {ko, en}` replaces that. Every text goes through one expression layer, the same for
every engine: tokens (tokens.py) are read by a small grammar (grammar.py) into expressions
(nodes.py) — dates, clock times, weekdays, ranges of them, amounts with units, floors, phone
numbers, addresses, names with Roman numerals — which are said in words (say.py). What the
layer does not understand is reported for `kiosk check` (warnings.py).
"""

from kiosk.deck.spoken.say import speakable
from kiosk.deck.spoken.slide import (
    block_speech,
    deck_speech,
    digits,
    floor_range,
    spoken_text,
)
from kiosk.deck.spoken.warnings import (
    Finding,
    not_understood,
    speech_warnings,
    unspoken_symbols,
)

__all__ = ["Finding", "block_speech", "deck_speech", "digits", "floor_range", "not_understood",
           "speakable", "speech_warnings", "spoken_text", "unspoken_symbols"]
