"""A cold slide's layout time, per layout, at 1080p and 4K; and `kiosk check`'s time on a deck.

"Cold": the renderer's own caches (measured runs, shaped positions, slide fates) are emptied
before every render, as on the first turn to a slide after start or after a reload; Qt's font
and glyph caches stay warm (they are after the first slide). Each render draws the whole slide
into an image of the screen's size: layout and painting, which is what the first page turn to a
slide waits for. Prints p50/p95 ms per layout, then the wall time of `python -m kiosk check` (a
fresh process, all the deck's screens and modes) over a few runs.

    .venv/bin/python bench/layout.py [--repeat 15] [--check-runs 3] [DECK ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from _harness import ROOT, code_env, code_label

DECKS = [ROOT / "slides.yaml", ROOT / "tests" / "fixtures" / "hospital" / "slides.yaml",
         ROOT / "tests" / "fixtures" / "library" / "slides.yaml"]
SIZES = {"1080p": (1920, 1080), "4K": (3840, 2160)}


def _clear_caches() -> None:
    """Empty the renderer's caches, whichever of them the code under test has."""
    import kiosk.render.layouts._common as common
    import kiosk.render.slide as slide
    import kiosk.render.text_lines as lines

    for owner, name in ((common, "_measure"), (lines, "_positions"),
                        (common, "one_line_width")):
        cached = getattr(owner, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()
    fates = getattr(slide, "_FATES", None)
    if fates is not None:
        fates.clear()
    if hasattr(lines, "clear_caches"):  # the kept line breaks, where the code has them
        lines.clear_caches()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def layout_times(decks: list[Path], repeat: int) -> dict[tuple[str, str], list[float]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImage, QPainter

    _app = QGuiApplication.instance() or QGuiApplication(["bench"])
    from kiosk.deck import load_deck
    from kiosk.render.slide import render_slide

    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    for path in decks:
        loaded = load_deck(path)
        for size_name, (w, h) in SIZES.items():
            image = QImage(w, h, QImage.Format.Format_RGB32)
            for index, slide in enumerate(loaded.deck.slides):
                for _ in range(repeat):
                    _clear_caches()
                    painter = QPainter(image)
                    start = time.perf_counter()
                    render_slide(painter, w, h, loaded.deck, index, "both", loaded.folder)
                    painter.end()
                    times[(slide.layout, size_name)].append((time.perf_counter() - start) * 1000)
    return times


def check_times(deck: Path, runs: int) -> list[float]:
    env = code_env({**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kiosk", "check", str(deck)], env=env,
                       capture_output=True, check=False, timeout=300)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("decks", nargs="*", type=lambda p: Path(p).resolve(), default=DECKS)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--check-runs", type=int, default=3)
    args = parser.parse_args()
    print(f"code: {code_label()}")
    print(f"decks: {', '.join(str(d.relative_to(ROOT)) for d in args.decks)}; "
          f"{args.repeat} cold renders of each slide, language 'both'")
    times = layout_times(args.decks, args.repeat)
    print("\n| layout | size | renders | p50 ms | p95 ms | max ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for size_name in SIZES:
        every: list[float] = []
        for (layout, name), values in sorted(times.items()):
            if name != size_name:
                continue
            every += values
            print(f"| {layout} | {name} | {len(values)} | {statistics.median(values):.1f} | "
                  f"{percentile(values, 0.95):.1f} | {max(values):.1f} |")
        print(f"| **all** | {size_name} | {len(every)} | {statistics.median(every):.1f} | "
              f"{percentile(every, 0.95):.1f} | {max(every):.1f} |")
    deck = args.decks[1] if len(args.decks) > 1 else args.decks[0]
    runs = check_times(deck, args.check_runs)
    print(f"\n`kiosk check {deck.relative_to(ROOT)}` (fresh process, every screen and mode the "
          f"deck uses): {', '.join(f'{t:.2f}' for t in runs)} s; median "
          f"{statistics.median(runs):.2f} s")


if __name__ == "__main__":
    main()
