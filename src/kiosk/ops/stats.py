"""`kiosk stats [FILE]`: what the lobby screen did, from its plays.jsonl."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from kiosk.ops.stats_hours import DisplayHours


def summarise(path: Path) -> str:
    dwell: dict[str, float] = defaultdict(float)
    shows: Counter[str] = Counter()
    langs: defaultdict[str, float] = defaultdict(float)
    interactions: Counter[str] = Counter()
    idle = reloads = bad = 0
    first: float | None = None
    last: float | None = None
    display = DisplayHours()
    files = sorted(path.parent.glob(path.name + ".*"), reverse=True) + [path]
    for file in files:
        if not file.exists():
            continue
        for line in file.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
                t = float(record["t"])
                event = record["event"]
            except (ValueError, KeyError, TypeError):
                bad += 1
                continue
            first = t if first is None else min(first, t)
            last = t if last is None else max(last, t)
            display.add(t, str(event), record)
            if event == "slide":
                seconds = float(record.get("seconds", 0))
                dwell[str(record.get("id"))] += seconds
                shows[str(record.get("id"))] += 1
                langs[str(record.get("lang"))] += seconds
            elif event == "interaction":
                interactions[str(record.get("kind"))] += 1
            elif event == "idle_reset":
                idle += 1
            elif event == "reload":
                reloads += 1
    if first is None or last is None:
        return f"{path}: no plays recorded"
    hours = max((last - first) / 3600, 1 / 3600)
    out = [f"{path}: {hours:.1f} h recorded"]
    out.append(f"{'slide':24s} {'shown':>6s} {'seconds':>9s}")
    for slide, seconds in sorted(dwell.items(), key=lambda kv: -kv[1]):
        out.append(f"{slide:24s} {shows[slide]:6d} {seconds:9.0f}")
    total = sum(interactions.values())
    out.append(f"interactions: {total} ({total / hours:.1f} per hour) "
               + ", ".join(f"{k} {v}" for k, v in interactions.most_common()))
    lang_total = sum(langs.values()) or 1
    out.append("languages on screen: " + ", ".join(
        f"{k} {100 * v / lang_total:.0f}%" for k, v in sorted(langs.items(),
                                                           key=lambda kv: -kv[1])))
    out.append(f"idle resets: {idle}, deck reloads: {reloads}"
               + (f", unreadable lines: {bad}" if bad else ""))
    display.settle()
    out += display.lines()
    return "\n".join(out)
