"""The bundled typeface, registered once per process from package data (no system fonts needed)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from kiosk.resources import font_files

FAMILY = "Pretendard"
log = logging.getLogger(__name__)
_loaded: list[str] = []


def ensure_fonts() -> str:
    """Register the bundled fonts with Qt (idempotent) and make them the application default."""
    if not _loaded:
        for entry in font_files():
            font_id = QFontDatabase.addApplicationFontFromData(QByteArray(entry.read_bytes()))
            if font_id < 0:
                log.error("could not load bundled font %s", entry.name)
                continue
            _loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
        if FAMILY not in _loaded:
            log.error("bundled font family %s missing; text may show boxes", FAMILY)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.setFont(font(20))
    return FAMILY


def font(pixel_size: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    f = QFont(FAMILY)
    f.setPixelSize(max(1, round(pixel_size)))
    f.setWeight(weight)
    # Unhinted metrics scale linearly, so a layout measured on the design canvas holds at 4K.
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    f.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return f
