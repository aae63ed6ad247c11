"""The screen shapes lobby PCs have, the decks the layout tests draw, and what a render must keep.

Layout happens on a design canvas whose short side is 1080 units, so one aspect ratio is one
layout: 1920x1080 and 480x270 lay out the same, and the tests draw at the small size.
"""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

from PySide6.QtGui import QColor, QImage, QTextLayout

from kiosk.deck.checks import contrast_ratio
from kiosk.render.fonts import font
from kiosk.render.slide import Rendered

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]
FIT_DECKS = {"bundled": ROOT / "slides.yaml", "outside": FIXTURES / "outside" / "slides.yaml",
             "library": FIXTURES / "library" / "slides.yaml"}

# Each shape at a reduced size of the same aspect; the comment names real screens of that shape.
SHAPES = {
    "16x9": (480, 270),     # 1280x720, 1920x1080, 3840x2160
    "16x10": (480, 300),    # 1280x800, 1920x1200
    "4x3": (400, 300),      # 800x600, 1024x768
    "5x4": (400, 320),      # 1280x1024
    "21x9": (640, 270),     # 2560x1080
    "9x16": (270, 480),     # 1080x1920
    "10x16": (300, 480),    # 800x1280
}
KICKER_ROOM = 48.0  # the section label sits in the top margin, above the safe area
PROBLEM_KINDS = {"truncated", "forced_break", "overflow", "overlap", "missing_glyph"}


def one_line_width(text: str, size: float) -> float:
    """A text's width set on one line, in the lightest weight: the least room it needs."""
    layout = QTextLayout(text, font(size))
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return line.naturalTextWidth() if line.isValid() else 0.0


def fit_problems(name: str, report: Rendered) -> list[str]:
    """Every way a render breaks the promise: outside the safe area, overlapping, or cut."""
    problems = []
    safe = report.safe.adjusted(0, -KICKER_ROOM, 0, 0)
    for placed in report.placed:
        if not safe.adjusted(-0.5, -0.5, 0.5, 0.5).contains(placed.rect):
            problems.append(f"{name}: {placed.text!r} outside the safe area {placed.rect}")
        if placed.cut:
            problems.append(f"{name}: {placed.text!r} is cut")
        problems += [f"{name}: the word {word!r} is broken in {placed.text!r}"
                     for word in placed.broken]
    for a, b in combinations(report.placed, 2):
        overlap = a.rect.intersected(b.rect)
        if overlap.width() >= 2 and overlap.height() >= 2:
            problems.append(f"{name}: {a.text!r} overlaps {b.text!r}")
    for placed in report.placed:
        if placed.cut:
            continue
        # A word wider than the box it was drawn in was split inside itself (measured in the
        # lightest weight, the narrowest a word can be at that size).
        # A break after a dash is the word's own separator ("서울시–KAIST"); a phone number's
        # hyphens are non-breaking, so the number stays one word here.
        for word in re.split(r"(?<=[-–/])|[ \n]", placed.text):
            if one_line_width(word, placed.size) > placed.rect.width() + 1:
                problems.append(f"{name}: the word {word!r} is split in {placed.text!r}")
    for note in report.notes:
        if note.kind in PROBLEM_KINDS:
            problems.append(f"{name}: {note.kind} at {note.field}: {note.message}")
    return problems


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast of two colours measured on a rendered image."""
    return contrast_ratio(a.name(), b.name())


def drawn_outside(image: QImage, report: Rendered, background: QColor) -> list[str]:
    """Rows of the margin (outside the safe area, the section label's strip aside) that hold
    anything but the background; a pixel next to the safe area is spared for anti-aliasing."""
    scale = image.height() / report.height
    safe = report.safe
    left, right = int(safe.left() * scale) - 1, int(safe.right() * scale) + 2
    top, bottom = int((safe.top() - KICKER_ROOM) * scale) - 1, int(safe.bottom() * scale) + 2
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width = image.width()
    data = bytes(image.constBits())  # type: ignore[call-overload]
    stride = image.bytesPerLine()
    probe = QImage(1, 1, QImage.Format.Format_RGB32)
    probe.fill(background)
    pixel = bytes(probe.constBits())[:4]  # type: ignore[call-overload]
    bad = []
    for y in range(image.height()):
        row = data[y * stride: y * stride + width * 4]
        if y < top or y >= bottom:
            spans = [(0, width)]
        else:
            spans = [(0, max(0, left)), (min(width, right), width)]
        for start, end in spans:
            if end > start and row[start * 4:end * 4] != pixel * (end - start):
                bad.append(f"row {y}, columns {start}-{end}")
    return bad
