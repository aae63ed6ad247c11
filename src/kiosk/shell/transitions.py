"""Moving from one rendered slide to the next: fade, slide (direction follows navigation), none.

Both slides are already rendered (render/tiles.py), so a frame draws each pixel of the screen at
most twice, and a fade only where the two slides differ; its last frame draws the arriving slide
alone. A transition that a new command interrupts is dropped at once; the next starts from the
slide that was arriving, so no half-drawn frame is ever left on screen.

Two slides on the same background fade *through* it: the leaving slide's content fades into the
background, then the arriving slide's content fades in from it. Each frame touches one slide's
content instead of both (about half the pixels of a cross-fade, painted and flushed), and two
unrelated texts are never seen laid over each other mid-fade. Where the backgrounds differ, or
a slide is one whole picture (a photo: a cross-fade reads better there), the slides cross-fade.

A slide whose content is heavy (every slide at 4K) fades through in two parts, cut along the
background (fade_parts.py), one part a frame on a grid twice as fine as the fade's pace: each
pixel still changes as often, and a frame paints and flushes half as much.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from kiosk.render.tiles import Sparse, rects
from kiosk.shell.fade_parts import fade_parts


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


# The share of a fade-through's time in which the leaving content goes; the arriving content
# takes the rest, which is what the eye follows (the pattern's usual split: out fast, in slower).
THROUGH_OUT = 0.35


def fades_through(source: Sparse, target: Sparse) -> bool:
    """Whether a fade between these slides goes through their common background."""
    return (source.ratio == 1.0 and target.ratio == 1.0
            and (source.width, source.height) == (target.width, target.height)
            and source.background == target.background
            and not source.whole and not target.whole)


@dataclass
class Transition:
    kind: str  # "fade", "slide" or "spring" (a drag sliding back into place)
    source: Sparse
    target: Sparse
    start: float
    duration: float
    direction: int = 1  # +1: the new slide comes from the right
    offset: float = 0.0  # where a drag left the slides, as a share of the width
    # A fade through the common background (see the module's doc); None: where it can.
    through: bool | None = None
    # How often each pixel of it changes (shell/pacing.py). A fade through draws a slide whose
    # content costs more than `split_above` as two parts on alternate frames (fade_parts.py),
    # so the window's frames come twice as often (`pace`), each repainting one part.
    period: float = 1 / 60
    split_above: int | None = None  # None: fade_parts.SPLIT_ABOVE

    def progress(self, now: float) -> float:
        if self.duration <= 0:
            return 1.0
        return ease_out((now - self.start) / self.duration)

    def done(self, now: float) -> bool:
        return now - self.start >= self.duration

    def __post_init__(self) -> None:
        self._changing = self.source.differs_from(self.target) if self.kind == "fade" else None
        if self.kind != "fade" or not fades_through(self.source, self.target):
            self.through = False
        elif self.through is None:
            self.through = True
        # Of a fade through: each slide's content as one part or two (fade_parts.py); each part
        # without what is drawn over the slides (stepped on where the screen holds it, below).
        self._parts: tuple[list[QRegion], list[QRegion]] = (
            (fade_parts(self.source, self.split_above), fade_parts(self.target, self.split_above))
            if self.through else ([], []))
        self._through_stepped: tuple[list[QRegion], list[QRegion]] = ([], [])
        # Per half and part, the share of the background the screen shows over that part's
        # content (None: unknown, the part is drawn from the slide). A part of the arriving
        # half with no entry shows the background once none of the leaving content is left
        # there. The frame at which each part was last repainted: the next frame repaints the
        # one waiting longest.
        self._through_held: tuple[dict[int, float | None], dict[int, float | None]] = ({}, {})
        self._repainted: tuple[dict[int, int], dict[int, int]] = ({}, {})
        self._frames = 0
        # The leaving content the screen may still show (all of it until frames took it away),
        # and whether the screen is known at all (a frame of this fade was painted on it).
        self._source_left = QRegion(self.source.content)
        self._screen_known = False
        # The cuts for the last few (region, half, parts stepped on): a split fade alternates.
        self._through_plans: list[tuple[QRegion, tuple[int, tuple[int, ...]], _ThroughPlan]] = []
        # Where each slide keeps boxes as their colour: veiled by fills of the mixed colour.
        self._flat_regions = (flat_region(self.source), flat_region(self.target)) \
            if self.through else (QRegion(), QRegion())
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
        if self.through:
            self._through_stepped = ([part.subtracted(region) for part in self._parts[0]],
                                     [part.subtracted(region) for part in self._parts[1]])
            self._forget_parts(known=not self._screen_known)

    def forget_screen(self) -> None:
        """What the screen holds is not known any more (it was exposed or drawn over)."""
        self._held = None
        self._source_left = QRegion(self.source.content)
        self._forget_parts(known=False)
        self._screen_known = False

    def _forget_parts(self, *, known: bool) -> None:
        """Every part drawn from its slide again; `known`: before the fade's first frame, when
        the screen shows the leaving slide (the arriving half's parts then start from the
        background once the leaving content is gone), else nothing is known of them."""
        for phase in (0, 1):
            self._through_held[phase].clear()
        if not known:
            self._through_held[1].update(dict.fromkeys(range(len(self._parts[1])), None))
        self._through_plans = []

    def pace(self, now: float) -> float:
        """The window's frame interval at `now`: the period, or half of it while a fade through
        draws a slide in two parts."""
        if not self.through or self.done(now):
            return self.period
        return self.period / len(self._parts[self.through_phase(now)[0]])

    def changing(self) -> QRegion | None:
        """The part of the screen this transition changes over its frames (None: all of it)."""
        return self._changing

    def frame_region(self, now: float) -> QRegion | None:
        """The part of the screen the frame at `now` changes on a screen that shows this
        transition's last frame (None: all of it). A fade through changes the leaving slide's
        content while it goes, then the arriving slide's (and, until a frame has put the
        background back there, the leaving slide's content); a slide drawn in two parts, one
        part a frame, the one that waited longest (at the end, every part not yet shown as it
        stays)."""
        if not self.through:
            return self._changing
        phase, _ = self.through_phase(now)
        done = self.done(now)
        if phase == 0 and not done:
            if self._source_left.isEmpty():
                return QRegion()
            due = self._due(0, lambda held: held is None or held < 1.0)
            return QRegion() if due is None else QRegion(self._parts[0][due])
        region = QRegion(self._source_left)
        if done:
            for i, part in enumerate(self._parts[1]):
                if self._held_before(1, i) != 0.0:
                    region = region.united(part)
            return region
        due = self._due(1, lambda held: held is None or held > 0.0)
        return region if due is None else region.united(self._parts[1][due])

    def _due(self, phase: int, changes: Callable[[float | None], bool]) -> int | None:
        """The part of a half whose frame is due: of those a frame would still change, the
        one repainted longest ago."""
        waiting = [i for i in range(len(self._parts[phase]))
                   if changes(self._held_before(phase, i))]
        if not waiting:
            return None
        return min(waiting, key=lambda i: self._repainted[phase].get(i, -1))

    def _held_before(self, phase: int, i: int) -> float | None:
        """The share of background the screen shows over part `i` of a half, if known."""
        held = self._through_held[phase]
        if i in held:
            return held[i]
        if phase == 1 and self._screen_known \
                and not self._parts[1][i].intersects(self._source_left):
            return 1.0  # none of the leaving content there: only the background
        return None

    def through_phase(self, now: float) -> tuple[int, float]:
        """Of a fade through at `now`: which slide shows (0 the leaving, 1 the arriving) and
        how much of the background is laid over its content (1: only the background).

        The leaving content is gone a frame period and a half before the arriving content
        starts: on the window's frame grid (laid from its first frame, a little after `start`)
        a frame falls in that time and puts the plain background back where the leaving
        content was, so no frame repaints both slides' content."""
        elapsed = now - self.start
        split = THROUGH_OUT * self.duration
        if elapsed < split:
            return 0, ease_out(elapsed / max(split - 1.5 * self.period, split / 2))
        # Drawn in two parts, the arriving content is whole a frame before the end: the frame
        # then shows one part as it stays, and the last frame repaints only the other.
        parts = max(1, len(self._parts[1]))
        rest = self.duration - split
        early = min(self.period * (parts - 1) / parts, rest / 2)
        return 1, 1 - ease_out((elapsed - split) / (rest - early))

    def paint(self, painter: QPainter, width: int, now: float, *, screen: bool = False) -> None:
        """One frame at `now`. `screen`: the painter draws on the window's own pixels, which
        keep the last frame (not a screenshot): a fade may then step on from it."""
        p = self.progress(now)
        if self.done(now):
            # The last frame: the arriving slide, once, as rectangles where it can.
            if self.target.ratio == 1.0:
                region = self._region_of(painter, width)
                draw_cut(painter, Cut.of(self.target, region))
                if screen and self.through:
                    self._painted_through(1, region, 0.0, {})
            else:
                self.target.draw(painter)
            return
        if self.kind == "fade":
            if self.through:
                self._paint_through(painter, width, now, screen)
                return
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

    def _region_of(self, painter: QPainter, width: int) -> QRegion:
        """What this frame draws: the painter's clip (the frame's update region) or all."""
        if painter.hasClipping():
            return QRegion(painter.clipRegion())
        return QRegion(0, 0, width, self.source.logical_height)

    def _paint_through(self, painter: QPainter, width: int, now: float, screen: bool) -> None:
        """A frame of a fade through the background, inside the frame's region: the slide of
        its half with the background laid over its content at the frame's share. Outside the
        content the two slides agree (the background), so a frame of the arriving half also
        puts the background back where the leaving content was.

        On the screen, a part of the slide's content that the screen holds at a known share
        and that this frame repaints whole steps on from it, as the cross-fade does: the
        leaving half lays the background over the held frame (a plain fill, no picture read),
        the arriving half blends the arriving slide over it; elsewhere the frame is drawn from
        the slide."""
        phase, veil = self.through_phase(now)
        region = self._region_of(painter, width)
        steps: list[tuple[int, float]] = []  # the parts stepped on, from the share held
        if screen:
            for i, part in enumerate(self._through_stepped[phase]):
                if part.isEmpty() or not part.subtracted(region).isEmpty():
                    continue  # not all of it repainted by this frame
                before = self._held_before(phase, i)
                if before is not None:
                    steps.append((i, before))
        plan = self._through_plan(region, phase, tuple(i for i, _ in steps))
        painter.save()
        painter.setClipping(False)
        plan.cut.draw(painter, flats=False)
        plan.cut.draw_flats_veiled(painter, veil)
        if plan.veiled and veil > 0:
            painter.setOpacity(veil)
            painter.setBrush(plan.cut.background)  # a plain fill: no picture read
            painter.drawRects(plan.veiled)
        shown: dict[int, float] = {}
        for (i, before), (step_veil, step_cut) in zip(steps, plan.steps, strict=True):
            shown[i] = veil
            if phase == 0 and veil > before:  # more of the background over the held frame
                painter.setOpacity((veil - before) / (1 - before))
                painter.setBrush(plan.cut.background)
                if step_veil:
                    painter.drawRects(step_veil)
                step_cut.draw_flats_veiled(painter, veil)
            elif phase == 1 and veil < before:
                painter.setOpacity((before - veil) / before)  # more of the arriving slide
                step_cut.draw(painter, flats=False)
                step_cut.draw_flats_veiled(painter, veil)
            else:
                shown[i] = before  # the same moment again: the held frame stays
        painter.restore()  # the clip again, for what is drawn over the slides
        if screen:
            self._painted_through(phase, region, veil, shown)

    def _painted_through(self, phase: int, region: QRegion, veil: float,
                         shown: dict[int, float]) -> None:
        """What the screen holds after a frame of a fade through painted `region`: each part
        it repainted whole at its share, a part it repainted in part unknown, and no leaving
        content where it showed the arriving half or only the background."""
        held = self._through_held[phase]
        for i, part in enumerate(self._parts[phase]):
            shared = self._through_stepped[phase][i]
            whole = not shared.isEmpty() and shared.subtracted(region).isEmpty()
            if whole or part.subtracted(region).isEmpty():
                self._repainted[phase][i] = self._frames
            if whole:
                held[i] = shown.get(i, veil)
            elif shared.intersects(region):
                held[i] = None  # the screen mixes two moments there
        self._frames += 1
        if phase == 1 or (veil >= 1 and all(v >= 1 for v in shown.values())):
            self._source_left = self._source_left.subtracted(region)
        self._screen_known = True

    def _through_plan(self, region: QRegion, phase: int, stepped: tuple[int, ...]) -> _ThroughPlan:
        """The cuts of a frame of a fade through, kept for the last few kinds of frame."""
        key = (phase, stepped)
        for known_region, known_key, plan in self._through_plans:
            if known_key == key and known_region == region:
                return plan
        slide = self.target if phase else self.source
        flat = self._flat_regions[phase]  # veiled as fills of the mixed colour instead
        parts = self._through_stepped[phase]
        rest = QRegion(region)
        for i in stepped:
            rest = rest.subtracted(parts[i])
        plan = _ThroughPlan(Cut.of(slide, rest),
                            rects(rest.intersected(slide.content).subtracted(flat)),
                            [(rects(parts[i].subtracted(flat)), Cut.of(slide, parts[i]))
                             for i in stepped])
        self._through_plans = [(region, key, plan), *self._through_plans[:5]]
        return plan

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
class _ThroughPlan:
    """A frame of a fade through: the cut drawn from the slide, the rectangles of its content
    veiled by the background, and per part stepped on, its rectangles veiled and its cut."""

    cut: Cut
    veiled: list[QRect]
    steps: list[tuple[list[QRect], Cut]]


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
        if slide.content.subtracted(region).isEmpty():  # all of the content: whole pieces
            return cls(slide.background, rects(region.subtracted(slide.content)),
                       [(rect, piece, QRect(0, 0, rect.width(), rect.height()))
                        for rect, piece in slide.pieces], list(slide.flats))
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

    def draw(self, painter: QPainter, *, flats: bool = True) -> None:
        """Every pixel of the region exactly once, at the painter's opacity (without the boxes
        kept as their colour, with flats=False: see draw_flats_veiled)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.background)
        if self.fills:
            painter.drawRects(self.fills)
        if flats:
            for colour, found in self.flats:
                painter.setBrush(colour)
                painter.drawRects(found)
        for where, piece, part in self.blits:
            painter.drawImage(where, piece, part)

    def draw_flats_veiled(self, painter: QPainter, veil: float) -> None:
        """The boxes kept as their colour with `veil` of the background laid over them, as
        opaque fills of the mixed colour: the same pixels as the background drawn over them
        at that opacity, without reading the screen back (a 4K figures slide is two thirds
        cards: blending them was most of a frame)."""
        if not self.flats:
            return
        opacity = painter.opacity()
        painter.setOpacity(1.0)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for colour, found in self.flats:
            painter.setBrush(mixed(colour, self.background, veil))
            painter.drawRects(found)
        painter.setOpacity(opacity)


def mixed(colour: QColor, over: QColor, share: float) -> QColor:
    """`colour` with `share` of `over` laid on it."""
    keep = 1.0 - share
    return QColor(round(colour.red() * keep + over.red() * share),
                  round(colour.green() * keep + over.green() * share),
                  round(colour.blue() * keep + over.blue() * share))


def flat_region(slide: Sparse) -> QRegion:
    """Where a slide keeps boxes as their colour (tiles.Sparse.flats)."""
    region = QRegion()
    for _, found in slide.flats:
        for rect in found:
            region = region.united(rect)
    return region


def draw_within(painter: QPainter, slide: Sparse) -> None:
    """A slide inside the painter's clip. Under a clip of many rectangles (a frame's update
    region) Qt blends a picture span by span, so a slide drawn pixel for pixel is cut into
    plain rectangles inside it instead (see Transition._paint_fade_cut)."""
    if slide.ratio != 1.0 or not painter.hasClipping() or painter.clipRegion().rectCount() < 2:
        slide.draw(painter)
        return
    draw_cut(painter, Cut.of(slide, QRegion(painter.clipRegion())))


def draw_cut(painter: QPainter, cut: Cut) -> None:
    """A cut inside the painter's clip, as plain rectangles with no clip on the painter."""
    painter.save()
    painter.setClipping(False)  # the cut is inside the clip already
    cut.draw(painter)
    painter.restore()  # the clip again, for what is drawn over the slides


def paint_pair(painter: QPainter, current: Sparse, neighbour: Sparse | None, shift: float,
               width: int) -> None:
    """The current slide moved by `shift` pixels, with its neighbour filling the gap."""
    current.draw(painter, shift)
    if neighbour is not None and shift:
        side = width if shift < 0 else -width
        neighbour.draw(painter, shift + side)
