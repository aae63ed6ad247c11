"""Stand-in speech engines (standard library only: they start as fast as a real one), for the
accessibility mode's tests through tests/speech_engines.py.

`python tests/speech_engine_script.py slow-to-go MARKER`: reads the text, then "plays" for half a
minute; killed, its end is held back for a second and a half from the moment it was killed (a
helper process traces it with PTRACE_O_TRACEEXIT, so even SIGKILL stops it on its way out until
the helper lets go), the way an engine stuck in an audio driver goes late. It writes "seized" or
"refused" (no ptrace here) to MARKER first, whole (a reader never sees it half-written), and the
helper makes MARKER.let-go.PID (PID the engine's) when it lets the killed engine go.
`python tests/speech_engine_script.py no-sound`: what eSpeak NG does without a sound device: ALSA's
complaint on stderr and exit 0 at once.
`python tests/speech_engine_script.py plays`: plays in real time (a fifth of a second a word).
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
from pathlib import Path

HOLD = 5.0  # counted from the kill: far longer than a busy machine takes to start the next one
PR_SET_PTRACER, PR_SET_PTRACER_ANY, PTRACE_SEIZE = 0x59616D61, ctypes.c_ulong(-1), 0x4206
PTRACE_CONT, PTRACE_O_TRACEEXIT, PTRACE_EVENT_EXIT, WALL = 7, 0x40, 6, 0x40000000


def hold_its_end(engine: int, marker: str) -> None:
    """The helper, once it has seized `engine`: every stop on the way is let through with its
    signal, until the stop on the way out; that one is held for HOLD, then the helper says so
    and ends (which lets the engine go). The hold counts from the kill, however late it comes."""
    libc = ctypes.CDLL(None, use_errno=True)
    while True:
        try:
            _, status = os.waitpid(engine, WALL)
        except ChildProcessError:
            return
        if not os.WIFSTOPPED(status):
            return  # gone without a stop on the way out (never, with the option set)
        if status >> 16 == PTRACE_EVENT_EXIT:
            time.sleep(HOLD)
            Path(f"{marker}.let-go.{engine}").touch()
            return
        sig = os.WSTOPSIG(status) if status >> 16 == 0 else 0  # a signal on its way in
        libc.ptrace(PTRACE_CONT, engine, None, ctypes.c_void_p(sig))


def slow_to_go(marker: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0)
    me = os.getpid()
    read, write = os.pipe()
    if os.fork() == 0:
        seized = libc.ptrace(PTRACE_SEIZE, me, None, ctypes.c_void_p(PTRACE_O_TRACEEXIT)) == 0
        os.write(write, b"1" if seized else b"0")
        if seized:
            hold_its_end(me, marker)
        os._exit(0)
    said = "seized" if os.read(read, 1) == b"1" else "refused"
    part = Path(marker + ".part")
    part.write_text(said)
    part.replace(marker)  # the test looks as soon as MARKER exists: it is whole by then
    sys.stdin.read()
    time.sleep(30)


def main() -> None:
    kind = sys.argv[1]
    if kind == "slow-to-go":
        slow_to_go(sys.argv[2])
    elif kind == "no-sound":
        sys.stdin.read()
        print("ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\n"
              "error: No such file or directory", file=sys.stderr)
    elif kind == "plays":
        time.sleep(0.2 * len(sys.stdin.read().split()))


if __name__ == "__main__":
    main()
