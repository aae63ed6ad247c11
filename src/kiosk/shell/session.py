"""A running kiosk: the navigator, the window and the controllers, wired once, and the
operations (proof of play, live reload, the sleep inhibitor) joined when the first frame is up.

The session owns everything that lives as long as the kiosk does, and ends it: `quit()` is the
one way out, whether by the exit chord, Escape in a window, `--exit-after` or SIGTERM.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QScreen

from kiosk.controllers.controls import CONTROLS_SECONDS, OnScreenControls
from kiosk.controllers.deadlines import DeadlineDriver
from kiosk.controllers.keyboard import KeyboardController
from kiosk.controllers.pointer import GestureController, PointerInput
from kiosk.deck import LoadedDeck, Problem
from kiosk.navigator.state import Change, Navigator
from kiosk.ops.plays import PlayLog
from kiosk.ops.reload import DeckWatcher, notice_text
from kiosk.shell.lockdown import (
    CURSOR_SECONDS,
    RELEASE_GRACE_MS,
    CursorHider,
    ExitChord,
    SleepInhibitor,
)
from kiosk.shell.overlay import Overlay
from kiosk.shell.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.ops.deck_check import DeckCheck
    from kiosk.ops.display_power import PowerSwitch
    from kiosk.ops.speech import Engine
    from kiosk.shell.access import AccessSpeech

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timings:
    """The delays a person feels; tests shorten them instead of reaching into timers."""

    exit_hold: float | None = None  # None: the deck's exit_hold
    exit_release_grace_ms: int = RELEASE_GRACE_MS
    cursor_seconds: float = CURSOR_SECONDS
    controls_seconds: float = CONTROLS_SECONDS


class Session(QObject):
    def __init__(self, loaded: LoadedDeck, navigator: Navigator, *, kiosk_mode: bool = True,
                 timings: Timings = Timings(),
                 on_first_paint: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.loaded = loaded
        self.navigator = navigator
        self.kiosk_mode = kiosk_mode
        self.timings = timings
        self.interaction_listeners: list[Callable[[str], None]] = []  # proof of play counts
        self.controls = OnScreenControls(
            navigator, lambda: [s.id for s in navigator.deck.deck.sections],
            visible_for=timings.controls_seconds, display=lambda: navigator.deck.deck.display)
        # The accessibility mode's speech, loaded when a visitor first enters the mode.
        self.access_speech: AccessSpeech | None = None
        self.speech_engine: Callable[[], Engine | None] | None = None  # tests choose one
        overlay = Overlay(navigator, self.controls)
        overlay.windowed = not kiosk_mode
        self.window = KioskWindow(loaded, navigator, overlay, kiosk_mode=kiosk_mode,
                                  on_slide_failed=self._slide_failed,
                                  on_first_paint=on_first_paint)
        self.keyboard = KeyboardController(navigator)
        self.pointer = PointerInput(navigator, self.controls,
                                    GestureController(navigator, self.window),
                                    on_shown=self.window.update, on_interaction=self._interacted)
        self.driver = DeadlineDriver(navigator, self)
        self.chord = self._make_chord(loaded)
        self.cursor_hider = CursorHider(self.window, timings.cursor_seconds) \
            if kiosk_mode else None
        self.inhibitor = SleepInhibitor()
        # Switches the screen off while the kiosk sleeps (ops/display_power.py): made with the
        # first sleep, so a deck without opening hours never loads it.
        self.power: PowerSwitch | None = None
        self._swallowing = False  # the touch that woke the screen: its release does nothing
        self._waking_key: int | None = None  # the key that woke it: its repeats do nothing
        self.plays: PlayLog | None = None
        self.watcher: DeckWatcher | None = None
        self.fleet: QObject | None = None  # shell/fleet_link.py, with a URL deck or --mqtt
        # `kiosk check` in another process for each deck version (ops/deck_check.py); made by
        # `kiosk run`, not by every session (tests start many).
        self.deck_check: DeckCheck | None = None
        # A new version waiting for the next page turn, and who to tell when it is shown.
        self.next_version: LoadedDeck | None = None
        self._next_version_shown: Callable[[LoadedDeck], None] | None = None
        self.ended = False
        self.window.events.input = self
        # Ahead of the window, which draws the turn as soon as it hears of it.
        navigator.subscribe(self._turning, first=True)
        navigator.subscribe(self._on_change)
        self.driver.bind()

    def _make_chord(self, loaded: LoadedDeck) -> ExitChord:
        settings = loaded.deck.deck
        hold = self.timings.exit_hold if self.timings.exit_hold is not None \
            else settings.exit_hold
        return ExitChord(settings.exit_chord, hold, self.quit, self,
                         release_grace_ms=self.timings.exit_release_grace_ms)

    # ----- showing -----------------------------------------------------------------------------
    def show_on(self, screen: QScreen | None) -> None:
        self.window.show_on(screen)
        self.controls.dpi = (screen or self.window.screen()).physicalDotsPerInch() or 96.0

    def start_operations(self, plays: Path, deck_path: Path,
                         problems: list[Problem] | None = None, *, watch: bool = True,
                         on_screen: bool = True) -> None:
        """Proof of play and live reload of `deck_path`, which may not be valid yet: then
        `problems` says why, and the bundled deck is on screen until the operator fixes it.
        `on_screen` False: the slide is not drawn yet (the window's first paint tells
        `plays.drawn()`)."""
        if self.kiosk_mode and not self.navigator.asleep:
            # After the first frame, with logging up to say how it went; not for a screen
            # that starts asleep.
            self.inhibitor.acquire()
        self.plays = PlayLog(plays, self.navigator, on_screen=on_screen)
        self.interaction_listeners.append(self.plays.interaction)
        if self.navigator.asleep:  # started in the night: the screen off (logged from here on)
            hours = self.navigator.sleep.hours
            log.info("screen %s from the start: outside the opening hours; a key%s wakes it",
                     self.navigator.sleep.state.words(),
                     " or a touch" if hours is None or hours.wake_on_touch else "")
            self._screen_follows_sleep()
        if self.deck_check is not None and problems is None:
            # (a deck not valid at start was logged whole; its fix is checked when it comes)
            self.deck_check.start(self.loaded.path)
        if not watch:
            return
        self.watcher = DeckWatcher(deck_path, self.loaded, self, problems=problems)
        self.watcher.reloaded.connect(self.replace_deck)
        self.watcher.failed.connect(self._refused)
        if self.watcher.problems:  # the deck's, or pictures that are not whole
            self.window.set_notice(notice_text(self.watcher.problems))

    def replace_deck(self, loaded: LoadedDeck, turn: Change | None = None) -> None:
        """Show a new version now (on the same slide); `turn`: as part of this page turn. A
        version still waiting for a turn is older than this one: it is dropped."""
        self.next_version = None
        self._next_version_shown = None
        self.loaded = loaded
        self.window.replace_deck(loaded, turn)
        self.chord.deleteLater()
        self.chord = self._make_chord(loaded)
        self.navigator.replace_deck(loaded.deck)
        self.window.set_notice(None)
        if self.deck_check is not None:  # this version's check; an older one's is stale
            self.deck_check.start(loaded.path)

    def replace_deck_at_next_turn(self, loaded: LoadedDeck,
                                  shown: Callable[[LoadedDeck], None] | None = None) -> None:
        """Show a new version at the next page turn, not in the middle of a slide: the turn
        goes from the old version's slide to the new version's next one (`shown` is told)."""
        self.next_version = loaded
        self._next_version_shown = shown

    def _turning(self, change: Change) -> None:
        if change.kind != "slide" or self.next_version is None:
            return
        # The navigator has moved to the old version's next slide, and nobody has drawn it yet:
        # switch now, so the turn the window draws lands on the new version's slide.
        loaded, self.next_version = self.next_version, None
        shown, self._next_version_shown = self._next_version_shown, None
        self.replace_deck(loaded, change)
        if shown is not None:
            shown(loaded)

    def _refused(self, problems: list[Problem]) -> None:
        self.window.set_notice(notice_text(problems))
        if self.deck_check is not None:  # the file changed under it: what it says is stale
            self.deck_check.cancel()

    def _slide_failed(self, slide_id: str) -> None:
        # Not from inside a paint: let the current frame finish, then move on.
        QTimer.singleShot(0, lambda: self.navigator.skip_broken(slide_id))

    def _on_change(self, change: Change) -> None:
        self.driver.rearm()
        if change.kind == "access":
            log.info("accessibility mode %s", "on" if self.navigator.access.on else "off")
            if self.navigator.access.on and self.access_speech is None:
                from kiosk.shell.access import AccessSpeech

                self.access_speech = AccessSpeech(self.navigator, *(
                    [self.speech_engine] if self.speech_engine else []))
                self.access_speech.on_change(change)  # it missed this one
        if change.kind == "sleep":
            log.info("screen %s", self.navigator.sleep.state.words())
            self._screen_follows_sleep()
        if change.kind == "blank":
            if self.navigator.blank:
                log.info("screen blanked by the operator; it stays black until B or . again")
            else:
                log.info("screen unblanked by the operator")

    @property
    def speech_problem(self) -> str | None:
        """Why the accessibility mode's speech is not heard (no engine, no sound device), for
        the status; None while it is heard or before the mode was first used. Changes come as
        `access_speech.speaker.problem_changed`."""
        return self.access_speech.speaker.problem if self.access_speech is not None else None

    def _screen_follows_sleep(self) -> None:
        """Asleep: the screen off (where it can be) and the desktop free to let it sleep;
        awake: on, and kept on."""
        if not self.kiosk_mode or self.ended:
            return
        asleep = self.navigator.asleep
        if asleep:
            self.inhibitor.release()
        elif not self.inhibitor.active:
            self.inhibitor.acquire()
        hours = self.navigator.sleep.hours
        cec = bool(hours and hours.hdmi_cec)
        if self.power is not None and self.power.hdmi_cec != cec:  # a new deck asks otherwise
            self.power.set(False)  # everything on through the old ways; the new ones follow
            self.power.close()
            self.power = None
        if self.power is None and (asleep or hours is not None):
            from PySide6.QtGui import QGuiApplication

            from kiosk.ops.display_power import PowerSwitch, ways_for

            self.power = PowerSwitch(ways_for(QGuiApplication.platformName(), hdmi_cec=cec),
                                     hdmi_cec=cec)
        if self.power is not None:
            self.power.set(asleep)

    def _interacted(self, kind: str) -> None:
        for listener in self.interaction_listeners:
            listener(kind)

    # ----- the window's input (WindowInput) ----------------------------------------------------
    def key_press(self, event: QKeyEvent) -> bool:
        if self.kiosk_mode and self.chord.key_press(event):
            return True  # (the operator's way out works asleep too)
        if self.navigator.asleep:  # a key wakes the screen and does nothing else
            if self.navigator.wake_by("key"):
                self._waking_key = event.key()
                self._interacted("wake")
            return True
        if event.isAutoRepeat() and event.key() == self._waking_key:
            return True  # the waking press, still held
        self._waking_key = None
        if self.keyboard.key_press(event):
            self._interacted("key")
            return True
        if self.navigator.countdown is not None:  # any key asks for more time
            self.navigator.access.extend()
            self._interacted("key")
            return True
        if not self.kiosk_mode and event.key() == Qt.Key.Key_Escape:
            self.quit("Escape")
            return True
        return False

    def key_release(self, event: QKeyEvent) -> None:
        self.chord.key_release(event)
        if not event.isAutoRepeat() and event.key() == self._waking_key:
            self._waking_key = None

    def mouse_moved(self) -> None:
        if self.cursor_hider is not None:
            self.cursor_hider.moved()

    def press(self, x: float, y: float, width: float, height: float) -> None:
        if self.navigator.asleep:  # a touch wakes the screen first; the next one acts
            self._swallowing = True
            if self.navigator.wake_by("touch"):
                self._interacted("wake")
            return
        self.pointer.press(x, y, width, height)

    def move(self, x: float, y: float, width: float) -> None:
        if not self._swallowing:
            self.pointer.move(x, y, width)

    def release(self, x: float, y: float, width: float, height: float) -> None:
        if self._swallowing:
            self._swallowing = False
            return
        self.pointer.release(x, y, width, height)

    def cancel(self) -> None:
        self._swallowing = False
        self.pointer.cancel()

    def wheel(self, delta: int) -> None:
        if not self.navigator.asleep:
            self.pointer.wheel(delta)

    # ----- the end -----------------------------------------------------------------------------
    def quit(self, reason: str = "exit chord") -> None:
        """End the kiosk: the slide on screen is written to proof of play, the screen saver is
        let go, the window closes and the event loop ends. Safe to call more than once."""
        if self.ended:
            return
        self.ended = True
        log.info("kiosk stops (%s)", reason)
        self.driver.unbind()
        if self.deck_check is not None:
            self.deck_check.close()
        if self.access_speech is not None:
            self.access_speech.close()
        self.inhibitor.release()
        if self.power is not None:
            self.power.set(False)  # an operator leaving at night finds the screen on
            self.power.close()
        if self.plays is not None:
            self.plays.close()
        self.window.close_for_good()
        app = QGuiApplication.instance()
        if app is not None:
            app.quit()
