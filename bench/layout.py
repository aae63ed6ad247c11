"""A cold slide's layout time, per layout, at 1080p and 4K; and `kiosk check`'s time on a deck.

"Cold" (`--cold start`, the default): everything the renderer keeps is emptied before every
render, as on the first turn to a slide after start: the text caches (measured runs, shaped
positions, line breaks, slide fates), the picture files read and decoded
(`render/pictures.py`) and the QR codes encoded (`layouts/contact.py`). `--cold reload` empties
the text caches only and keeps the pictures and QR codes, as the running kiosk does across a
reload of a deck whose picture files did not change (a changed file is read and decoded afresh:
its modified time and size are part of the key). Qt's font and glyph caches stay warm in both
(they are after the first slide: each deck's first slide is drawn once, untimed, at each size
before the timing starts, as the kiosk shows it at start; the first turn to any other slide
still draws its glyphs for the first time in the first of its renders). Each render draws the
whole slide into an image of the screen's size: layout and painting, which is what the first
page turn to a slide waits for. Python's cyclic garbage collector runs as in the running kiosk
(`shell/ui_gc`): automatic collection off, what exists once the first slide is drawn frozen, and
the collections due run between renders, untimed, as the kiosk's UI-thread timer runs them
between frames (a collection never falls inside a render there). Prints p50/p95/max ms per
layout (wall time, and the process's CPU time, which a busy machine disturbs less), then the
wall time of `python -m kiosk check` (a fresh process, all the deck's screens and modes) over a
few runs.

`--against OTHER_SRC` compares two versions of the kiosk in one run: rounds of fresh processes,
the other version's and this one's interleaved (other, this, other, this, ...), so both meet the
same load; the table gives before → after. `--profile` prints where the time goes (cProfile) per
layout and size instead.

    .venv/bin/python bench/layout.py [--repeat 15] [--check-runs 3] [DECK ...]
    .venv/bin/python bench/layout.py --against /tmp/old/src --rounds 4 --repeat 5 --check-runs 0
    .venv/bin/python bench/layout.py --against SRC --after-env NAME=VALUE
    .venv/bin/python bench/layout.py --profile --repeat 5
    .venv/bin/python bench/layout.py --cold reload  # pictures and QR codes kept
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
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


def _clear_caches(cold: str = "start") -> None:
    """Empty the renderer's caches, whichever of them the code under test has; with `cold`
    "reload", keep what the running kiosk keeps across a reload of unchanged files."""
    import kiosk.render.layouts._common as common
    import kiosk.render.layouts.contact as contact
    import kiosk.render.pictures as pictures
    import kiosk.render.slide as slide
    import kiosk.render.text as text
    import kiosk.render.text_lines as lines

    for owner, name in ((common, "_measure"), (lines, "_positions"),
                        (common, "one_line_width"), (text, "_readable")):
        cached = getattr(owner, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()
    fates = getattr(slide, "_FATES", None)
    if fates is not None:
        fates.clear()
    if hasattr(lines, "clear_caches"):  # the kept line breaks, where the code has them
        lines.clear_caches()
    if cold == "reload":
        return
    pictures.STORE.forget()  # the files' bytes and, where the code keeps them, decoded pictures
    for name in ("_encoded", "_dark_runs"):  # the QR codes, where the code keeps them
        cached = getattr(contact, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


Times = dict[tuple[str, str], list[tuple[float, float]]]  # (layout, size) -> (wall, cpu) ms


def layout_times(decks: list[Path], repeat: int, cold: str = "start",
                 profiles: dict[tuple[str, str], cProfile.Profile] | None = None) -> Times:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImage, QPainter

    _app = QGuiApplication.instance() or QGuiApplication(["bench"])
    from kiosk.deck import load_deck
    from kiosk.render.slide import render_slide

    times: Times = defaultdict(list)
    for path in decks:
        loaded = load_deck(path)
        for size_name, (w, h) in SIZES.items():
            image = QImage(w, h, QImage.Format.Format_RGB32)
            # The kiosk's first frame, untimed: at start it shows the first slide (fonts
            # registered, that slide's glyphs drawn); the turns after it are what is timed.
            painter = QPainter(image)
            render_slide(painter, w, h, loaded.deck, 0, "both", loaded.folder)
            painter.end()
            _collector_as_in_the_kiosk()
            for index, slide in enumerate(loaded.deck.slides):
                key = (slide.layout, size_name)
                profile = None if profiles is None else \
                    profiles.setdefault(key, cProfile.Profile())
                for _ in range(repeat):
                    _clear_caches(cold)
                    _collect_between_frames()
                    painter = QPainter(image)
                    start, cpu = time.perf_counter(), time.process_time()
                    if profile is not None:
                        profile.enable()
                    render_slide(painter, w, h, loaded.deck, index, "both", loaded.folder)
                    if profile is not None:
                        profile.disable()
                    wall_ms = (time.perf_counter() - start) * 1000
                    cpu_ms = (time.process_time() - cpu) * 1000
                    painter.end()
                    times[key].append((wall_ms, cpu_ms))
    return times


def _collector_as_in_the_kiosk() -> None:
    """The collector as `shell/ui_gc.collect_on_ui_thread` leaves it: off, with what exists
    now collected once and frozen out of later collections."""
    import gc

    gc.collect()
    gc.freeze()
    gc.disable()


def _collect_between_frames() -> None:
    """What the kiosk's UI-thread timer collects between frames (untimed here, as there)."""
    try:
        from kiosk.shell.ui_gc import collect_due
    except ImportError:  # a version without it (--against): collected in full, untimed
        import gc

        gc.collect()
        return
    collect_due()


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} / {percentile(values, 0.95):.1f} / {max(values):.1f}"


def print_table(times: Times) -> None:
    print("\n| layout | size | renders | wall p50 / p95 / max ms | CPU p50 / p95 / max ms |")
    print("| --- | --- | --- | --- | --- |")
    for size_name in SIZES:
        every: list[tuple[float, float]] = []
        for (layout, name), values in sorted(times.items()):
            if name != size_name:
                continue
            every += values
            print(f"| {layout} | {name} | {len(values)} | {_stats([v[0] for v in values])} | "
                  f"{_stats([v[1] for v in values])} |")
        print(f"| **all** | {size_name} | {len(every)} | {_stats([v[0] for v in every])} | "
              f"{_stats([v[1] for v in every])} |")


def print_compare(before: Times, after: Times) -> None:
    print("\n| layout | size | renders | wall p50 / p95 / max ms, before → after | "
          "CPU p50 / p95 / max ms, before → after |")
    print("| --- | --- | --- | --- | --- |")
    for size_name in SIZES:
        all_b: list[tuple[float, float]] = []
        all_a: list[tuple[float, float]] = []
        rows = [(k, v) for k, v in sorted(after.items()) if k[1] == size_name]
        for key, values in rows + [(("**all**", size_name), [])]:
            if key[0] == "**all**":
                b, a = all_b, all_a
            else:
                b, a = before.get(key, []), values
                all_b += b
                all_a += a
            if not a or not b:
                continue
            print(f"| {key[0]} | {size_name} | {len(a)} | {_stats([v[0] for v in b])} → "
                  f"{_stats([v[0] for v in a])} | {_stats([v[1] for v in b])} → "
                  f"{_stats([v[1] for v in a])} |")


def compare(args: argparse.Namespace) -> None:
    """Fresh processes, the other version's and this one's in turn, each timing every slide."""
    before: Times = defaultdict(list)
    after: Times = defaultdict(list)
    this = os.environ.get("KIOSK_SRC") or str(ROOT / "src")
    extra = dict(item.split("=", 1) for item in args.after_env)
    for _ in range(args.rounds):
        for src, into, env in ((args.against, before, {}), (this, after, extra)):
            found = subprocess.run(
                [sys.executable, __file__, "--json", "--repeat", str(args.repeat),
                 "--cold", args.cold, *map(str, args.decks)],
                env={**os.environ, "KIOSK_SRC": str(src), "QT_QPA_PLATFORM": "offscreen", **env},
                capture_output=True, text=True, check=True, timeout=1800)
            for row in json.loads(found.stdout.splitlines()[-1]):
                into[(row[0], row[1])] += [tuple(v) for v in row[2]]
    print(f"before: {args.against}; after: {this} {' '.join(args.after_env)}; "
          f"{args.rounds} interleaved rounds, "
          f"{args.repeat} cold renders ({args.cold}) of each slide per round")
    print_compare(before, after)


def print_profile(profiles: dict[tuple[str, str], cProfile.Profile], top: int) -> None:
    for (layout, size_name), profile in sorted(profiles.items()):
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("tottime").print_stats(top)
        body = out.getvalue()
        print(f"\n### {layout} at {size_name}\n")
        print(body[body.find("ncalls"):].rstrip() if "ncalls" in body else body.rstrip())


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
    parser.add_argument("--cold", choices=("start", "reload"), default="start",
                        help="start: every cache emptied before each render (the first turn "
                        "after start); reload: text caches only, pictures and QR codes kept")
    parser.add_argument("--check-runs", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another version's src: compare to it")
    parser.add_argument("--rounds", type=int, default=4, help="with --against")
    parser.add_argument("--after-env", action="append", default=[], metavar="NAME=VALUE",
                        help="with --against: set for this version's processes only (a Qt "
                        "setting tried against the same code; look at the pixels too)")
    parser.add_argument("--profile", action="store_true", help="where the time goes")
    parser.add_argument("--top", type=int, default=12, help="with --profile: functions shown")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:  # one round for --against: the times as one line of JSON
        times = layout_times(args.decks, args.repeat, args.cold)
        print(json.dumps([[layout, size, values] for (layout, size), values in times.items()]))
        return
    print(f"code: {code_label()}")
    print(f"decks: {', '.join(str(d.relative_to(ROOT)) for d in args.decks)}; "
          f"{args.repeat} cold renders ({args.cold}) of each slide, language 'both'")
    if args.against is not None:
        compare(args)
    elif args.profile:
        profiles: dict[tuple[str, str], cProfile.Profile] = {}
        layout_times(args.decks, args.repeat, args.cold, profiles)
        print_profile(profiles, args.top)
    else:
        print_table(layout_times(args.decks, args.repeat, args.cold))
    if args.check_runs <= 0:
        return
    deck = args.decks[1] if len(args.decks) > 1 else args.decks[0]
    runs = check_times(deck, args.check_runs)
    print(f"\n`kiosk check {deck.relative_to(ROOT)}` (fresh process, every screen and mode the "
          f"deck uses): {', '.join(f'{t:.2f}' for t in runs)} s; median "
          f"{statistics.median(runs):.2f} s")


if __name__ == "__main__":
    main()
