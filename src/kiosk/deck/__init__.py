"""The deck: YAML in, immutable validated model out. Never imports Qt."""

# Before any model is built (kiosk.deck.plugins says why).
from kiosk.deck.plugins import skip_plugin_search

skip_plugin_search()

from kiosk.deck.errors import Problem  # noqa: E402
from kiosk.deck.fields import Lang, Text  # noqa: E402
from kiosk.deck.loader import DeckError, LoadedDeck, load_deck, parse_deck  # noqa: E402
from kiosk.deck.model import Deck, Slide, json_schema  # noqa: E402

__all__ = ["Deck", "DeckError", "Lang", "LoadedDeck", "Problem", "Slide", "Text", "json_schema",
           "load_deck", "parse_deck"]
