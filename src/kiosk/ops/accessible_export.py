"""The accessibility mode on paper and in sound: `kiosk export --accessible` writes the
high-contrast, enlarged pages (PNG or PDF) and `kiosk speak` a slide's spoken form as WAV, both
through the same code the running kiosk uses, so an editor reviews what a visitor gets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage, QPainter

from kiosk.controllers.controls import mode_reserve
from kiosk.deck.fields import Shown
from kiosk.deck.loader import LoadedDeck
from kiosk.deck.spoken import deck_speech
from kiosk.ops.export import EXPORT_DPI, pdf_writer, save_png, sheet
from kiosk.ops.speech import Utterance, synthesize
from kiosk.render.reading_draw import ReadingPage, draw_page
from kiosk.render.reading_flow import Pagination, paginate


def _paginate(loaded: LoadedDeck, index: int, width: int, height: int,
              shown: Shown) -> Pagination:
    """The slide's pages as the running mode lays them out: with the bottom of each page
    left free for the mode's bar, so the review copy has the live mode's pages, no fewer."""
    reserve = mode_reserve(width, height, EXPORT_DPI, loaded.deck.deck.display)
    return paginate(loaded.deck, index, shown, width, height, reserve)


def render_pages(loaded: LoadedDeck, index: int, width: int, height: int,
                 shown: Shown) -> list[tuple[QImage, ReadingPage]]:
    """Every enlarged page of one slide, with what each drew."""
    pagination = _paginate(loaded, index, width, height, shown)
    out = []
    for page in range(pagination.pages):
        image = QImage(width, height, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            report = draw_page(painter, pagination, page, width, height, loaded.deck,
                               loaded.folder)
        finally:
            painter.end()
        out.append((image, report))
    return out


def export_accessible(loaded: LoadedDeck, out: Path, width: int, height: int, shown: Shown,
                      form: str = "png", contact_sheet: bool = False) -> list[Path]:
    if contact_sheet:  # every enlarged page of every slide on one image
        return [sheet([image for index in range(len(loaded.deck.slides))
                       for image, _ in render_pages(loaded, index, width, height, shown)],
                      out, width, height)]
    if form == "pdf":
        return [_pdf(loaded, out, width, height, shown)]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index, slide in enumerate(loaded.deck.slides):
        for image, report in render_pages(loaded, index, width, height, shown):
            written.append(save_png(image, out / f"{index + 1:02d}-{slide.id}-page"
                                               f"{report.page + 1}.png"))
    return written


def _pdf(loaded: LoadedDeck, out: Path, width: int, height: int, shown: Shown) -> Path:
    writer = pdf_writer(out, loaded.deck.deck.title.en + " (accessible)",
                        "kiosk export --accessible", width, height)
    painter = QPainter(writer)
    first = True
    try:
        for index in range(len(loaded.deck.slides)):
            pagination = _paginate(loaded, index, width, height, shown)
            for page in range(pagination.pages):
                if not first:
                    writer.newPage()
                first = False
                draw_page(painter, pagination, page, width, height, loaded.deck,
                          loaded.folder)
    finally:
        painter.end()
    return out


def utterances(loaded: LoadedDeck, slide_id: str | None, shown: Shown) -> list[Utterance]:
    """What `kiosk speak` says: the same text `kiosk speak --text` prints."""
    return [Utterance(lang, text) for _, lang, text in deck_speech(loaded.deck, slide_id, shown)]


def speak_deck(loaded: LoadedDeck, out: Path, slide_id: str | None, shown: Shown,
               rate: float | None = None, volume: float | None = None) -> Path:
    voice = loaded.deck.deck.accessibility.speech
    return synthesize(utterances(loaded, slide_id, shown), out,
                      rate=voice.rate if rate is None else rate,
                      volume=voice.volume if volume is None else volume)
