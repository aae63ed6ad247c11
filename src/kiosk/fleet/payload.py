"""Bytes from the network made into plain data, within limits, or one ValueError that says why.

Anything a server or a broker sends may be hostile or broken: megabytes, `[[[[…` a thousand
deep (json.loads would raise RecursionError, which no ordinary handler catches, and kill the
thread it ran on), numbers of ten thousand digits, NaN, bytes that are not UTF-8. The decoders
here check size and nesting before parsing and refuse such numbers while parsing, so their only
failure is `PayloadError` (a ValueError). `Once` keeps the log to one line per kind of failure.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 16  # far more than any command, manifest or alert needs
MAX_NUMBER_DIGITS = 30


class PayloadError(ValueError):
    """A payload broke a limit or is not what it should be."""


_STRUCTURE = re.compile(rb'["\\\[\]{}]')


def nesting(raw: bytes) -> int:
    """How deep arrays and objects nest in JSON text (strings skipped), without parsing it."""
    depth = deepest = 0
    in_string = False
    skip = -1  # the character after a backslash in a string
    for match in _STRUCTURE.finditer(raw):
        at = match.start()
        char = raw[at]
        if at == skip:
            continue
        if in_string:
            if char == 0x5C:  # backslash
                skip = at + 1
            elif char == 0x22:  # quote
                in_string = False
        elif char == 0x22:
            in_string = True
        elif char in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _number(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS:
        raise PayloadError(f"a number of {len(text)} digits; expected at most "
                           f"{MAX_NUMBER_DIGITS}")
    value = float(text)
    if not math.isfinite(value):
        raise PayloadError(f"the number {text[:20]} is out of range")
    return value


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER_DIGITS:
        raise PayloadError(f"a number of {len(text)} digits; expected at most "
                           f"{MAX_NUMBER_DIGITS}")
    return int(text)


def _constant(text: str) -> Any:
    raise PayloadError(f"{text} is not a number")


def load_json(raw: bytes, limit: int, *, max_depth: int = MAX_DEPTH) -> Any:
    """JSON text as plain data; PayloadError for anything over the limits or not JSON."""
    if len(raw) > limit:
        raise PayloadError(f"{len(raw)} bytes; expected at most {limit}")
    deep = nesting(raw)
    if deep > max_depth:
        raise PayloadError(f"nested {deep} deep; expected at most {max_depth}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PayloadError(f"not UTF-8 text: {exc}") from None
    try:
        return json.loads(text, parse_float=_number, parse_int=_integer,
                          parse_constant=_constant)
    except PayloadError:
        raise
    except (ValueError, RecursionError) as exc:  # RecursionError: cannot pass the depth check
        raise PayloadError(f"not JSON ({exc})") from None


def load_yaml(raw: bytes, limit: int, name: str) -> Any:
    """YAML text (a server's alert.yaml) as plain data, with the deck reader's own limits on
    size, nesting and aliases; PayloadError naming the first problem otherwise."""
    if len(raw) > limit:
        raise PayloadError(f"{len(raw)} bytes; expected at most {limit}")
    from kiosk.deck.yamlsource import read_yaml

    source, problems = read_yaml(raw, name)
    if source is None:
        first = problems[0] if problems else None
        raise PayloadError(first.message if first is not None else "not YAML")
    return source.data


def describe(exc: BaseException) -> str:
    """An exception as one short line for the log."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return (text or type(exc).__name__)[:300]


class Once:
    """Which kinds of failure were logged since things last went right: a failure that repeats,
    or two that alternate (a refused login, then the disconnect it causes), is said once."""

    def __init__(self, most: int = 64) -> None:
        self.most = most
        self._said: dict[str, int] = {}

    def first(self, kind: str) -> bool:
        """True the first time `kind` comes since the last reset; counts the rest."""
        if kind in self._said:
            self._said[kind] += 1
            return False
        if len(self._said) >= self.most:  # a stream of always-new texts stays bounded too
            self._said["(others)"] = self._said.get("(others)", 0) + 1
            return False
        self._said[kind] = 1
        return True

    def reset(self) -> int:
        """Things went right: the next failure of any kind is said again. Returns how many
        failures were kept quiet."""
        quiet = sum(count - 1 for count in self._said.values())
        self._said.clear()
        return quiet
