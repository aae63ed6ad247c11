#!/usr/bin/env python3
"""The kiosk against what a lobby would otherwise run: the same deck as reveal.js in Chromium's
kiosk mode, measured side by side in one run with the shared harness
(`../shared/bench/first_frame.py`).

    .venv/bin/python bench/chromium_compare.py --revealjs DIR [--runs 5] [--idle 30]

DIR is an unpacked reveal.js package (`npm pack reveal.js && tar xzf reveal.js-*.tgz` gives
`package/`); Chromium is Debian's `chromium`. The reveal.js deck is generated from slides.yaml —
every slide's texts in both languages, 12 s a slide, looping — so both show the same words.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT.parent / "shared" / "bench" / "first_frame.py"


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
    parser.add_argument("--revealjs", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=int, default=0)
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None or not HARNESS.is_file():
        raise SystemExit("needs Debian's chromium and ../shared/bench/first_frame.py")
    work = Path(tempfile.mkdtemp(prefix="reveal-deck-"))
    index = build_deck(args.revealjs, work)
    chrome = [chromium, "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--user-data-dir={tmpdir}", "--kiosk", "--window-position=0,0",
              "--window-size=1920,1080", "--noerrdialogs", f"file://{index}"]
    idle = ["--idle", str(args.idle)] if args.idle else []
    kiosk = [str(ROOT / "dist" / "kiosk")]
    for label, cmd in (("chromium-revealjs", chrome), ("kiosk-onefile", kiosk)):
        subprocess.run([sys.executable, str(HARNESS), "--runs", str(args.runs), "--label", label,
                        *idle, "--", *cmd], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
