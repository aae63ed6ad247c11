#!/usr/bin/env python3
"""What one frame of a fade costs to paint, with no X server in the way: the whole-picture fade
(two full-screen blits, the second blended: how every fade frame was drawn before slides were
kept as their content) against the kept slides' fade blended only where the slides differ.

    .venv/bin/python bench/fade_paint.py [--sizes 1920x1080,3840x2160] [--frames 20]

For every pair of neighbouring slides of the bundled deck it paints `--frames` frames of each way
into an offscreen picture the size of the screen, the opacity stepping from 0 to 1 as a fade's
would, and prints per size: the median and p99 ms per frame of each, and the share of the screen
the new fade blends. Paint only: the flush to the screen is measured by bench/frames.py.
KIOSK_SRC=/other/checkout/src measures another version (its render/tiles.py is needed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from _harness import ROOT, code_label, machine, percentile


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1920x1080,3840x2160")
    parser.add_argument("--frames", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication, QImage, QPainter, QRegion

    app = QGuiApplication([sys.argv[0]])
    from kiosk.deck import load_deck
    from kiosk.render.cache import SlideCache
    from kiosk.render.tiles import rects
    from kiosk.shell.transitions import Transition

    loaded = load_deck(ROOT / "slides.yaml")
    count = len(loaded.deck.slides)
    print(f"# {machine()}; code: {code_label()}; load average {os.getloadavg()[0]:.1f}")
    print(f"# every pair of neighbouring slides, {args.frames} frames each, offscreen, paint only")
    print(f"{'size':10s} {'whole pictures ms (median/p99)':>31s} "
          f"{'kept content ms (median/p99)':>29s} {'screen blended':>15s}")
    for size in args.sizes.split(","):
        width, height = (int(v) for v in size.split("x"))
        cache = SlideCache(limit=2)
        screen = QImage(width, height, QImage.Format.Format_RGB32)
        old: list[float] = []
        new: list[float] = []
        shares: list[float] = []
        for index in range(count):
            source = cache.get(loaded, index, "both", QSize(width, height), 1.0)
            target = cache.get(loaded, (index + 1) % count, "both", QSize(width, height), 1.0)
            whole_source, whole_target = source.image(), target.image()
            fade = Transition("fade", source, target, 0.0, 1.0)
            changing = fade.changing() or QRegion(0, 0, width, height)
            shares.append(sum(r.width() * r.height() for r in rects(changing))
                          / (width * height))
            for step in range(args.frames):
                p = step / args.frames
                painter = QPainter(screen)
                started = time.perf_counter()
                painter.drawImage(0, 0, whole_source)
                painter.setOpacity(p)
                painter.drawImage(0, 0, whole_target)
                painter.end()
                old.append((time.perf_counter() - started) * 1000)
                painter = QPainter(screen)
                started = time.perf_counter()
                painter.setClipRegion(changing)  # what the window asks Qt to repaint
                fade.paint(painter, width, p * 0.999)
                painter.end()
                new.append((time.perf_counter() - started) * 1000)
        print(f"{size:10s} {statistics.median(old):19.2f} / {percentile(old, 0.99):6.2f} "
              f"{statistics.median(new):19.2f} / {percentile(new, 0.99):6.2f} "
              f"{statistics.median(shares):14.0%}", flush=True)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
