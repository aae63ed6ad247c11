"""`systemctl stop`, a shutdown (SIGTERM), Ctrl+C in a terminal (SIGINT) and a closed terminal
(SIGHUP) end the kiosk in order at any moment, start-up included: exit code 0, an exit line in
the log, and the slide on screen (if one was) in proof of play, whole."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kiosk_process import FIRST_FRAME, KioskProcess, wait_until

ROOT = Path(__file__).resolve().parents[1]
DECK = str(ROOT / "slides.yaml")
FIRST_SLIDE = "cover"

needs_proc = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads the process's signal dispositions in /proc")


def catches(pid: int, sig: signal.Signals) -> bool:
    """Whether the process has a handler of its own for `sig`: /proc's SigCgt mask. Python sets
    one for SIGTERM only when the kiosk's first line has run (kiosk.platform.early_stop)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (sig - 1) & 1)
    return False


def ended_in_order(kiosk: KioskProcess, sig: signal.Signals) -> None:
    """Exit 0 in time, no traceback, the stop logged, every file whole, and a play record of
    the first slide exactly when a first frame reached the screen."""
    code = kiosk.wait_exit(timeout=30)
    kiosk.end()  # all of stderr read
    assert code is not None, f"still running 30 s after {sig.name}:\n{kiosk.stderr}"
    assert code == 0, f"exit {code} after {sig.name}:\n{kiosk.stderr}"
    assert "Traceback" not in kiosk.stderr
    log = kiosk.log_text()
    assert f"kiosk stops ({sig.name})" in log, log
    assert log.endswith("\n"), "a half-written last log line"
    plays_file = kiosk.logs / "plays.jsonl"
    text = plays_file.read_text(encoding="utf-8") if plays_file.exists() else ""
    assert not text or text.endswith("\n"), "a half-written last play record"
    slides = [r for r in map(json.loads, text.splitlines()) if r["event"] == "slide"]
    partial = list((kiosk.folder / "cache").rglob(".*"))
    assert not partial, f"a remembered frame left half-written: {partial}"
    if FIRST_FRAME in kiosk.stderr:
        assert [r["id"] for r in slides] == [FIRST_SLIDE], text
        # from the first frame on (not from the moment proof of play started): may round to 0
        assert 0 <= slides[0]["seconds"] < 30
    else:  # nothing was on screen: no play claimed
        assert slides == [], text


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP],
                         ids=lambda s: s.name)
def test_a_stop_signal_ends_the_kiosk_in_order(
        sig: signal.Signals, kiosk_process: Callable[..., KioskProcess]) -> None:
    kiosk = kiosk_process(DECK)
    kiosk.wait_started()
    kiosk.signal(sig)
    ended_in_order(kiosk, sig)


@needs_proc
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP],
                         ids=lambda s: s.name)
def test_a_stop_from_the_first_line_on_ends_in_order(
        sig: signal.Signals, kiosk_process: Callable[..., KioskProcess]) -> None:
    """Sent the moment the kiosk's handler is in, before Qt, logging or the deck: the old kiosk
    died of it (143, 129, or a KeyboardInterrupt traceback)."""
    kiosk = kiosk_process(DECK, "--windowed")
    wait_until(lambda: catches(kiosk.proc.pid, signal.SIGTERM) or kiosk.proc.poll() is not None,
               30, lambda: f"the stop handler never came:\n{kiosk.stderr}")
    kiosk.signal(sig)
    ended_in_order(kiosk, sig)


def test_a_stop_at_the_first_frame_writes_its_play(
        kiosk_process: Callable[..., KioskProcess]) -> None:
    """The window has drawn the first slide; proof of play has not started yet (it joins just
    after): the slide still goes into plays.jsonl."""
    kiosk = kiosk_process(DECK, "--windowed")
    kiosk.wait_for_stderr(FIRST_FRAME, 60)
    kiosk.signal(signal.SIGTERM)
    ended_in_order(kiosk, signal.SIGTERM)
    assert FIRST_FRAME in kiosk.stderr


def test_a_stop_while_the_remembered_first_frame_shows(
        kiosk_process: Callable[..., KioskProcess]) -> None:
    """Full-screen start after one that remembered its first frame: the stop lands while that
    picture stands in for the slide, before the deck is even loaded; the picture was the first
    slide on screen, so it counts as its play."""
    first = kiosk_process(DECK)
    first.wait_started()
    first.signal(signal.SIGTERM)
    ended_in_order(first, signal.SIGTERM)
    assert list((first.folder / "cache").rglob("*.frame")), "no first frame remembered"
    (first.logs / "plays.jsonl").unlink()
    (first.logs / "kiosk.log").unlink()
    second = kiosk_process(DECK)
    second.wait_for_stderr(FIRST_FRAME, 60)  # the remembered picture, drawn before the deck loads
    second.signal(signal.SIGTERM)
    ended_in_order(second, signal.SIGTERM)


@pytest.fixture(scope="module")
def remembered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the bundled deck's remembered first frame (full screen)."""
    folder = tmp_path_factory.mktemp("remembered")
    kiosk = KioskProcess(folder, DECK)
    try:
        kiosk.wait_started()
        kiosk.signal(signal.SIGTERM)
        ended_in_order(kiosk, signal.SIGTERM)
    finally:
        kiosk.end()
    assert list((folder / "cache").rglob("*.frame")), "no first frame remembered"
    return folder / "cache"


@needs_proc
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
# Moments 25 ms apart from 0 to 1.5 s: a float strategy draws mostly its ends and a few values.
@given(delay=st.integers(min_value=0, max_value=60).map(lambda n: n * 0.025),
       mode=st.sampled_from(["windowed", "full screen", "remembered first frame"]))
def test_a_stop_at_any_moment_of_start_up_ends_in_order(
        delay: float, mode: str, remembered: Path,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """SIGTERM at a generated moment from the process's birth to its first slide, in a window,
    full screen, and full screen after a start that remembered its first frame. The only
    allowed death is one before the interpreter ran the kiosk's first line (Python's own start,
    ~15-20 ms here, when no code of ours can catch anything): then nothing may be written."""
    folder = tmp_path_factory.mktemp("stop")
    kiosk = KioskProcess(folder, DECK, *(["--windowed"] if mode == "windowed" else []),
                         env={"KIOSK_CACHE_DIR": str(remembered)}
                         if mode == "remembered first frame" else None)
    try:
        time.sleep(delay)  # the generated moment itself: there is nothing to wait for
        caught = catches(kiosk.proc.pid, signal.SIGTERM)
        kiosk.signal(signal.SIGTERM)
        if caught:
            ended_in_order(kiosk, signal.SIGTERM)
            return
        code = kiosk.wait_exit(timeout=30)
        kiosk.end()
        assert code in (0, -signal.SIGTERM), kiosk.stderr
        if code != 0:
            assert not kiosk.logs.exists(), "died of the signal after writing files"
        else:
            ended_in_order(kiosk, signal.SIGTERM)
    finally:
        kiosk.end()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_commands_other_than_run_still_die_of_a_stop(sig: signal.Signals) -> None:
    """`kiosk check`, `export`, ... hand the signals back (early_stop.release): one that came
    while the CLI was being imported is delivered then, as if it had never been held."""
    script = ("import os, signal\n"
              "from kiosk.platform import early_stop\n"
              "early_stop.catch()\n"
              f"os.kill(os.getpid(), signal.{sig.name})\n"
              "print('held', early_stop.requested(), flush=True)\n"
              "early_stop.release()\n"
              "print('never here')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == -sig, done.stderr
    assert done.stdout == f"held {sig.name}\n"
