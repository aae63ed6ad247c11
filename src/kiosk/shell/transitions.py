"""Moving from one rendered slide to the next: fade, slide (direction follows navigation), none.

Both slides are already rendered (render/tiles.py), so a frame draws each pixel of the screen at
most twice, and a fade only where the two slides differ; its last frame draws the arriving slide
alone. A transition that a new command interrupts is dropped at once; the next starts from the
slide that was arriving, so no half-drawn frame is ever left on screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from kiosk.render.tiles import Sparse, rects


def next_frame_due(previous: float | None, started: float, now: float, period: float) -> float:
    """When the next animation frame should show: on a grid laid from the animation's first frame.

    Keeping to the grid, not "one period after the last frame ran", lets a wake-up a few ms late
    be absorbed by the next frame instead of pushing every later frame back. After a stall of
    more than half a period the grid moves on to its next point rather than hurrying frames out.
    """
    due = (started if previous is None else previous) + period
    if now - due > period / 2:
        due += math.ceil((now - due) / period - 0.5) * period
    return due


def ease_out(p: float) -> float:
    p = min(1.0, max(0.0, p))
    return 1 - (1 - p) ** 3


@dataclass
class Transition:
    kind: str  # "fade", "slide" or "spring" (a drag sliding back into place)
    source: Sparse
    target: Sparse
    start: float
    duration: float
    direction: int = 1  # +1: the new slide comes from the right
    offset: float = 0.0  # where a drag left the slides, as a share of the width

    def progress(self, now: float) -> float:
        if self.duration <= 0:
            return 1.0
        return ease_out((now - self.start) / self.duration)

    def done(self, now: float) -> bool:
        return now - self.start >= self.duration

    def __post_init__(self) -> None:
        self._changing = self.source.differs_from(self.target) if self.kind == "fade" else None
        # A fade's cuts for one region: (region, stepped, leaving, arriving, step), see
        # _paint_fade_cut.
        self._planned: tuple[QRegion, bool, Cut, Cut, Cut | None] | None = None
        self._stepped = QRegion()  # where frames on the screen may step on from the last one
        self._held: float | None = None  # the opacity the screen holds there, if known
        self.overdrawn(QRegion())

    def overdrawn(self, region: QRegion) -> None:
        """Where something else is drawn over the slides on the screen (the controls, the
        progress bar, the accessibility button): there every frame is drawn from both slides."""
        whole = QRegion(0, 0, self.source.logical_width, self.source.logical_height)
        self._stepped = (self._changing if self._changing is not None else whole) \
            .subtracted(region)
        self._held = None
        self._planned = None

    def forget_screen(self) -> None:
        """What the screen holds is not known any more (it was exposed or drawn over)."""
        self._held = None

    def changing(self) -> QRegion | None:
        """The part of the screen a frame of this transition changes (None: all of it)."""
        return self._changing

    def paint(self, painter: QPainter, width: int, now: float, *, screen: bool = False) -> None:
        """One frame at `now`. `screen`: the painter draws on the window's own pixels, which
        keep the last frame (not a screenshot): a fade may then step on from it."""
        p = self.progress(now)
        if self.done(now):
            self.target.draw(painter)  # the last frame: the arriving slide, once
            return
        if self.kind == "fade":
            if self.source.ratio == 1.0 and self.target.ratio == 1.0:
                self._paint_fade_cut(painter, width, p, screen)
                return
            self.source.draw(painter)
            painter.save()
            if self._changing is not None:
                # Blended only where the slides differ: blending a colour into itself can move
                # it by a level, and the frames after this one do not repaint the rest.
                painter.setClipRegion(self._changing, Qt.ClipOperation.IntersectClip)
            painter.setOpacity(p)
            self.target.draw(painter)
            painter.restore()
            return
        if self.kind == "spring":  # back to rest from a drag that did not commit
            shift = self.offset * (1 - p) * width
            paint_pair(painter, self.target, self.source, shift, width)
            return
        # slide: start where a drag left off (offset) and travel the rest of the way
        start = abs(self.offset)
        travel = start + (1 - start) * p
        shift = -self.direction * travel * width
        self.source.draw(painter, shift)
        self.target.draw(painter, shift + self.direction * width)


    def _paint_fade_cut(self, painter: QPainter, width: int, p: float, screen: bool) -> None:
        """A fade frame drawn as exact rectangles with no clip on the painter: under a clip
        region Qt blends a picture span by span, three times slower than a rectangle's blit
        (9.4 against 3.5 ms for a 4K slide with boxes). Only what the painter's clip (the
        frame's update region) holds is drawn, and the arriving slide only where the slides
        differ, as before.

        On the screen, where the last frame of this fade is still shown (the window's pixels
        are kept between frames), a frame steps on from it instead: the arriving slide drawn
        over it at the opacity that takes the blend from the last frame's p0 to p, which is
        (p - p0) / (1 - p0). That halves a frame's work (no copy of the leaving slide) at the
        cost of rounding: each step may land a level off, a few levels by a fade's end, which
        the last frame (the arriving slide alone) puts right."""
        clipped = painter.hasClipping()
        region = QRegion(painter.clipRegion()) if clipped \
            else QRegion(0, 0, width, self.source.logical_height)
        held = self._held if screen else None
        covers = self._stepped.subtracted(region).isEmpty()  # this frame redraws all of it
        stepped = held is not None and covers and not self._stepped.isEmpty()
        if self._planned is None or self._planned[:2] != (region, stepped):
            rest = region.subtracted(self._stepped) if stepped else region
            blended = rest if self._changing is None else rest.intersected(self._changing)
            self._planned = (region, stepped, Cut.of(self.source, rest),
                             Cut.of(self.target, blended),
                             Cut.of(self.target, self._stepped) if stepped else None)
        _, _, leaving, arriving, step = self._planned
        painter.save()
        painter.setClipping(False)
        leaving.draw(painter)
        painter.setOpacity(p)
        arriving.draw(painter)
        if step is not None and held is not None and p > held:
            painter.setOpacity((p - held) / (1 - held))
            step.draw(painter)
        painter.restore()  # the clip again, for what is drawn over the slides
        if screen:
            self._held = max(p, held or 0.0) if covers else None


@dataclass
class Cut:
    """The part of a kept slide inside a region, as plain rectangles: background fills and
    pieces of its pictures (where on screen, the picture, the part of it). Device pixels; for
    slides drawn pixel for pixel (a device pixel ratio of 1)."""

    background: QColor
    fills: list[QRect]
    blits: list[tuple[QRect, QImage, QRect]]
    flats: list[tuple[QColor, list[QRect]]] = field(default_factory=list)

    @classmethod
    def of(cls, slide: Sparse, region: QRegion) -> Cut:
        blits: list[tuple[QRect, QImage, QRect]] = []
        for rect, piece in slide.pieces:
            if not region.intersects(rect):
                continue
            for part in rects(region.intersected(rect)):
                blits.append((part, piece, part.translated(-rect.x(), -rect.y())))
        # A box's inside kept as its colour (tiles.Sparse.flats) is part of the slide's
        # content: drawn here as its colour, never left out of the frame.
        flats: list[tuple[QColor, list[QRect]]] = []
        for colour, found in slide.flats:
            inside = QRegion()
            for rect in found:
                if region.intersects(rect):
                    inside = inside.united(region.intersected(rect))
            if not inside.isEmpty():
                flats.append((colour, rects(inside)))
        return cls(slide.background, rects(region.subtracted(slide.content)), blits, flats)

    def draw(self, painter: QPainter) -> None:
        """Every pixel of the region exactly once, at the painter's opacity."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.background)
        if self.fills:
            painter.drawRects(self.fills)
        for colour, found in self.flats:
            painter.setBrush(colour)
            painter.drawRects(found)
        for where, piece, part in self.blits:
            painter.drawImage(where, piece, part)


def paint_pair(painter: QPainter, current: Sparse, neighbour: Sparse | None, shift: float,
               width: int) -> None:
    """The current slide moved by `shift` pixels, with its neighbour filling the gap."""
    current.draw(painter, shift)
    if neighbour is not None and shift:
        side = width if shift < 0 else -width
        neighbour.draw(painter, shift + side)
