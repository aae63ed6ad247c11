#!/usr/bin/env python3
"""The kiosk against what a lobby would otherwise run: the same deck as reveal.js in Chromium's
kiosk mode, measured side by side in one run with the shared harness
(`../shared/bench/first_frame.py`).

    .venv/bin/python bench/chromium_compare.py [--revealjs DIR] [--runs 5] [--idle 30]
                                               [--kiosk dist/kiosk] [--sizes 1920x1080,3840x2160]

DIR is an unpacked reveal.js package (`npm pack reveal.js && tar xzf reveal.js-*.tgz` gives
`package/`); Chromium is Debian's `chromium`. The reveal.js deck is generated from slides.yaml —
every slide's texts in both languages, 12 s a slide, looping — so both show the same words.
Without DIR or Chromium only the kiosk is measured (say so when quoting the figures).

The harness's "first content" is the first screenshot that is not one colour. For the kiosk that
is the slide it remembered from its last start (raw pixels shown before the deck is read; one
untimed warm-up start fills that cache), not yet the live slide: the kiosk also reports, per run,
its age when it painted its first frame and when its window first painted the live slide
(KIOSK_REPORT_FIRST_FRAME, to 10 ms: the kernel's clock ticks), and both are printed after the
harness's lines. Chromium's first content is its live page.

Each size runs Chromium and then the kiosk under the same harness, one after the other, and the
end prints one table for all sizes: every figure side by side, the kiosk's share of Chromium's,
and the verdict against bench/budgets.py. --idle N is the attract loop (both decks auto-advance:
12 s a slide, a fade between), so N should span a few turns (36 s: three).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from _harness import ROOT, code_env, code_label, machine
from budgets import ATTRACT_CPU_PCT, FIRST_CONTENT_VS_CHROMIUM, PSS_MB, verdict

# The shared harness beside the checkout (or beside the folder of worktrees it is in).
_PLACES = [folder / "shared" / "bench" / "first_frame.py" for folder in ROOT.parents[:2]]
HARNESS = next((p for p in _PLACES if p.is_file()), _PLACES[0])


def texts(value: Any) -> list[str]:
    if isinstance(value, dict) and set(value) == {"ko", "en"}:
        return [f"<p lang='ko'>{html.escape(str(value['ko']))}</p>"
                f"<p lang='en' style='font-size:60%'>{html.escape(str(value['en']))}</p>"]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k not in ("id", "section", "layout", "qr")
                for t in texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts(v)]
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [f"<p>{html.escape(str(value))}</p>"]
    return []


def build_deck(reveal: Path, out: Path) -> Path:
    deck = yaml.safe_load((ROOT / "slides.yaml").read_text(encoding="utf-8"))
    sections = "\n".join(f"<section>{''.join(texts(slide))}</section>"
                         for slide in deck["slides"])
    shutil.copytree(reveal / "dist", out / "dist")
    shutil.copytree(ROOT / "assets" / "fonts", out / "fonts")
    page = f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="dist/reveal.css"><link rel="stylesheet" href="dist/theme/black.css">
<style>@font-face {{font-family: Pretendard; src: url(fonts/Pretendard-Regular.otf);}}
.reveal {{font-family: Pretendard; font-size: 28px;}} .reveal p {{margin: 0.2em;}}
body, .reveal-viewport {{background: #004191;}}</style></head>
<body><div class="reveal"><div class="slides">{sections}</div></div>
<script src="dist/reveal.js"></script>
<script>Reveal.initialize({{autoSlide: 12000, loop: true, controls: false, progress: true,
transition: 'fade', hash: false}});</script></body></html>"""
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--revealjs", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=int, default=0)
    parser.add_argument("--sizes", default="1920x1080")
    parser.add_argument("--kiosk", default=str(ROOT / "dist" / "kiosk"),
                        help="the kiosk program, or 'python' for python -m kiosk (KIOSK_SRC's)")
    args = parser.parse_args()
    if not HARNESS.is_file():
        raise SystemExit(f"needs the shared harness {HARNESS}")
    idle = ["--idle", str(args.idle)] if args.idle else []
    chromium = shutil.which("chromium")
    index = None
    if chromium is None or args.revealjs is None:
        print("# no Debian chromium or no --revealjs: measuring the kiosk only", flush=True)
    else:
        index = build_deck(args.revealjs, Path(tempfile.mkdtemp(prefix="reveal-deck-")))
    kiosk = [sys.executable, "-m", "kiosk"] if args.kiosk == "python" else [args.kiosk]
    print(f"# {machine()}; code: {code_label()}; load average {os.getloadavg()[0]:.1f}",
          flush=True)
    table: list[tuple[str, dict[str, float], dict[str, float], list[float]]] = []
    for size in args.sizes.split(","):
        harness = [sys.executable, str(HARNESS), "--runs", str(args.runs), "--size", size, *idle]
        chrome_median: dict[str, float] = {}
        if chromium is not None and index is not None:
            width, height = size.split("x")
            chrome = [chromium, "--no-sandbox", "--disable-gpu", "--disable-quic",
                      "--no-first-run", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--user-data-dir={tmpdir}",
                      "--kiosk", "--window-position=0,0", f"--window-size={width},{height}",
                      "--noerrdialogs", f"file://{index}"]
            chrome_median = run_harness(harness, "chromium-revealjs", chrome)
        kiosk_median, live = measure_kiosk(harness, kiosk)
        table.append((size, kiosk_median, chrome_median, live))
    print_table(table)
    return 0


def run_harness(harness: list[str], label: str, cmd: list[str],
                env: dict[str, str] | None = None) -> dict[str, float]:
    """Run the shared harness; its medians (its own lines are printed as they come)."""
    with tempfile.TemporaryDirectory(prefix="harness-") as work:
        out = Path(work) / "result.json"
        subprocess.run([*harness, "--label", label, "--json", str(out), "--", *cmd], env=env,
                       check=False)
        if not out.is_file():
            return {}
        median: dict[str, float] = json.loads(out.read_text(encoding="utf-8"))["median"]
        return median


def print_table(table: list[tuple[str, dict[str, float], dict[str, float], list[float]]]) -> None:
    print("\n| size | figure | kiosk | Chromium | kiosk / Chromium | budget | verdict |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    nan = float("nan")
    for size, ours, theirs, live in table:
        figures = [("first content", "first_content_s", "s", FIRST_CONTENT_VS_CHROMIUM, True),
                   ("settled PSS", "pss_mb", "MB", PSS_MB.get(size), False)]
        if "idle_cpu_pct" in ours:
            figures.append(("CPU, attract loop", "idle_cpu_pct", "%", ATTRACT_CPU_PCT.get(size),
                            False))
        for name, key, unit, budget, share in figures:
            mine, other = ours.get(key, nan), theirs.get(key, nan)
            ratio = mine / other if other == other and other else nan
            judged = verdict(ratio if share else mine, budget)
            limit = "" if budget is None else (f"≤ {budget:g}x Chromium" if share
                                               else f"≤ {budget:g} {unit}")
            print(f"| {size} | {name} | {mine:.3g} {unit} | {other:.3g} {unit} | {ratio:.2f}x | "
                  f"{limit} | {judged} |")
            if key == "first_content_s":
                median_live = sorted(live)[len(live) // 2] if live else nan
                print(f"| {size} | first live slide (the kiosk's own report) | {median_live:.2f} s "
                      f"| {other:.3g} s | {median_live / other if other else nan:.2f}x | | |")


def measure_kiosk(harness: list[str], kiosk: list[str]) -> tuple[dict[str, float], list[float]]:
    """The harness's figures for the kiosk, then the kiosk's own report of its first frame and
    its first live slide in each of those runs."""
    with tempfile.TemporaryDirectory(prefix="kiosk-compare-") as work:
        log = Path(work) / "report.log"
        env = code_env({**os.environ, "KIOSK_REPORT_FIRST_FRAME": "1",
                        "KIOSK_CACHE_DIR": str(Path(work) / "cache"), "KIOSK_BENCH_LOG": str(log)})
        # exec keeps the process the harness started (and times): only stderr is redirected.
        wrapped = ["sh", "-c", 'exec "$@" 2>>"$KIOSK_BENCH_LOG"', "sh", *kiosk]
        median = run_harness([*harness, "--warmup", "1"], "kiosk", wrapped, env)
        text = log.read_text(encoding="utf-8") if log.is_file() else ""
    first = [float(v) for v in re.findall(r"^first-frame ([0-9.]+)", text, re.M)][1:]
    live = [float(v) for v in re.findall(r"^first-live-frame ([0-9.]+)", text, re.M)][1:]
    print("# the kiosk's own report, timed runs (the warm-up left out), s since its exec:")
    print(f"#   first frame (remembered slide):  {' '.join(f'{v:.2f}' for v in first)}")
    print(f"#   first live slide (window paint): {' '.join(f'{v:.2f}' for v in live)}",
          flush=True)
    return median, live


if __name__ == "__main__":
    raise SystemExit(main())
