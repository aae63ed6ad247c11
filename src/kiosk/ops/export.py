"""Slides to image files through the same renderer the screen uses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QPdfWriter

from kiosk.controllers.controls import button_clear
from kiosk.deck.fields import Shown
from kiosk.deck.loader import LoadedDeck
from kiosk.deck.settings import Display
from kiosk.render.slide import Rendered, render_slide

# A file has no screen: its touch targets are sized as on a 96 dpi panel (on a lobby screen the
# design size is the larger of the two, so the slide is laid out alike).
EXPORT_DPI = 96.0


def kept_clear(width: int, height: int, display: Display) -> QRectF | None:
    """The room the running kiosk keeps free for its accessibility button, as on a screen of
    this shape with a short side of 1080 px (a lobby screen's buttons have their design size
    there; `kiosk check`'s reduced canvas then lays out as the screen does)."""
    k = 1080 / min(width, height)
    clear = button_clear(width * k, height * k, EXPORT_DPI, display)
    if clear is None:
        return None
    return QRectF(clear.left() / k, clear.top() / k, clear.width() / k, clear.height() / k)


def render_image(loaded: LoadedDeck, index: int, width: int, height: int,
                 shown: Shown, page: int = 0) -> tuple[QImage, Rendered]:
    """Page `page` of a slide (a slide that continues has more than one: Rendered.pages)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        report = render_slide(painter, width, height, loaded.deck, index, shown, loaded.folder,
                              page, kept_clear(width, height, loaded.deck.deck.display))
    finally:
        painter.end()
    return image, report


def render_pages(loaded: LoadedDeck, index: int, width: int, height: int,
                 shown: Shown) -> list[tuple[QImage, Rendered]]:
    """Every page of a slide, as the screen plays them."""
    pages = [render_image(loaded, index, width, height, shown)]
    pages += [render_image(loaded, index, width, height, shown, page)
              for page in range(1, pages[0][1].pages)]
    return pages


def export_png(loaded: LoadedDeck, out: Path, width: int, height: int,
               shown: Shown) -> list[Path]:
    """One file a page: 03-site.png, and 03-site-2.png for a slide that continues."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index, slide in enumerate(loaded.deck.slides):
        for page, (image, _) in enumerate(render_pages(loaded, index, width, height, shown)):
            suffix = f"-{page + 1}" if page else ""
            written.append(save_png(image, out / f"{index + 1:02d}-{slide.id}{suffix}.png"))
    return written


def save_png(image: QImage, path: Path) -> Path:
    """Write a PNG, or say which file could not be written (a full disk, no permission)."""
    if not image.save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


def pdf_writer(out: Path, title: str, creator: str, width: int, height: int) -> QPdfWriter:
    """A PDF whose pages have the slide's own shape, for a width x height px drawing."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize

    out.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(out))
    writer.setTitle(title)
    writer.setCreator(creator)
    writer.setResolution(96)
    # A page of the slide's own shape (in points at 96 dpi: width px * 0.75 pt)
    page = QPageSize(QSizeF(width * 0.75, height * 0.75), QPageSize.Unit.Point, "slide")
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    return writer


def export_pdf(loaded: LoadedDeck, out: Path, width: int, height: int, shown: Shown) -> Path:
    """One page per slide (more for a slide that continues), drawn by the same renderer: vector
    text with the font embedded."""
    title = loaded.deck.deck.title
    writer = pdf_writer(out, title.get("en") + " / " + title.get("ko"), "kiosk export", width,
                        height)
    painter = QPainter(writer)
    try:
        first = True
        for index in range(len(loaded.deck.slides)):
            page, pages = 0, 1
            while page < pages:
                if not first:
                    writer.newPage()
                first = False
                pages = render_slide(painter, width, height, loaded.deck, index, shown,
                                     loaded.folder, page,
                                     kept_clear(width, height, loaded.deck.deck.display)).pages
                page += 1
    finally:
        painter.end()
    return out


def contact_sheet(loaded: LoadedDeck, out: Path, width: int, height: int, shown: Shown,
                  columns: int = 3) -> Path:
    """All slides on one image, in order (a continued slide's every page): an overview for the
    operator or the README."""
    images = [image for index in range(len(loaded.deck.slides))
              for image, _ in render_pages(loaded, index, width, height, shown)]
    return sheet(images, out, width, height, columns)


def sheet(images: list[QImage], out: Path, width: int, height: int, columns: int = 3) -> Path:
    """Pictures of one screen size as thumbnails in rows, saved as one image."""
    count = len(images)
    thumb_w = 640 if width >= height else 360
    thumb_h = round(thumb_w * height / width)
    gap = 16
    rows = (count + columns - 1) // columns
    sheet = QImage(columns * (thumb_w + gap) + gap, rows * (thumb_h + gap) + gap,
                   QImage.Format.Format_RGB32)
    sheet.fill(0x202020)
    painter = QPainter(sheet)
    try:
        for index, image in enumerate(images):
            x = gap + (index % columns) * (thumb_w + gap)
            y = gap + (index // columns) * (thumb_h + gap)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            from PySide6.QtCore import QRect

            painter.drawImage(QRect(x, y, thumb_w, thumb_h), image)
    finally:
        painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not sheet.save(str(out)):
        raise OSError(f"cannot write {out}")
    return out
