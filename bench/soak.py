#!/usr/bin/env python3
"""Weeks in minutes: thousands of transitions with autoplay, language switches and live reloads,
watching resident memory and the number of live Qt wrappers.

    .venv/bin/python bench/soak.py [--transitions 10000] [--reloads 5]

Runs the real window offscreen with short transitions; the clock is real, so 10,000 page turns
take a few minutes. Prints RSS and live Qt objects at intervals, then the growth.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

from _harness import deck_variant, machine, rss_mb

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def live_qt_objects() -> int:
    from shiboken6 import Shiboken

    return len(Shiboken.getAllValidWrappers())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transitions", type=int, default=10_000)
    parser.add_argument("--reloads", type=int, default=5)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([sys.argv[0]])
    from kiosk.deck import load_deck
    from kiosk.navigator import Navigator
    from kiosk.ops.reload import DeckWatcher
    from kiosk.shell.session import Session

    path = deck_variant({"transition: {kind: fade, duration: 0.5}":
                         "transition: {kind: slide, duration: 0.02}",
                         "  duration: 12\n": "  duration: 0.03\n"})
    loaded = load_deck(path)
    session = Session(loaded, Navigator(loaded.deck), kiosk_mode=False)
    window = session.window
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.show()
    watcher = DeckWatcher(path, loaded, session, debounce_ms=50)
    watcher.reloaded.connect(session.replace_deck)
    turns = 0

    def count(change: object) -> None:
        nonlocal turns
        turns += 1

    window.navigator.subscribe(count)
    print(f"# {machine()}")
    print(f"{'transitions':>12s} {'RSS MB':>8s} {'Qt objects':>11s} {'cached slides':>14s}")
    samples: list[tuple[int, float, int]] = []
    reload_every = max(1, args.transitions // (args.reloads + 1))
    next_reload = reload_every
    next_sample = 0
    reloads = 0
    started = time.monotonic()
    text = path.read_text(encoding="utf-8")
    while turns < args.transitions:
        app.processEvents()
        time.sleep(0.001)
        if turns >= next_sample:
            gc.collect()
            sample = (turns, rss_mb(), live_qt_objects())
            samples.append(sample)
            print(f"{sample[0]:12d} {sample[1]:8.1f} {sample[2]:11d} {len(window.cache):14d}",
                  flush=True)
            next_sample += max(1, args.transitions // 10)
        if turns % 97 == 0:
            window.navigator.toggle_language("operator")
        if turns >= next_reload and reloads < args.reloads:
            reloads += 1
            next_reload += reload_every
            text = text.replace("Training AI talent", f"Training AI talent {reloads}", 1) \
                if reloads == 1 else text.replace(f"talent {reloads - 1}", f"talent {reloads}")
            path.write_text(text, encoding="utf-8")
    gc.collect()
    end = (turns, rss_mb(), live_qt_objects())
    print(f"{end[0]:12d} {end[1]:8.1f} {end[2]:11d} {len(window.cache):14d}")
    # growth after warm-up (the first sample is before any slide was cached)
    base = samples[1] if len(samples) > 1 else samples[0]
    print(f"# {turns} transitions, {reloads} reloads in {time.monotonic() - started:.0f} s; "
          f"RSS growth since warm-up {end[1] - base[1]:+.1f} MB (target < 5 MB); "
          f"Qt objects {base[2]} -> {end[2]} (target: flat)")
    session.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
