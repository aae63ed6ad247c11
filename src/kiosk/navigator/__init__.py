"""Navigation state: which slide, which language, autoplay and idle. Never imports Qt."""

from kiosk.navigator.state import Change, Navigator, Shown, Source

__all__ = ["Change", "Navigator", "Shown", "Source"]
