"""A stop asked for from the kiosk's very first line, before Qt or logging exist.

The entry points call `catch()` before any other import: from then on SIGTERM, SIGINT and SIGHUP
no longer kill the process mid-start (exit 143, a traceback for Ctrl+C) but are remembered here.
`kiosk.shell.signals.StopSignals` takes over once Qt is up and honours a stop already asked for;
a command other than `run` hands the signals back with `release()`, which delivers one that came
meanwhile the way it would have been delivered anyway.

Only the built-in `_signal` is used: `signal` pulls in `enum` and `functools` (~3.5 ms), time in
which a stop would still kill the process.
"""

from __future__ import annotations

import _signal

from kiosk.platform.stop_signals import WANTED

_requested: list[str] = []  # the names of the stops asked for, in order
_previous: dict[int, object] = {}
_names: dict[int, str] = {}


def _noted(signum: int, _frame: object) -> None:
    _requested.append(_names.get(signum, str(signum)))


def catch() -> None:
    """Remember stop signals instead of dying of them (main thread only, as Python requires)."""
    for name in WANTED:
        number = getattr(_signal, name, None)
        if number is not None:
            _names[number] = name
            _previous.setdefault(number, _signal.signal(number, _noted))


def requested() -> str | None:
    """The name of the last stop signal that came since `catch()`, or None."""
    return _requested[-1] if _requested else None


def release() -> None:
    """Give the signals their previous handlers back, and deliver a stop that came meanwhile."""
    for number, handler in _previous.items():
        _signal.signal(number, handler)
    _previous.clear()
    if _requested:
        name = _requested[-1]
        _requested.clear()
        _signal.raise_signal(getattr(_signal, name))
