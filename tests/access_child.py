"""A kiosk on a real X server for tests/test_access_xvfb.py: it reports, one JSON line each,
when it is up and every time the accessibility mode goes on or off, with the screen's DPI and
where the mode's controls are, and saves what the screen shows in the mode."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from kiosk.deck import load_deck
from kiosk.navigator import Change, Navigator
from kiosk.shell.session import Session


def main(deck: str, shots: str) -> int:
    app = QGuiApplication(["kiosk-access-test"])
    loaded = load_deck(deck)
    screen = app.primaryScreen()
    reports: list[Session] = []

    def report(**fields: object) -> None:
        session = reports[0]
        w, h = session.window.width(), session.window.height()
        fields.update(dpi=screen.physicalDotsPerInch(), size=[w, h],
                      winid=int(session.window.winId()),
                      targets={t.name: [t.rect.left(), t.rect.top(), t.rect.width(),
                                        t.rect.height()]
                               for t in session.controls.access_targets(w, h)})
        print(json.dumps(fields), flush=True)

    session = Session(loaded, Navigator(loaded.deck), kiosk_mode=True,
                      on_first_paint=lambda: report(ready=True))
    reports.append(session)
    session.speech_engine = lambda: None

    def changed(change: Change) -> None:
        if change.kind == "access":
            on = session.navigator.access.on
            if on:
                session.window.grab_image().save(str(Path(shots) / "mode.png"))
            report(access=on)

    session.navigator.subscribe(changed)
    session.show_on(screen)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
