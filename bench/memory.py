#!/usr/bin/env python3
"""Where the settled memory of a running kiosk goes: PSS by mapping, under Xvfb.

    .venv/bin/python bench/memory.py [--sizes 1920x1080,3840x2160] [--runs 2] [--exe dist/kiosk]
        [--access] [--other-src /old/checkout/src | --other-exe /old/dist/kiosk]

Starts the kiosk full screen on a fresh Xvfb of each size (`python -m kiosk run slides.yaml`, or
the one-file build with --exe), waits until its PSS has settled (at least 8 s after start and
under 2 % change over the last 2 s, as the shared harness waits), and reads /proc/PID/smaps of
every process it started. PSS is summed by what each mapping holds: the Python heap and Qt's
pictures (anonymous memory and [heap]), Qt's libraries, ICU's data, the other shared
libraries, Python's own modules (.so under lib-dynload/site-packages), fonts, the rest.
With --access the accessibility mode is switched on after settling (the `a` key, sent with
xdotool) and PSS read again once settled: its pages are in memory then.
With --other-src (or --other-exe, another one-file build) the same is measured for another
checkout's `src` in the same run, one run of each in turn, so both meet the same machine.
With --loop N, PSS is read again once settled after N seconds of the attract loop (slides of
12 s: the cache then holds what the loop keeps, not only the first two slides).
Also prints which modules a plain `run` imported (-X importtime, whole run), when --modules.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _harness import ROOT, SRC, code_label, xvfb
from budgets import PSS_MB, verdict

CATEGORIES = ("anonymous (Python heap, pictures)", "Qt libraries", "ICU data", "other libraries",
              "Python modules (.so)", "fonts", "python binary", "other files")


def category(path: str) -> str:
    if not path or path.startswith("[") or path.startswith("/memfd:") or path.startswith("/SYSV"):
        return CATEGORIES[0]
    name = os.path.basename(path)
    if "libicudata" in name or name.endswith(".dat"):
        return CATEGORIES[2]
    if "Qt6" in name or "/PySide6/" in path or "shiboken" in name or "/plugins/" in path:
        return CATEGORIES[1]
    if name.endswith((".ttf", ".otf", ".ttc", ".woff", ".woff2")):
        return CATEGORIES[5]
    if ".cpython-" in name or "/lib-dynload/" in path:
        return CATEGORIES[4]
    if ".so" in name:
        return CATEGORIES[3]
    if re.match(r"python3(\.\d+)?$", name):
        return CATEGORIES[6]
    return CATEGORIES[7]


def tree(pid: int) -> list[int]:
    """pid and every descendant (the one-file build runs a bootloader parent and a child)."""
    found = [pid]
    for each in found:
        try:
            children = Path(f"/proc/{each}/task/{each}/children").read_text().split()
        except OSError:
            continue
        found += [int(c) for c in children]
    return found


def smaps(pids: list[int]) -> tuple[dict[str, int], dict[str, int]]:
    """PSS in kB by category and by mapped file, summed over the processes."""
    by_category: dict[str, int] = defaultdict(int)
    by_path: dict[str, int] = defaultdict(int)
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps").read_text()
        except OSError:
            continue
        path = ""
        for line in text.splitlines():
            head = line.split(maxsplit=1)
            if not head:
                continue
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                fields = line.split(maxsplit=5)
                path = fields[5].strip() if len(fields) > 5 else ""
            elif head[0] == "Pss:":
                kb = int(line.split()[1])
                by_category[category(path)] += kb
                by_path[path or "[anon]"] += kb
    return dict(by_category), dict(by_path)


def total_pss(pids: list[int]) -> int:
    kb = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    kb += int(line.split()[1])
        except OSError:
            pass
    return kb


def wait_settled(pid: int, least: float, most: float = 30.0) -> tuple[int, bool]:
    """PSS (kB) once it changed < 2 % over the last 2 s, after at least `least` seconds."""
    start = time.monotonic()
    history: list[tuple[float, int]] = []
    while True:
        time.sleep(0.25)
        now = time.monotonic() - start
        pss = total_pss(tree(pid))
        history.append((now, pss))
        old = [p for t, p in history if now - t >= 2.0]
        if now >= least and old and abs(pss - old[-1]) <= 0.02 * max(pss, 1):
            return pss, True
        if now >= most:
            return pss, False


def one_run(cmd: list[str], src: Path | None, size: str, access: bool,
            importtime: bool, loop: float = 0.0) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    env.pop("KIOSK_SRC", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-cache-") as cache, xvfb(size) as display:
        if display is None:
            raise SystemExit("Xvfb is needed")
        env.update(DISPLAY=display, KIOSK_CACHE_DIR=cache)
        args = [*cmd, "run", str(ROOT / "slides.yaml")]
        if importtime:
            args = [cmd[0], "-X", "importtime", *cmd[1:], "run", str(ROOT / "slides.yaml")]
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE if importtime else subprocess.DEVNULL,
                                text=True)
        started = time.monotonic()
        try:
            pss, settled = wait_settled(proc.pid, 8.0)
            by_category, by_path = smaps(tree(proc.pid))
            result: dict[str, object] = {"pss": pss, "settled": settled,
                                         "by_category": by_category, "by_path": by_path}
            if loop > 0:
                time.sleep(max(0.0, loop - (time.monotonic() - started)))
                result["loop_pss"], _ = wait_settled(proc.pid, 3.0)
            if access and shutil.which("xdotool"):
                subprocess.run(["xdotool", "key", "a"], env=env, check=False)
                time.sleep(1.0)
                subprocess.run(["xdotool", "key", "Right"], env=env, check=False)
                result["access_pss"], _ = wait_settled(proc.pid, 6.0)
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=30)
        if importtime:
            result["modules"] = sorted({line.rsplit("|", 1)[1].strip()
                                        for line in (err or "").splitlines()
                                        if line.startswith("import time:") and "|" in line
                                        and "imported package" not in line})
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1920x1080,3840x2160")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--exe", help="the one-file build instead of python -m kiosk")
    parser.add_argument("--access", action="store_true")
    parser.add_argument("--other-src", type=Path)
    parser.add_argument("--other-exe", help="another one-file build, measured in turn")
    parser.add_argument("--modules", action="store_true")
    parser.add_argument("--loop", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--top", type=int, default=0, help="also the N largest mappings")
    args = parser.parse_args()
    cmd = [args.exe] if args.exe else [sys.executable, "-m", "kiosk"]
    versions: list[tuple[str, list[str], Path | None]] = [
        (args.exe or code_label(), cmd, None if args.exe else SRC)]
    if args.other_src is not None:
        versions.append((f"other: {args.other_src}", cmd, args.other_src.resolve()))
    if args.other_exe is not None:
        versions.append((f"other: {args.other_exe}", [args.other_exe], None))
    print(f"# {' | '.join(label for label, _, _ in versions)}; {os.cpu_count()} CPUs, load "
          f"{os.getloadavg()[0]:.1f}; PSS MB, settled, median of {args.runs}")
    for size in args.sizes.split(","):
        results: dict[str, list[dict[str, object]]] = defaultdict(list)
        for _ in range(args.runs):
            for label, command, src in versions:  # interleaved: both meet the same machine
                results[label].append(one_run(command, src, size, args.access, False,
                                              args.loop))
        for label, _, _ in versions if args.runs else ():
            runs = results[label]
            each = [int(r["pss"]) / 1024 for r in runs]  # type: ignore[call-overload]
            pss = statistics.median(each)
            flags = "" if all(r["settled"] for r in runs) else " UNSETTLED"
            print(f"\n## {size} {label}: settled PSS {pss:.1f} MB "
                  f"({', '.join(f'{v:.1f}' for v in each)}) "
                  f"budget {PSS_MB[size]:.0f} {verdict(pss, PSS_MB[size])}{flags}")
            if args.loop:
                values = [int(r["loop_pss"]) / 1024 for r in runs]  # type: ignore[call-overload]
                each_loop = ", ".join(f"{v:.1f}" for v in values)
                print(f"   after {args.loop:.0f} s of the attract loop: "
                      f"{statistics.median(values):.1f} MB ({each_loop})")
            if args.access:
                values = [int(r["access_pss"]) / 1024 for r in runs]  # type: ignore[call-overload]
                print(f"   accessibility mode on: {statistics.median(values):.1f} MB "
                      f"({', '.join(f'{v:.1f}' for v in values)})")
            for name in CATEGORIES:
                kb = statistics.median(r["by_category"].get(name, 0)  # type: ignore[attr-defined]
                                       for r in runs)
                print(f"   {name:36s} {kb / 1024:7.1f}")
            if args.top:
                paths = runs[0]["by_path"]
                for path, kb in sorted(paths.items(), key=lambda p: -p[1])[:args.top]:  # type: ignore[attr-defined]
                    print(f"      {kb / 1024:7.1f}  {path}")
    if args.modules:
        for label, command, src in versions:
            run = one_run(command, src, args.sizes.split(",")[0], False, True)
            modules = run["modules"]
            print(f"\n## modules a plain `run` imported, {label}: {len(modules)}")  # type: ignore[arg-type]
            print("   " + " ".join(m for m in modules))  # type: ignore[union-attr]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
