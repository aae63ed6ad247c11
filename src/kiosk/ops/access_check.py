"""`kiosk check`'s warnings for the accessibility mode: text that speaks badly, and a screen
hung too high for its controls to be within reach."""

from __future__ import annotations

from kiosk.controllers.controls import REACH_TOP_CM
from kiosk.deck.errors import Problem
from kiosk.deck.loader import LoadedDeck
from kiosk.deck.spoken import Finding, speech_warnings

BAR_CM = 4.0  # about the least a row of the mode's buttons needs
QUOTES = "'\""


def access_warnings(loaded: LoadedDeck) -> list[Problem]:
    lines = _lines(loaded)
    found = [_at_offset(loaded, lines, finding) for finding in speech_warnings(loaded.deck)]
    display = loaded.deck.deck.display
    if display.bottom_cm > REACH_TOP_CM - BAR_CM:
        found.append(loaded.problem_at(
            ("deck", "display", "bottom_cm"),
            f"display: the screen's lower edge hangs at {display.bottom_cm:g} cm: the "
            f"accessibility controls cannot be within {REACH_TOP_CM:g} cm of the floor "
            "(KS X 9211); hang it lower"))
    return found


def _lines(loaded: LoadedDeck) -> list[str]:
    try:
        return loaded.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _at_offset(loaded: LoadedDeck, lines: list[str], finding: Finding) -> Problem:
    """The problem at the very character where the trouble starts, when the text is written
    on one line as it reads (plain or quoted without escapes); else at the text's start."""
    problem = loaded.problem_at(finding.where, finding.message)
    if finding.offset is None or not 0 < problem.line <= len(lines):
        return problem
    written = lines[problem.line - 1][problem.col - 1:]
    text = _text_at(loaded, finding)
    if text is None:
        return problem
    head = text[:finding.offset]
    quoted = written[:1] in QUOTES and not text.startswith(written[:1])
    start = 1 if quoted else 0
    if not written[start:].startswith(head):
        return problem  # written over lines or with escapes: the text's start will do
    return Problem(problem.file, problem.line, problem.col + start + finding.offset,
                   problem.message, problem.severity)


def _text_at(loaded: LoadedDeck, finding: Finding) -> str | None:
    node: object = loaded.deck
    for part in finding.where:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            node = getattr(node, part, None)
    return node if isinstance(node, str) else None
