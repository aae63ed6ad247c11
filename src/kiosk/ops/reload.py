"""Live reload: the running kiosk follows edits to its deck, and a bad edit never blanks it.

Editors save in different ways — in place, to a temporary file renamed over the deck, delete then
create, several writes in a burst. QFileSystemWatcher forgets a file that was replaced by a rename,
so the deck's folder is watched too and the file re-added after every event. Events are debounced
and the file must stay unchanged for a moment before it is read, so a half-written file is never
applied; what is read is validated in full before it replaces the deck on screen.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.deck import DeckError, LoadedDeck, Problem, parse_deck
from kiosk.deck.checks import present_images
from kiosk.render.pictures import STORE

log = logging.getLogger(__name__)
DEBOUNCE_MS = 250


class DeckWatcher(QObject):
    reloaded = Signal(object)  # a LoadedDeck that replaced the one on screen
    failed = Signal(object)  # list[Problem]: the last good deck stays on screen

    def __init__(self, path: Path, shown: LoadedDeck, parent: QObject | None = None, *,
                 problems: list[Problem] | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
        """Watch the operator's deck at `path`. `shown` is what is on screen now: that deck, or
        the bundled stand-in while `path` is not valid yet (`problems` says why)."""
        super().__init__(parent)
        self.path = path.resolve()
        self.current = shown
        self.problems: list[Problem] = list(problems or []) or self._image_problems(shown)
        if self.problems and not problems:
            log.error("images not whole at start:\n%s", "\n".join(_texts(self.problems)))
        self._last_digest = _digest(self.path)
        self._last_stat: tuple[int, int] | None = None
        self._force = False
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._settle)
        self._watch()

    def _watch(self) -> None:
        wanted = {str(self.path.parent)}
        if self.path.exists():
            wanted.add(str(self.path))
        wanted.update(str(target) for _, _, target in
                      present_images(self.current.deck, self.path.parent))
        present = set(self._watcher.files()) | set(self._watcher.directories())
        missing = sorted(wanted - present)
        if missing:
            self._watcher.addPaths(missing)

    def _changed(self, path: str) -> None:
        if Path(path) not in (self.path, self.path.parent):
            self._force = True  # an image changed: same deck text, new picture
        self._watch()  # a rename-replaced file drops out of the watch list: put it back
        self._timer.start()

    def _settle(self) -> None:
        """Read only once the file has stopped changing for one debounce interval."""
        try:
            info = self.path.stat()
            stat = (info.st_mtime_ns, info.st_size)
        except OSError:
            stat = None
        if stat is not None and stat != self._last_stat:
            self._last_stat = stat
            self._timer.start()
            return
        self._last_stat = None
        self.check_now()

    def check_now(self) -> None:
        """Load the deck file as it is now and apply it if it is valid and new."""
        if not self.path.exists():
            log.warning("%s was removed; keeping the last good deck on screen", self.path)
            return  # delete-then-create: the create brings another event
        digest = _digest(self.path)
        if digest == self._last_digest and not self.problems and not self._force:
            return
        self._last_digest = digest
        self._force = False
        try:
            loaded = parse_deck(self.path.read_bytes(), self.path)
            damaged = self._image_problems(loaded)
            if damaged:
                raise DeckError(damaged)
        except DeckError as exc:
            # Any file event in the folder (an editor's swap file, a backup) reads the deck
            # again; the log gets the errors once, and again only when they change.
            if _texts(exc.problems) != _texts(self.problems):
                log.error("deck not applied, the last good one stays on screen:\n%s", exc)
            self.problems = exc.problems
            self.failed.emit(exc.problems)
            return
        except OSError as exc:
            log.error("cannot read %s: %s", self.path, exc)
            return
        self.problems = []
        self.current = loaded
        self._watch()
        log.info("deck reloaded: %d slides", len(loaded.deck.slides))
        self.reloaded.emit(loaded)

    @staticmethod
    def _image_problems(loaded: LoadedDeck) -> list[Problem]:
        """Pictures that are not whole (a copy cut short, not a picture): the deck is refused
        like an invalid one, and the renderer keeps the last whole version on screen."""
        found = []
        for where, name, target in present_images(loaded.deck, loaded.folder):
            why = STORE.check(target)
            if why is not None:
                found.append(loaded.problem_at(where, f"image '{name}' is damaged or not a "
                                               f"picture ({why}); copy it again", "error"))
        return found


def _texts(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def notice_text(problems: list[Problem]) -> str:
    first = [str(p) for p in problems if p.severity == "error"][:3]
    more = len(problems) - len(first)
    lines = ["Deck not applied — showing the last good version:", *first]
    if more > 0:
        lines.append(f"… and {more} more (kiosk check)")
    return "\n".join(lines)
