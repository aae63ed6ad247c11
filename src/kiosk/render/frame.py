"""What every layout draws with: the design canvas, the theme and bilingual text blocks.

The canvas's short side is always DESIGN units (1080), so a layout written for 1920x1080 scales to
1280x720 and 3840x2160 unchanged, while 4:3 and portrait screens get a canvas of their own shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Union

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from kiosk.deck.fields import Lang, Shown, Text, pick
from kiosk.deck.settings import Theme
from kiosk.render.fonts import EMOJI, describe, is_emoji
from kiosk.render.text import Drawn, Placed, draw_runs
from kiosk.render.text_lines import Run

DESIGN = 1080.0
MARGIN = 80.0  # the safe area's inset on the design canvas
SECONDARY = 0.62  # English beneath Korean, relative to the Korean size, in "both" mode

# A path inside ONE slide's data, as in the YAML: ("title",), ("places", 2, "label"),
# ("figures", 1, "unit"); () means the slide as a whole.
FieldPath = tuple[Union[str, int], ...]  # evaluated at import: no | on Python 3.9
NoteKind = Literal["shrunk", "truncated", "forced_break", "missing_glyph", "overflow", "overlap",
                   "not_drawn", "continued", "secondary_dropped", "cropped", "unheld"]
# What happened to one field in a render: its words all on the slide at their own size, all
# there but smaller, all there on a later page of the slide, some cut off, or none drawn.
Status = Literal["whole", "smaller", "continued", "cut", "not_drawn"]
LOST: frozenset[str] = frozenset({"cut", "not_drawn"})


@dataclass(frozen=True)
class Drew:
    """One entry of a render's account: what became of one field (or list item), and where."""

    field: FieldPath
    what: str  # in an operator's words: "title", "place label"
    status: Status
    rect: QRectF  # design px; empty when nothing was drawn
    text: str  # the words asked for, as drawn (both languages in "both")
    page: int = 0  # the page of the slide it is on (a continued slide has several)
    size: float = 0.0  # design px its first language was drawn at (0: not drawn)


def canvas_size(width: int, height: int) -> tuple[float, float, float]:
    """Design-canvas size and the device-per-design scale for a device of this size."""
    scale = min(width, height) / DESIGN
    return width / scale, height / scale, scale


def unheld_word(field: FieldPath, word: str, min_size: float) -> Note:
    """The ladder's last rung for one field: a word wider than the whole screen even at the
    minimum size, which no page can show whole (an error for `kiosk check`)."""
    return Note(field, "unheld", f"the word '{word}' is wider than the whole screen even at the "
                f"minimum size {min_size:g}px, so no page of the slide can show it whole; a "
                "lobby screen would show it broken inside: shorten it or give it a space where "
                "it may break")


def fill_ground(painter: QPainter, cw: float, ch: float, color: QColor | str) -> None:
    """The whole canvas in its ground colour, every device pixel of it covered. Antialiased, a
    canvas whose scaled width falls a hair short of the device's (635 px at a scale that gives
    634.99) covered its last column 99 % and let through whatever the picture held before:
    uninitialised memory in a new image, a level off here and there, never the same twice."""
    hints = painter.renderHints()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.fillRect(QRectF(0, 0, cw, ch), QColor(color))
    painter.setRenderHints(hints)


@dataclass(frozen=True)
class Note:
    """A finding of a render for `kiosk check`, placed on the field it is about."""

    field: FieldPath
    kind: NoteKind
    message: str  # plain words for an operator: "does not fit its box even at 22 px and is cut"


def avoiding(safe: QRectF, clear: QRectF | None) -> QRectF:
    """The safe area without the part of it a button covers: the band beside the button or the
    band above it, whichever keeps more of the area (a screen hung low puts the accessibility
    button over the slide's lower left, where a cover's title stands)."""
    if clear is None or not clear.intersects(safe):
        return safe
    beside = QRectF(safe)
    beside.setLeft(clear.right())
    above = QRectF(safe)
    above.setBottom(clear.top())
    return max(beside, above, key=lambda r: r.width() * r.height() if r.isValid() else 0.0)


@dataclass
class Frame:
    painter: QPainter
    width: float
    height: float
    theme: Theme
    shown: Shown
    folder: Path
    placed: list[Placed] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # fit warnings for `kiosk check`
    clear: QRectF | None = None  # design px kept free of content: the accessibility button
    account: list[Drew] = field(default_factory=list)  # every field drawn, and how

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def safe(self) -> QRectF:
        return avoiding(QRectF(MARGIN, MARGIN, self.width - 2 * MARGIN,
                               self.height - 2 * MARGIN), self.clear)

    def color(self, name: str) -> QColor:
        return QColor(getattr(self.theme, name))

    @property
    def langs(self) -> tuple[Lang, ...]:
        return ("ko", "en") if self.shown == "both" else (self.shown,)

    def runs(self, text: Text | str | None, size: float, color: str = "text",
             weight: QFont.Weight = QFont.Weight.Normal, gap: float = 0.0,
             secondary: str = "muted") -> list[Run]:
        """A text in the shown language(s): Korean first, English smaller beneath it."""
        if text is None:
            return []
        if isinstance(text, str):
            return [Run(text, size, self.color(color), weight, gap)]
        if self.shown != "both" or text.ko == text.en:  # "2016" needs saying once
            return [Run(pick(text, self.langs[0]), size, self.color(color), weight, gap)]
        return [Run(text.ko, size, self.color(color), weight, gap),
                Run(text.en, size * SECONDARY, self.color(secondary), weight,
                    size * 0.18)]

    def text(self, rect: QRectF, runs: list[Run], *,
             align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
             valign: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop, what: str = "text",
             field: FieldPath = (), scale: float = 1.0) -> QRectF:
        """Draw runs fitted into rect; return the box actually used. `scale`: what the caller
        already shrank the runs by (a group drawn at one common size)."""
        drawn = draw_runs(self.painter, rect, runs, min_size=self.theme.min_size,
                          align=align, valign=valign)
        placed = drawn.placed
        self.placed.extend(placed)
        self._account(rect, drawn, what, field, scale)
        for char in drawn.missing:
            self.note(field, "missing_glyph", f"{what}: the character {describe(char)} is in no "
                      "bundled font and is left out" + (EMOJI if is_emoji(char) else ""))
        for word in dict.fromkeys(w for p in placed for w in p.broken):
            self.note(field, "forced_break", f"{what}: the word '{word}' is wider than its "
                      f"column even at the minimum size {self.theme.min_size}px and is broken "
                      "inside")
        if any(p.cut for p in placed):
            self.note(field, "truncated", f"{what} does not fit even at the minimum size "
                      f"{self.theme.min_size}px and is cut")
        if not placed:
            return QRectF(rect.left(), rect.top(), rect.width(), 0)
        top = min(p.rect.top() for p in placed)
        bottom = max(p.rect.bottom() for p in placed)
        return QRectF(rect.left(), top, rect.width(), bottom - top)

    def _account(self, rect: QRectF, drawn: Drawn, what: str, field: FieldPath,
                 scale: float) -> None:
        if not drawn.asked:
            return
        text = "\n".join(drawn.asked)
        if drawn.placed:
            top = min(p.rect.top() for p in drawn.placed)
            bottom = max(p.rect.bottom() for p in drawn.placed)
            where = QRectF(rect.left(), top, rect.width(), bottom - top)
        else:
            where = QRectF(rect.left(), rect.top(), 0, 0)
        status: Status = "whole"
        if not drawn.placed:
            status = "not_drawn"
            self.note(field, "not_drawn", f"{what} is not drawn: there is no room left for it "
                      f"even at the minimum size {self.theme.min_size}px")
        elif drawn.lost:
            status = "cut"
            if drawn.dropped:
                self.note(field, "truncated", f"{what} does not fit even at the minimum size "
                          f"{self.theme.min_size}px: part of it is not drawn")
        elif drawn.scale * scale < 0.999:
            status = "smaller"
        size = drawn.placed[0].size if drawn.placed else 0.0
        self.record(Drew(field, what, status, where, text, size=size))

    def record(self, drew: Drew) -> None:
        """One field's fate (a field drawn in pieces, such as a figure's number and unit, has
        an entry for each)."""
        self.account.append(drew)

    def note(self, field: FieldPath, kind: NoteKind, message: str) -> None:
        """Record a finding once (a layout may lay the same field out more than once)."""
        found = Note(field, kind, message)
        if found not in self.notes:
            self.notes.append(found)

    def fill_rounded(self, rect: QRectF, color: QColor, radius: float = 18.0) -> None:
        self.painter.save()
        self.painter.setPen(Qt.PenStyle.NoPen)
        self.painter.setBrush(color)
        self.painter.drawRoundedRect(rect, radius, radius)
        self.painter.restore()
