"""Checks that need the renderer: every slide laid out at every screen the deck names (its
`display.screens`), every glyph.

The layouts draw on a design canvas whose short side is always 1080 units, so a slide laid out
on a small image makes the same line breaks as on a large screen: the check lays out at a
reduced size (it only needs the notes, not the pixels), which keeps it quick enough to run on
every save in an editor.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Union

from kiosk.deck.errors import Problem, field_words
from kiosk.deck.fields import Lang, LanguageMode, Shown, Text
from kiosk.deck.loader import LoadedDeck
from kiosk.deck.settings import Theme
from kiosk.ops.image_check import qt_app, stderr_to
from kiosk.ops.qt_messages import collect

CHECK_SHORT_SIDE = 270  # pixels: a quarter of the design canvas; the layout is the same
# What the renderer finds that a lobby screen must never show: words that neither the slide nor
# its continued pages can hold whole. `check` refuses the deck, `export` writes nothing, `run`
# shows what it can and logs the same line.
ERROR_KINDS = frozenset({"unheld"})


def shape_name(width: int, height: int) -> str:
    """A screen as the deck writes it: 1920x1080 (an aspect such as 16:9 stays 16:9)."""
    return f"{width}:{height}" if max(width, height) < 100 else f"{width}x{height}"


def modes_of(language: LanguageMode) -> tuple[Shown, ...]:
    """Every way the deck's text can be on screen: its own mode and the visitor's toggle."""
    return ("both", "ko", "en") if language in ("both", "alternate") else ("ko", "en")


def check_size(shape: tuple[int, int], short: int = CHECK_SHORT_SIDE) -> tuple[int, int]:
    """A screen's size reduced to `short` px on its short side (its layout is the same)."""
    w, h = shape
    short = min(short, w, h)
    return (round(short * w / h), short) if w >= h else (short, round(short * h / w))


@dataclass
class _Finding:
    """One note of the renderer about one field, and where it was seen."""

    kind: str
    shapes: list[str] = field(default_factory=list)
    modes: list[Shown] = field(default_factory=list)

    def seen(self, shape: str, mode: Shown) -> None:
        if shape not in self.shapes:
            self.shapes.append(shape)
        if mode not in self.modes:
            self.modes.append(mode)

    def words(self, shapes: int, modes: int) -> str:
        at = "at every screen shape" if len(self.shapes) == shapes else \
            f"at {_listed(self.shapes)}"
        langs = "in every language mode" if len(self.modes) == modes else \
            f"with {_listed([_MODE_WORDS[m] for m in self.modes])}"
        return f"seen {at}, {langs}"


FieldFindings = dict[tuple[Union[int, str], ...], dict[str, _Finding]]  # no | on 3.9


def deck_screens(loaded: LoadedDeck) -> tuple[tuple[int, int], ...]:
    """The screens the deck names (`display.screens`; by default the common shapes)."""
    from kiosk.deck.settings import screen_size

    return tuple(dict.fromkeys(screen_size(s) for s in loaded.deck.deck.display.screens))


def render_problems(loaded: LoadedDeck, shapes: tuple[tuple[int, int], ...] | None = None,
                    short: int = CHECK_SHORT_SIDE) -> list[Problem]:
    """Lay every slide out at every screen the deck names in every language mode: one problem
    per field, with everything found about it and the screens and modes where each was seen
    (a field cut, not drawn, or continued on another page among them)."""
    _keep = qt_app()
    if shapes is None:
        shapes = deck_screens(loaded)
    modes = modes_of(loaded.deck.deck.language)
    problems = glyph_problems(loaded)
    for index, slide in enumerate(loaded.deck.slides):
        try:
            findings = _lay_out(loaded, index, shapes, modes, short)
        except Exception as exc:  # noqa: BLE001 - a checker reports, it does not crash
            problems.append(loaded.problem_at(
                ("slides", index), f"slide '{slide.id}' cannot be laid out ({type(exc).__name__}"
                f": {exc}); please report this with the deck", "error"))
            continue
        for path, found in findings.items():
            # words no page can show whole are an error (the screen would show them broken);
            # everything else the renderer found is a warning
            for severity, is_error in (("error", True), ("warning", False)):
                chosen = {m: f for m, f in found.items() if (f.kind in ERROR_KINDS) == is_error}
                if not chosen:
                    continue
                said = "; ".join(f"{message} ({finding.words(len(shapes), len(modes))})"
                                 for message, finding in chosen.items())
                where = (*path, *_language_of(_value_at(slide, path), chosen))
                problems.append(loaded.problem_at(
                    ("slides", index, *where), f"{field_words(slide.id, where)}: {said}",
                    severity))  # type: ignore[arg-type]
    return problems


def _value_at(node: object, path: tuple[int | str, ...]) -> object:
    for part in path:
        if isinstance(part, int):
            node = node[part] if isinstance(node, (list, tuple)) and part < len(node) else None
        else:
            node = getattr(node, part, None)
    return node


def _language_of(value: object, found: dict[str, _Finding]) -> tuple[str, ...]:
    """('en',) when every finding is about the English of a text, so the warning can sit on
    the 'en:' line; () when it is about both or cannot be told."""
    if not isinstance(value, Text):
        return ()
    modes = {m for f in found.values() for m in f.modes}
    words = [w for message in found for w in re.findall(r"the word '([^']*)'", message)]
    pairs: tuple[tuple[Lang, Lang], ...] = (("ko", "en"), ("en", "ko"))
    for lang, other in pairs:
        if modes == {lang} or (words and all(w in value.get(lang) and w not in
                                             value.get(other) for w in words)):
            return (lang,)
    return ()


def _lay_out(loaded: LoadedDeck, index: int, shapes: tuple[tuple[int, int], ...],
             modes: tuple[Shown, ...], short: int) -> FieldFindings:
    from kiosk.ops.export import render_image

    findings: FieldFindings = {}
    # Screens of one shape (1920x1080, 3840x2160) lay out alike: once for all of them.
    alike: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for shape in shapes:
        alike.setdefault(check_size(shape, short), []).append(shape)
    for (width, height), same in alike.items():
        for mode in modes:
            with _quiet():  # a broken image is reported once, by image_errors, not per render
                _, report = render_image(loaded, index, width, height, mode)
            for note in report.notes:
                if note.kind == "missing_glyph":
                    continue  # said once per text by glyph_problems, on its language's line
                found = findings.setdefault(tuple(note.field), {})
                for shape in same:
                    found.setdefault(note.message, _Finding(note.kind)).seen(
                        shape_name(*shape), mode)
    return findings


_MODE_WORDS = {"both": "both languages", "ko": "Korean alone", "en": "English alone"}


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence the renderer's logging, Qt's and libpng's while laying out for the check."""
    level = logging.root.manager.disable
    logging.disable(logging.ERROR)
    try:
        with collect([]), stderr_to([]):  # (Qt's messages: this thread's only, see qt_messages)
            yield
    finally:
        logging.disable(level)


# Fields that hold names, files, colours or settings, never text drawn on the slide.
_NOT_DRAWN = frozenset({"id", "section", "layout", "notes", "image", "fit", "qr", "kind",
                        "exit_chord", "language", "theme", "transition", "highlight"})


def visible_texts(node: object, path: tuple[int | str, ...] = ()
                  ) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """Every text of the deck that is drawn, with its data path."""
    from pydantic import BaseModel

    if isinstance(node, str):
        yield path, node
    elif isinstance(node, BaseModel) and not isinstance(node, Theme):
        for name in type(node).model_fields:
            if name not in _NOT_DRAWN:
                yield from visible_texts(getattr(node, name, None), (*path, name))
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            yield from visible_texts(item, (*path, i))


def glyph_problems(loaded: LoadedDeck) -> list[Problem]:
    """Characters no bundled font can draw (the renderer leaves them out): an error for each
    text, on the line of its own language, naming each character and its code point."""
    _keep = qt_app()
    from kiosk.render.fonts import EMOJI, describe, drawable, is_emoji

    problems = []
    for path, text in visible_texts(loaded.deck):
        missing = drawable(text).missing
        if not missing:
            continue
        if path[:1] == ("slides",) and len(path) >= 2 and isinstance(path[1], int):
            where = field_words(loaded.deck.slides[path[1]].id, path[2:])
        else:
            where = field_words(None, path)
        named = ", ".join(describe(ch) for ch in missing[:6])
        more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
        advice = EMOJI.lstrip("; ") if any(is_emoji(ch) for ch in missing) else \
            "write it another way"
        problems.append(loaded.problem_at(
            path, f"{where}: {named}{more} {'is' if len(missing) == 1 else 'are'} in no bundled "
            f"font and would be left out; {advice}", "error"))
    return problems

