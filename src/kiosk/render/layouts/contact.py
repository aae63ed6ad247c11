from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont

from kiosk.deck.model import ContactSlide, Deck, Slide, qr_payload
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import Part, draw_parts, header, one_line_width
from kiosk.render.text_lines import Run

QUIET = 4  # modules of white around the code, as the QR standard asks


@lru_cache(maxsize=8)  # encoding costs several ms a draw; a matrix is a few kB
def _encoded(payload: str) -> tuple[tuple[bool, ...], ...]:
    """Kept per text: a cold draw of the contact slide (after a reload, or when the slide cache
    let its picture go) does not encode the same code again."""
    import segno  # only the contact slide needs it: keep it off the start-up path

    code = segno.make(payload, error="m", micro=False)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix)


def qr_matrix(payload: str) -> list[list[bool]]:
    """The code's modules, dark or light, row by row."""
    return [list(row) for row in _encoded(payload)]


@lru_cache(maxsize=8)
def _dark_runs(payload: str) -> tuple[tuple[int, int, int], ...]:
    """Each row's runs of dark modules as (row, first column, length): a few hundred rectangles
    drawn instead of one per module (drawing them one call each cost about a millisecond)."""
    runs = []
    for y, row in enumerate(_encoded(payload)):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append((y, start, x - start))
    return tuple(runs)


def draw_qr(frame: Frame, rect: QRectF, payload: str) -> QRectF:
    n = len(_encoded(payload)) + 2 * QUIET
    side = min(rect.width(), rect.height())
    module = side / n
    box = QRectF(rect.left() + (rect.width() - side) / 2, rect.top(), side, side)
    p = frame.painter
    p.save()
    p.setPen(Qt.PenStyle.NoPen)
    p.fillRect(box, QColor("#FFFFFF"))
    p.setBrush(QColor("#000000"))
    # Slight overlap hides hairline seams between rows when scaled (within a run there is none).
    p.drawRects([QRectF(box.left() + (x + QUIET) * module, box.top() + (y + QUIET) * module,
                        module * length + 0.35, module + 0.35)
                 for y, x, length in _dark_runs(payload)])
    p.restore()
    return box


def draw_contact(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, ContactSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    area = QRectF(safe.left(), top, safe.width(), safe.bottom() - top)
    if frame.portrait:
        qr_side = min(area.width() * 0.6, area.height() * 0.5)
        words = QRectF(area.left(), area.top(), area.width(), area.height() - qr_side - 48)
        qr_rect = QRectF(area.left(), area.bottom() - qr_side, area.width(), qr_side)
    else:
        qr_side = min(area.height(), area.width() * 0.36)
        qr_rect = QRectF(area.right() - qr_side, area.top() + (area.height() - qr_side) / 2,
                         qr_side, qr_side)
        words = QRectF(area.left(), area.top(), area.width() - qr_side - 80, area.height())
    draw_qr(frame, qr_rect, qr_payload(slide))
    phone = slide.phone.replace(" ", "\u00a0").replace("-", "\u2011")  # one unbroken line
    big = frame.theme.title_size * 1.5
    # The number is sized to its column: it is never broken, whatever the screen's shape.
    size = min(big, big * words.width() / one_line_width(phone, big, QFont.Weight.Bold) * 0.98)
    parts = [Part(frame.runs(slide.office, frame.theme.body_size * 1.2,
                             weight=QFont.Weight.DemiBold), ("office",), "office"),
             Part([Run(phone, size, frame.color("accent"), QFont.Weight.Bold)], ("phone",),
                  "phone number", 40),
             Part(frame.runs(slide.note, frame.theme.body_size * 0.75, "muted"), ("note",),
                  "note", 48)]
    draw_parts(frame, words, parts, valign=Qt.AlignmentFlag.AlignVCenter)
