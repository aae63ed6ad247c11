"""The deck: YAML in, immutable validated model out. Never imports Qt."""

from kiosk.deck.errors import Problem
from kiosk.deck.fields import Lang, Text
from kiosk.deck.loader import DeckError, LoadedDeck, load_deck, parse_deck
from kiosk.deck.model import Deck, Slide, json_schema

__all__ = ["Deck", "DeckError", "Lang", "LoadedDeck", "Problem", "Slide", "Text", "json_schema",
           "load_deck", "parse_deck"]
