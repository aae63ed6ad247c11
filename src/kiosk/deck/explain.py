"""Pydantic's validation errors in an operator's words: no regexes, type names or 0-based indexes.

Each error becomes `where: expected what; found what` at the line of the value (or of the key,
for a key that does not belong). Errors from the branches of a union (a figure's value is text
or a {ko, en} pair) are narrowed to the branch the value looks like, then merged into one line.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterable
from typing import Any

from kiosk.deck.errors import Problem, close_matches, field_words
from kiosk.deck.fields import LANGUAGE_NAMES
from kiosk.deck.hours import IN_WORDS, SPAN_PATTERN
from kiosk.deck.locate import DataPath, child, model_at, split_loc, value_at
from kiosk.deck.model import LAYOUTS
from kiosk.deck.yamlsource import Marks

# The deck model's patterns (fields.py, model.py), said the way the deck's own comments say them.
PATTERN_WORDS = {
    r"^[a-z0-9][a-z0-9_-]*$": "a short name of lowercase letters, digits, '-' and '_' "
                              "(such as 'site-plan')",
    r"^#[0-9A-Fa-f]{6}$": "a colour such as #FFD046",
    r"^([01]\d|2[0-3]):[0-5]\d$": "a time such as 08:00",
    r"^[0-9+][0-9 ()-]{3,24}$": "a phone number such as 02-2133-8462",
    r"^[1-9][0-9]{0,3}:[1-9][0-9]{0,3}$": "a shape as width:height, such as 16:9",
    SPAN_PATTERN: "opening hours such as 09:00-18:00",  # (hours.py says its own mistakes)
    r"^[1-9][0-9]{2,4}x[1-9][0-9]{2,4}$": "a screen size as widthxheight, such as 1920x1080",
}

_DATE_WORDS = "a date such as 2025-03-01, or a date and time such as 2025-03-01 18:00"
_TEXT_WORDS = "a Korean and English pair such as {ko: 안내, en: Welcome}"


def _fits(tag: str, value: Any) -> bool:
    """Whether a union branch is the one this value was meant for (a mapping or a scalar)."""
    if tag[0].isupper():
        return isinstance(value, dict)
    if tag.startswith("list"):
        return isinstance(value, list)
    return not isinstance(value, (dict, list))


def describe_errors(errors: Iterable[Any], data: Any, marks: Marks, filename: str,
                    ) -> list[Problem]:
    located = [(err, *split_loc(tuple(err["loc"]), data)) for err in errors]
    # Drop the branches a value plainly was not meant for, when another branch fits it.
    fitting = {b[0] for _, _, branches in located for b in branches if _fits(b[1], b[2])}
    kept = [(err, path) for err, path, branches in located
            if not any(b[0] in fitting and not _fits(b[1], b[2]) for b in branches
                       if b[1] not in LAYOUTS)]
    # A misspelt key that is surely the missing one ('titel' for 'title') is one mistake.
    misspelt = {(*path[:-1], close) for err, path in kept if err["type"] == "extra_forbidden"
                for close in [_closest(path, data)] if close}
    kept = [(err, path) for err, path in kept
            if not (err["type"] == "missing" and path in misspelt)]
    merged: dict[DataPath, list[Any]] = {}
    for err, path in kept:
        merged.setdefault(path, []).append(err)
    problems = [_describe(errs, path, data, marks, filename) for path, errs in merged.items()]
    return list(dict.fromkeys(problems))


def _where(path: DataPath, data: Any) -> str:
    """Name the slide and field an error is about, the way an operator thinks of them."""
    if len(path) >= 2 and path[0] == "slides" and isinstance(path[1], int):
        slide = child(child(data, "slides"), path[1])
        ident = slide.get("id") if isinstance(slide, dict) else None
        return field_words(ident if isinstance(ident, str) else path[1], path[2:])
    return field_words(None, path)


def _describe(errs: list[Any], path: DataPath, data: Any, marks: Marks,
              filename: str) -> Problem:
    err = errs[0]
    kind = err["type"]
    where = _where(path, data)
    if kind == "extra_forbidden":
        return _unknown_key(path, data, marks, filename)
    line, col = marks.of_value(path)
    if kind == "missing":
        last = path[-1] if path else ""
        if last in LANGUAGE_NAMES:
            return Problem(filename, line, col,
                           f"{where}: missing {LANGUAGE_NAMES[str(last)]} translation; expected "
                           f"'{last}:' beside the other language")
        if len(path) == 1:
            return Problem(filename, line, col, f"the file has no '{last}:'; expected 'deck:' "
                           "(the settings) and 'slides:' at the top level")
        parent = _where(path[:-1], data)
        if isinstance(last, int):  # a pair given one value (focus: [0.5]): no item "1"
            given = value_at(path[:-1], data)
            have = len(given) if isinstance(given, list) else 0
            count = _tuple_length(path[:-1], data)
            return Problem(filename, line, col, f"{parent}: has {have} item"
                           f"{'' if have == 1 else 's'}; expected "
                           f"{count if count else 'more'} items")
        slide = child(child(data, "slides"), path[1]) if len(path) == 3 and \
            path[0] == "slides" else None
        layout = slide.get("layout") if isinstance(slide, dict) else None
        needs = f"every {layout} slide needs one" if isinstance(layout, str) else "it is required"
        return Problem(filename, line, col, f"{parent}: has no '{last}'; {needs}")
    if kind == "union_tag_invalid":
        found = err.get("input")
        given = found.get("layout") if isinstance(found, dict) else found
        close = close_matches(str(given), LAYOUTS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        line, col = marks.of_value((*path, "layout"))
        return Problem(filename, line, col, f"{where}: unknown layout '{given}'{hint}; expected "
                       f"one of: {', '.join(LAYOUTS)}")
    if kind == "union_tag_not_found":
        return Problem(filename, line, col, f"{where}: has no 'layout'; expected one of: "
                       f"{', '.join(LAYOUTS)}")
    if kind in ("control_character", IN_WORDS):  # already said in words
        return Problem(filename, line, col, f"{where}: {err['msg']}")
    expected = " or ".join(dict.fromkeys(_expected(e) for e in errs))
    found = err.get("input")
    hint = ""
    if kind == "literal_error" and isinstance(found, str):
        options = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        close = close_matches(found, options, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
    if kind == "string_type" and found is not None and not isinstance(found, (dict, list)):
        # YAML reads 12, 1.5, yes/no/on/off and 2024-05-01 as numbers, true/false and dates
        what = "true or false" if isinstance(found, bool) else "a date" \
            if isinstance(found, dt.date) else "a number"
        hint = f" (YAML reads it as {what}: put the text in quotes)"
    return Problem(filename, line, col, f"{where}: expected {expected}; found {_show(found)}"
                   f"{hint}")


def _tuple_length(path: DataPath, data: Any) -> int | None:
    """How many items the fixed-length list (a tuple in the model) at `path` takes."""
    if not path or not isinstance(path[-1], str):
        return None
    model = model_at(path[:-1], data)
    info = model.model_fields.get(path[-1]) if model else None
    args = typing.get_args(info.annotation) if info else ()
    return len(args) if args and Ellipsis not in args else None


def _allowed(path: DataPath, data: Any) -> list[str]:
    model = model_at(path[:-1], data)
    return sorted(model.model_fields) if model else []


def _closest(path: DataPath, data: Any, allowed: list[str] | None = None) -> str | None:
    names = _allowed(path, data) if allowed is None else allowed
    close = close_matches(str(path[-1]), names, n=1)
    return close[0] if close else None


def _unknown_key(path: DataPath, data: Any, marks: Marks, filename: str) -> Problem:
    key = str(path[-1])
    line, col = marks.of_key(path)
    allowed = _allowed(path, data)
    close = _closest(path, data, allowed)
    hint = f" (did you mean '{close}'?)" if close else ""
    if not close and value_at(path, data) is None and line == marks.of_value(path[:-1])[0]:
        hint = " (a ',' inside {…} starts a new key: put text containing commas in quotes)"
    expected = f"; expected one of: {', '.join(allowed)}" if allowed else ""
    where = _where(path[:-1], data)
    return Problem(filename, line, col, f"{where}: unknown key '{key}'{hint}{expected}")


def _expected(err: Any) -> str:
    """What the field wanted, in words."""
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    if kind == "string_pattern_mismatch":
        return PATTERN_WORDS.get(str(ctx.get("pattern")), "text of another form")
    if kind == "string_too_short":
        return "some text" if ctx.get("min_length") == 1 else \
            f"at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    if kind == "too_short":
        n = ctx.get("min_length")
        return f"at least {n} item{'s' if n != 1 else ''}"
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} items"
    bounds = {"greater_than_equal": ("of at least", "ge"), "less_than_equal": ("of at most", "le"),
              "greater_than": ("greater than", "gt"), "less_than": ("less than", "lt")}
    if kind in bounds:
        words, key = bounds[kind]
        return f"a number {words} {_number(ctx.get(key))}"
    if kind.startswith("int_"):
        return "a whole number"
    if kind.startswith(("float_", "decimal_")):
        return "a number"
    if kind.startswith("bool_"):
        return "true or false"
    if kind.startswith(("date", "time")):
        return _DATE_WORDS
    if kind in ("string_type", "string_unicode"):
        return "text"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _TEXT_WORDS if _is_text(err) else "a mapping of 'key: value' lines"
    if kind in ("list_type", "tuple_type"):
        return "a list ('- item' lines, or [a, b])"
    if kind == "literal_error":
        return f"one of {ctx.get('expected')}"
    return str(err.get("msg", "something else")).lower()


def _is_text(err: Any) -> bool:
    return "Text" in tuple(err["loc"]) or str(err.get("msg", "")).endswith("instance of Text")


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    if value is None:
        return "nothing"
    if value == "":
        return "empty text"
    if isinstance(value, str) and len(value) > 12:
        text = repr(value)
        shown = text if len(text) <= 60 else text[:57] + "…'"
        return f"{shown} ({len(value)} characters)"
    return repr(value)
