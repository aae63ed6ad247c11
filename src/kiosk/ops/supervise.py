"""`kiosk run --restart-on-failure`: the kiosk started again whenever it ends with an error.

For Windows' logon task (Task Scheduler restarts a program only when it cannot be started, not
when it exits with an error); on Linux the systemd unit's Restart=always does the same. An end
with 0 (the exit chord, a stop, --exit-after) is the operator's: no restart. Failures in quick
succession wait longer each time (3 s up to a minute), so a deck or a driver that fails at once
does not spin the machine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import FrameType

from kiosk.platform.child_lifetime import end_children_with_this_process
from kiosk.platform.stop_signals import stop_signals

FIRST_DELAY = 3.0
LONGEST_DELAY = 60.0
START_TRIES = 3  # a refused start is tried again at once this many times in all
STEADY = 120.0  # a run this long was no crash loop: the next failure waits FIRST_DELAY again


def supervise(run_args: list[str]) -> int:
    from kiosk.resources import executable

    program = executable()
    base = [str(program)] if program is not None else [sys.executable, "-m", "kiosk"]
    for sig in stop_signals():  # a stop for the supervisor is a stop for the kiosk it runs
        signal.signal(sig, _stop)
    end_children_with_this_process()  # and so is its end from outside (Windows)
    delay = FIRST_DELAY
    while True:
        started = time.monotonic()
        # A supervised kiosk never waits for someone to answer a message: this restarts it.
        child = _start([*base, "run", *run_args], {**os.environ, "KIOSK_UNATTENDED": "1"})
        try:
            code = child.wait()
        except BaseException:
            child.terminate()
            child.wait(timeout=30)
            raise
        if code == 0:
            return 0
        if time.monotonic() - started > STEADY:
            delay = FIRST_DELAY
        print(f"kiosk: ended with {code}; starting again in {delay:.0f} s", file=sys.stderr,
              flush=True)
        time.sleep(delay)  # waiting is the point: a crash loop must not spin
        delay = min(LONGEST_DELAY, delay * 2)


def _start(command: list[str], env: dict[str, str],
           tries: int = START_TRIES) -> subprocess.Popen[bytes]:
    """The kiosk started; a start the system refuses for a moment (Windows' CreateProcess
    answering "internal error" once, as seen under wine) is tried again at once, said in one
    line; the last try's error ends the supervisor."""
    for attempt in range(1, tries):
        try:
            return subprocess.Popen(command, env=env)
        except OSError as exc:
            print(f"kiosk: could not be started ({exc}); trying again", file=sys.stderr,
                  flush=True)
            time.sleep(0.5 * attempt)
    return subprocess.Popen(command, env=env)


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)
