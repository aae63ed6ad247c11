"""The accessibility mode's high-contrast palette: three colours, every drawn pair >= 7:1.

White text and lines and yellow marks on black; black words on a yellow or white fill. White and
yellow never touch (their contrast is only about 1.1:1): every shape keeps a black edge between
them. KS X 9211 asks for 4.5:1; the mode keeps to WCAG's enhanced 7:1 for text, figures,
diagrams and highlights alike.
"""

from __future__ import annotations

from kiosk.deck.checks import contrast_ratio
from kiosk.deck.settings import Theme

GROUND = "#000000"
INK = "#FFFFFF"
MARK = "#FFE14D"
MIN_RATIO = 7.0
# Every pair the mode draws, foreground on background.
PAIRS = ((INK, GROUND), (MARK, GROUND), (GROUND, MARK), (GROUND, INK))


def high_contrast(theme: Theme) -> Theme:
    """The deck's theme (its sizes) in the high-contrast palette."""
    return theme.model_copy(update={
        "background": GROUND, "surface": GROUND, "text": INK, "muted": INK, "accent": MARK,
        "highlight": MARK, "on_highlight": GROUND})


def weakest_pair() -> float:
    return min(contrast_ratio(fg, bg) for fg, bg in PAIRS)
