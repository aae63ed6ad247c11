#!/usr/bin/env python3
"""Weeks in minutes: thousands of slide transitions with autoplay, language switches and live
reloads, watching resident memory and the number of live Qt wrappers.

    .venv/bin/python bench/soak.py [--transitions 10000] [--reloads 5] [--size 1920x1080]

Runs the real window offscreen with short slides (30 ms) and short slide transitions, in the real
event loop (`exec()`, sleeping between events as the kiosk does). Counts only page turns (the
navigator's slide changes); on top of them the operator's language switch every 97 turns and
`--reloads` saves of the deck file, spread over the run, each picked up by the file watcher.
Prints RSS and live Qt objects at intervals, then the growth.
KIOSK_SRC=/other/checkout/src measures another version of the kiosk with the same script.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

from _harness import code_label, deck_variant, machine, open_kiosk, rss_mb

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
LANGUAGE_EVERY = 97  # page turns between two language switches


def live_qt_objects() -> int:
    from shiboken6 import Shiboken

    return len(Shiboken.getAllValidWrappers())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transitions", type=int, default=10_000)
    parser.add_argument("--reloads", type=int, default=5)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([sys.argv[0]])
    from kiosk.deck import load_deck
    from kiosk.navigator import Navigator

    path = deck_variant({"transition: {kind: fade, duration: 0.5}":
                         "transition: {kind: slide, duration: 0.02}",
                         "  duration: 12\n": "  duration: 0.03\n"})
    loaded = load_deck(path)
    window, quit_kiosk, session = open_kiosk(loaded, Navigator(loaded.deck), kiosk_mode=False)
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.show()
    try:
        from kiosk.ops.reload import DeckWatcher

        watcher = DeckWatcher(path, loaded, session, debounce_ms=50)
    except ImportError:  # before the layout of issue 12
        from kiosk.reload import DeckWatcher  # type: ignore[no-redef]

        watcher = DeckWatcher(loaded, session, debounce_ms=50)  # type: ignore[call-arg]
    watcher.reloaded.connect(session.replace_deck)
    print(f"# {machine()}; code: {code_label()}")
    print(f"{'transitions':>12s} {'RSS MB':>8s} {'Qt objects':>11s} {'cached slides':>14s}")
    samples: list[tuple[int, float, int]] = []
    sample_every = max(1, args.transitions // 10)
    reload_every = max(1, args.transitions // (args.reloads + 1))
    counts = {"turns": 0, "languages": 0, "reloads": 0}
    text = path.read_text(encoding="utf-8")

    def sample() -> None:
        gc.collect()
        row = (counts["turns"], rss_mb(), live_qt_objects())
        samples.append(row)
        print(f"{row[0]:12d} {row[1]:8.1f} {row[2]:11d} {len(window.cache):14d}", flush=True)

    def reload() -> None:
        nonlocal text
        counts["reloads"] += 1
        n = counts["reloads"]
        text = text.replace("Training AI talent", f"Training AI talent {n}", 1) if n == 1 \
            else text.replace(f"talent {n - 1}", f"talent {n}")
        path.write_text(text, encoding="utf-8")

    def language() -> None:
        counts["languages"] += 1
        window.navigator.toggle_language("operator")

    def on_change(change) -> None:  # type: ignore[no-untyped-def]
        if change.kind != "slide":
            return  # a language switch or a reload is not a page turn
        counts["turns"] += 1
        turns = counts["turns"]
        # Work is queued, not done inside the navigator's notification.
        if turns % sample_every == 0 or turns == args.transitions:
            QTimer.singleShot(0, sample)
        if turns >= args.transitions:
            QTimer.singleShot(0, app.quit)
        if turns % LANGUAGE_EVERY == 0:
            QTimer.singleShot(0, language)
        if turns % reload_every == 0 and counts["reloads"] < args.reloads:
            QTimer.singleShot(0, reload)

    window.navigator.subscribe(on_change)
    started = time.monotonic()
    sample()
    app.exec()
    end = samples[-1]
    # growth after warm-up (the first sample is before any slide was cached)
    base = samples[1] if len(samples) > 1 else samples[0]
    print(f"# {end[0]} page turns, {counts['languages']} language switches, "
          f"{counts['reloads']} reloads in {time.monotonic() - started:.0f} s; "
          f"RSS growth since warm-up {end[1] - base[1]:+.1f} MB (target < 5 MB); "
          f"Qt objects {base[2]} -> {end[2]} (target: flat)")
    quit_kiosk()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
