"""The accessibility mode in the running kiosk: it reads each slide on arrival and on request,
and draws the mode's bar, page bar and countdown in the high-contrast palette.

Loaded only when a visitor first enters the mode, so the ordinary start-up imports none of it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

from kiosk.controllers.controls import ACCESS_BAR, PAGE_BAR, OnScreenControls
from kiosk.deck.fields import LANGS, Lang
from kiosk.deck.spoken import spoken_text
from kiosk.navigator.state import Change, Navigator
from kiosk.ops.speech import Engine, Speaker, Utterance, find_engine
from kiosk.render.contrast import GROUND, INK, MARK
from kiosk.render.fonts import font

COUNTDOWN = {"ko": "{n}초 후 처음 화면으로 돌아갑니다. 시간이 더 필요하면 화면이나 아무 키나 "
                   "누르세요.",
             "en": "Returning to the start in {n} s. Touch the screen or press any key for "
                   "more time."}
PAGE = {"ko": "{p} / {n}쪽", "en": "page {p} of {n}"}
VOICE = {"ko": "소리 {v}, 빠르기 {r}", "en": "Volume {v}, speed {r}"}

ACCESS_LABELS = {name: (ko, en) for name, ko, en in ACCESS_BAR}  # the bar's words, by button


def shown_langs(navigator: Navigator) -> tuple[Lang, ...]:
    shown = navigator.shown
    return LANGS if shown == "both" else (shown,)


class AccessSpeech:
    """Speaks for the mode: the slide on arrival (Korean then English when both are shown),
    again on request, a word on a volume or rate change, and the idle warning. Anything that
    moves the visitor on (a page or slide turn, leaving the mode) stops it at once."""

    def __init__(self, navigator: Navigator,
                 engine: Callable[[], Engine | None] = find_engine) -> None:
        self.nav = navigator
        self.speaker = Speaker(engine())
        self._warned = False
        navigator.subscribe(self.on_change)

    def on_change(self, change: Change) -> None:
        nav = self.nav
        speaker = self.speaker
        speaker.rate, speaker.volume = nav.access.rate, nav.access.volume
        if not nav.access.on:
            speaker.stop()
            return
        if change.kind == "countdown":
            if nav.countdown is None:
                self._warned = False
            elif not self._warned:
                self._warned = True
                self._say({lang: COUNTDOWN[lang].format(n=nav.countdown)
                           for lang in shown_langs(nav)})
            return
        self._warned = False
        if change.kind in ("access", "slide", "language", "speech", "deck"):
            self._say({lang: spoken_text(nav.slide, nav.deck, lang)
                       for lang in shown_langs(nav)})
        elif change.kind == "voice":
            volume, rate = f"{round(nav.access.volume * 100)}%", f"{nav.access.rate:g}"
            self._say({lang: VOICE[lang].format(v=volume, r=rate) for lang in shown_langs(nav)})
        elif change.kind == "page":
            speaker.stop()

    def _say(self, texts: dict[Lang, str]) -> None:
        self.speaker.say([Utterance(lang, text) for lang, text in texts.items()])

    def close(self) -> None:
        self.speaker.close()


# ----- drawing ---------------------------------------------------------------------------------
def label(navigator: Navigator, texts: dict[str, str]) -> str:
    return " · ".join(texts[lang] for lang in shown_langs(navigator))


def paint_mode(painter: QPainter, navigator: Navigator, controls: OnScreenControls,
               width: float, height: float) -> None:
    """The mode's bar, its page bar and its countdown, white and yellow on black only."""
    u = controls.unit(width, height)
    targets = controls.access_targets(width, height)
    for target in targets:
        _button(painter, target.name, target.rect, u)
    top = min(t.rect.top() for t in targets)
    _page_bar(painter, navigator,
              QRectF(20 * u, top - (PAGE_BAR - 10) * u, width - 40 * u, 52 * u), u)
    if navigator.countdown is not None:
        text = label(navigator, {k: v.format(n=navigator.countdown) for k, v in COUNTDOWN.items()})
        w = min(width - 40 * u, 1500 * u)
        _words(painter, QRectF((width - w) / 2, height * 0.3, w, 260 * u), text, 40 * u, u)


def _button(p: QPainter, name: str, rect: QRectF, u: float) -> None:
    path = QPainterPath()
    path.addRoundedRect(rect, 18 * u, 18 * u)
    p.fillPath(path, QColor(GROUND))
    p.setPen(QPen(QColor(INK), max(2.0, 4 * u)))
    p.drawPath(path)
    if name in ("prev", "next"):
        _chevron(p, rect, -1 if name == "prev" else 1, u)
        return
    ko, en = ACCESS_LABELS[name]
    colour = QColor(MARK) if name == "access" else QColor(INK)
    p.setPen(colour)
    size = rect.height() * 0.25
    p.setFont(font(size, QFont.Weight.Bold))
    inner = rect.adjusted(6 * u, 8 * u, -6 * u, -8 * u)
    p.drawText(inner, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter),
               f"{ko}\n{en}")


def _chevron(p: QPainter, rect: QRectF, direction: int, u: float) -> None:
    pen = QPen(QColor(INK), max(3.0, 9 * u), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    c = rect.center()
    s = rect.height() * 0.2
    p.drawPolyline([QPointF(c.x() - direction * s * 0.6, c.y() - s), QPointF(c.x() + direction
                    * s * 0.6, c.y()), QPointF(c.x() - direction * s * 0.6, c.y() + s)])


def _page_bar(p: QPainter, nav: Navigator, rect: QRectF, u: float) -> None:
    """Which page of the slide this is: a segment per page, the current one yellow."""
    pages, page = nav.access.pages, nav.access.page
    text = label(nav, {k: v.format(p=page + 1, n=pages) for k, v in PAGE.items()})
    text += f"   ({nav.index + 1} / {nav.count})"
    p.setFont(font(rect.height() * 0.62, QFont.Weight.DemiBold))
    p.setPen(QColor(INK))
    text_w = p.fontMetrics().horizontalAdvance(text) + 30 * u
    p.drawText(QRectF(rect.left(), rect.top(), text_w, rect.height()),
               int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
    left = rect.left() + text_w
    gap = 12 * u
    seg = (rect.right() - left - gap * (pages - 1)) / pages
    thick = max(4.0, 14 * u)
    y = rect.center().y() - thick / 2
    for i in range(pages):
        cell = QRectF(left + i * (seg + gap), y, seg, thick)
        if i == page:
            p.fillRect(cell, QColor(MARK))
        else:  # an outline, so white never touches yellow
            p.setPen(QPen(QColor(INK), max(1.5, 3 * u)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(cell)


def _words(p: QPainter, rect: QRectF, text: str, size: float, u: float) -> None:
    """Black words on a yellow panel (the countdown): the panel grows to hold them."""
    p.setFont(font(size, QFont.Weight.Bold))
    flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
    inner = rect.adjusted(30 * u, 24 * u, -30 * u, -24 * u)
    needed = p.fontMetrics().boundingRect(inner.toRect(), flags, text)
    panel = QRectF(rect.left(), rect.top(), rect.width(),
                   max(rect.height(), needed.height() + 48 * u))
    path = QPainterPath()
    path.addRoundedRect(panel, 24 * u, 24 * u)
    p.fillPath(path, QColor(MARK))
    p.strokePath(path, QPen(QColor(GROUND), 12 * u))  # a black edge: yellow never meets white
    p.setPen(QColor(GROUND))
    p.drawText(panel.adjusted(30 * u, 24 * u, -30 * u, -24 * u), flags, text)
