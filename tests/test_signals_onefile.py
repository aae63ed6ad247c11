"""The single file as systemd runs it: `kill -TERM` to its process, at generated moments of its
start-up, ends the kiosk in order as `python -m kiosk` does (tests/test_signals.py).

On Linux the single file is build_spec/launcher.sh, which execs the unpacked one-folder build
(the same process: PyInstaller's bootloader runs Python in it) or, with no home, stays its
parent and passes the stop on. Elsewhere PyInstaller's own one-file parent forwards signals to
its child."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kiosk_process import FIRST_FRAME, KioskProcess, wait_until
from tests.onefile import built
from tests.test_signals import DECK, catches, ended_in_order, needs_proc

pytestmark = [pytest.mark.slow, needs_proc, pytest.mark.timeout(600)]


def single_file(folder: Path, home: bool = True, xdg: Path | None = None,
                **extra: str) -> KioskProcess:
    """`xdg`: the cache it unpacks into (default: one in `folder`)."""
    env = {"XDG_CACHE_HOME": str(xdg or folder / "xdg")} if home else {
        "HOME": "/nonexistent", "XDG_CACHE_HOME": "", "TMPDIR": str(folder)}
    return KioskProcess(folder, DECK, "--windowed", env={**env, **extra},
                        program=[str(built())])


def in_launcher(pid: int) -> bool:
    """Whether the process is still the launcher (sh, before it execs the unpacked program).
    Its trap shows SIGTERM as caught too, but a stop there ends it with 0 and writes nothing."""
    try:
        return Path(os.readlink(f"/proc/{pid}/exe")).name != "kiosk"
    except OSError:
        return False


def kiosk_catches(pid: int) -> bool:
    """The kiosk's own SIGTERM handler is set (its first line has run): not the launcher's.
    Looked at in this order, as the exec goes one way only."""
    return not in_launcher(pid) and catches(pid, signal.SIGTERM)


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache the single file has unpacked into: later starts run from it at once."""
    folder = tmp_path_factory.mktemp("warm")
    warm = single_file(folder)
    warm.wait_started(timeout=300)
    warm.signal(signal.SIGTERM)
    ended_in_order(warm, signal.SIGTERM)
    return folder / "xdg"


@pytest.mark.parametrize("home", [True, False], ids=["cache", "no-home"])
def test_the_single_file_ends_in_order_on_sigterm(tmp_path: Path, home: bool) -> None:
    """The first start (it unpacks), stopped during the first slide; then a start from the
    unpacked copy, stopped the moment the kiosk's own first line has run."""
    first = single_file(tmp_path, home)
    first.wait_started(timeout=300)
    first.signal(signal.SIGTERM)
    ended_in_order(first, signal.SIGTERM)
    assert FIRST_FRAME in first.stderr
    if not home:
        assert not list(tmp_path.glob("yangjae-kiosk.*")), "the per-run folder was left"
        return
    (first.logs / "kiosk.log").unlink()
    (first.logs / "plays.jsonl").unlink()
    second = single_file(tmp_path)
    wait_until(lambda: kiosk_catches(second.proc.pid) or second.proc.poll() is not None, 60,
               lambda: second.stderr)
    second.signal(signal.SIGTERM)
    ended_in_order(second, signal.SIGTERM)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(delay=st.integers(min_value=0, max_value=60).map(lambda n: n * 0.025))
def test_the_single_file_stops_in_order_at_any_moment(
        delay: float, unpacked: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Started from its unpacked copy (the usual start): before the kiosk's first line only the
    launcher's check of that copy (a stop ends it with 0) and Python's own start (a stop kills
    the process by the signal, which systemd counts as a clean stop) remain, and nothing is
    written; from the first line on, it ends in order."""
    kiosk = single_file(tmp_path_factory.mktemp("onefile"), xdg=unpacked)
    try:
        time.sleep(delay)  # the generated moment itself
        launcher = in_launcher(kiosk.proc.pid)  # then, or later: the exec goes one way only
        caught = kiosk_catches(kiosk.proc.pid)
        kiosk.signal(signal.SIGTERM)
        if caught:
            ended_in_order(kiosk, signal.SIGTERM)
            return
        code = kiosk.wait_exit(timeout=30)
        kiosk.end()
        assert code in (0, -signal.SIGTERM), kiosk.stderr
        if code == 0 and (not launcher or kiosk.log_text()):
            ended_in_order(kiosk, signal.SIGTERM)
        else:  # killed before its first line, or stopped in the launcher
            assert not (kiosk.logs / "kiosk.log").exists(), "ended after writing its log"
            assert not (kiosk.logs / "plays.jsonl").exists(), "ended after writing a play"
    finally:
        kiosk.end()


def test_a_stop_while_the_deck_check_starts_leaves_no_folder(tmp_path: Path) -> None:
    """Without a home: the running kiosk's deck check, started after the first frame, is ended
    with the kiosk, and neither leaves a folder in the temporary folder. The check once ran
    through the launcher, which unpacked the whole program again; a stop during that unpack (made
    slow here, as on a busy machine) got the check killed before its shell could remove it."""
    slow = tmp_path / "slow-bin"
    slow.mkdir()
    digest = slow / "sha256sum"  # the launcher checks its payload before every unpack
    digest.write_text('#!/bin/sh\nsleep 3\nexec /usr/bin/sha256sum "$@"\n', encoding="utf-8")
    digest.chmod(0o755)
    temp = tmp_path / "tmp"
    temp.mkdir()
    kiosk = single_file(tmp_path, home=False, TMPDIR=str(temp),
                        PATH=f"{slow}:{os.environ.get('PATH', '/usr/bin:/bin')}")
    kiosk.wait_started(timeout=300)
    wait_until(lambda: checks_of(kiosk.proc.pid) != [], 60,
               lambda: f"no deck check started:\n{kiosk.stderr}")
    checks = checks_of(kiosk.proc.pid)
    kiosk.signal(signal.SIGTERM)
    ended_in_order(kiosk, signal.SIGTERM)
    wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in checks), 30,
               lambda: f"the deck check outlived the kiosk: {checks}")
    left = list(temp.glob("yangjae-kiosk.*"))
    assert not left, f"a folder was left in the temporary folder: {left}"


def checks_of(pid: int) -> list[int]:
    """The processes below `pid` that run `check` (the kiosk's deck check)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        if entry.name.isdigit():
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    below, found = [pid], []
    while below:
        for child in children.get(below.pop(), []):
            below.append(child)
            try:
                argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"check" in argv[1:3]:
                found.append(child)
    return found
