#!/usr/bin/env python3
"""What one frame of a fade costs to paint, with no X server in the way: the whole-picture fade
(two full-screen blits, the second blended: how every fade frame was drawn before slides were
kept as their content), the kept slides drawn under the frame's clip region and blended only
where the slides differ (how they were drawn until the fade was cut into rectangles), and the
window's fade as plain rectangles with no clip region (`Transition.paint` into a screenshot), and
the window's fade on its own screen (`Transition.paint(screen=True)`: where the screen holds the
last frame, the arriving slide is drawn over it, stepping the blend on, with no copy of the
leaving slide; the frames painted one after another onto one picture, as on the screen), and
the window's fade through the background where both slides share it (`Transition.through`: the
leaving content fading into the background, then the arriving content out of it; each frame
painted in the region the fade asks to repaint, on its own picture of the screen).

    .venv/bin/python bench/fade_paint.py [--sizes 1920x1080,3840x2160] [--frames 20]

For every pair of neighbouring slides of the bundled deck it paints `--frames` frames of each way
into an offscreen picture the size of the screen, the opacity stepping from 0 to 1 as a fade's
would, the ways interleaved frame by frame (a busy machine slows all of them alike), and prints
per size: the median and p99 ms per frame of each; the share of the screen the fade blends (the
union of both slides' content); the share a finer mask would blend: only the ~32/64 px tiles
whose pixels really differ between the two slides (an idea measured, not used: see RESULTS.md);
and the share of the screen one frame of the fade through repaints, median over frames.
Paint only: the flush to the screen is measured by bench/frames.py.
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
    from PySide6.QtCore import QRect, QSize, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter, QRegion

    app = QGuiApplication([sys.argv[0]])
    from kiosk.deck import load_deck
    from kiosk.render.cache import SlideCache
    from kiosk.render.tiles import rects
    from kiosk.shell.transitions import Transition

    loaded = load_deck(ROOT / "slides.yaml")
    count = len(loaded.deck.slides)
    print(f"# {machine()}; code: {code_label()}; load average {os.getloadavg()[0]:.1f}")
    print(f"# every pair of neighbouring slides, {args.frames} frames each, offscreen, paint only;"
          " ms per frame, median / p99; share of the screen blended, median over pairs")
    print(f"{'size':10s} {'whole pictures ms':>18s} {'kept, clip region ms':>21s} "
          f"{'kept, rectangles ms':>20s} {'stepping on ms':>15s} {'blended':>8s} "
          f"{'tiles that differ':>18s} {'through ms':>15s} {'through frame':>14s}")
    for size in args.sizes.split(","):
        width, height = (int(v) for v in size.split("x"))
        cache = SlideCache(limit=2)
        screen = QImage(width, height, QImage.Format.Format_RGB32)
        old: list[float] = []
        clipped: list[float] = []
        new: list[float] = []
        stepping: list[float] = []
        fading_through: list[float] = []  # the window's fade through the background
        touched: list[float] = []  # the share of the screen one frame of it repaints
        shares: list[float] = []
        tile_shares: list[float] = []
        for index in range(count):
            source = cache.get(loaded, index, "both", QSize(width, height), 1.0)
            target = cache.get(loaded, (index + 1) % count, "both", QSize(width, height), 1.0)
            whole_source, whole_target = source.image(), target.image()
            cross = {"through": False} if "through" in Transition.__dataclass_fields__ else {}
            fade = Transition("fade", source, target, 0.0, 1.0, **cross)
            stepped = Transition("fade", source, target, 0.0, 1.0, **cross)
            # Its frames on the grid the window would lay: one every 1/frames of the fade.
            pace = {"period": 1 / args.frames} if "period" in Transition.__dataclass_fields__ \
                else {}
            through = Transition("fade", source, target, 0.0, 1.0, **pace)
            shown = whole_source.copy()  # what the window's screen holds: the frames so far
            shown_through = whole_source.copy()
            changing = fade.changing() or QRegion(0, 0, width, height)
            shares.append(sum(r.width() * r.height() for r in rects(changing))
                          / (width * height))
            tile = max(16, -(-min(width, height) // 34))  # render/tiles.py's tile
            differ = 0
            for y in range(0, height, tile):
                for x in range(0, width, tile):
                    box = QRect(x, y, min(tile, width - x), min(tile, height - y))
                    if whole_source.copy(box) != whole_target.copy(box):
                        differ += box.width() * box.height()
            tile_shares.append(differ / (width * height))
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
                painter.setClipRegion(changing)
                source.draw(painter)
                painter.setClipRegion(changing, Qt.ClipOperation.IntersectClip)
                painter.setOpacity(fade.progress(p * 0.999))
                target.draw(painter)
                painter.end()
                clipped.append((time.perf_counter() - started) * 1000)
                painter = QPainter(screen)
                started = time.perf_counter()
                painter.setClipRegion(changing)  # what the window asks Qt to repaint
                fade.paint(painter, width, p * 0.999)
                painter.end()
                new.append((time.perf_counter() - started) * 1000)
                painter = QPainter(shown)
                started = time.perf_counter()
                painter.setClipRegion(changing)
                stepped.paint(painter, width, p * 0.999, screen=True)
                painter.end()
                stepping.append((time.perf_counter() - started) * 1000)
                if getattr(through, "through", False):
                    painter = QPainter(shown_through)
                    started = time.perf_counter()
                    painter.setClipRegion(through.frame_region(p * 0.999) or changing)
                    through.paint(painter, width, p * 0.999, screen=True)
                    painter.end()
                    fading_through.append((time.perf_counter() - started) * 1000)
                    touched.append(sum(r.width() * r.height() for r in rects(
                        through.frame_region(p * 0.999) or changing)) / (width * height))
        def cell(times: list[float], wide: int) -> str:
            if not times:
                return "-".rjust(wide)
            return f"{statistics.median(times):.2f} / {percentile(times, 0.99):.2f}".rjust(wide)

        print(f"{size:10s} {cell(old, 18)} {cell(clipped, 21)} {cell(new, 20)} "
              f"{cell(stepping, 15)} "
              f"{statistics.median(shares):8.0%} {statistics.median(tile_shares):18.0%} "
              f"{cell(fading_through, 15)} "
              f"{statistics.median(touched) if touched else 0:14.0%}", flush=True)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
