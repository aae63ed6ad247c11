"""Safe YAML reading that remembers where every key and value stood in the file.

PyYAML's SafeLoader composes a node graph; we build plain data from it ourselves so that only
standard tags are accepted, every path gets a line and column, duplicate keys are reported, and
alias bombs or absurd nesting end in an error instead of a hang.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

import yaml

from kiosk.deck.errors import Problem

MAX_BYTES = 2_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64

# libyaml's parser (when PyYAML was built with it) composes the same nodes, marks included,
# several times faster than the pure-Python one: it matters at start-up and under fuzzing.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

Path = tuple[Union[int, str], ...]  # evaluated at import: no | on Python 3.9

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}


@dataclass
class Marks:
    """Line and column (1-based) of each value, and of each mapping key, by data path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, path: Path) -> tuple[int, int]:
        # A missing field has no mark of its own: fall back to the nearest enclosing one.
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found:
                return found
        return (1, 1)

    def of_key(self, path: Path) -> tuple[int, int]:
        return self.keys.get(path) or self.of_value(path)


class _TooBig(Exception):
    def __init__(self, message: str, mark: tuple[int, int]) -> None:
        super().__init__(message)
        self.mark = mark


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _char_offset(text: str, exc: yaml.reader.ReaderError) -> int:
    """libyaml counts the position of a bad character in UTF-8 bytes, PyYAML in characters."""
    if exc.encoding == "unicode":
        return int(exc.position)
    return len(text.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore"))


def _bad_character(exc: yaml.reader.ReaderError) -> str:
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return f"the control character U+{code:04X} cannot be in a deck file (no screen can show " \
        "it); remove it"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, filename: str) -> None:  # or CSafeLoader
        self.loader = loader
        self.filename = filename
        self.marks = Marks()
        self.problems: list[Problem] = []
        self.count = 0

    def problem(self, at: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(self.filename, at[0], at[1], message))

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(f"the file expands to more than {MAX_NODES} values (an alias loop or "
                          "bomb?); expected a deck of ordinary size", _pos(node))
        if depth > MAX_DEPTH:
            raise _TooBig(f"nested more than {MAX_DEPTH} levels deep; expected a flat deck",
                          _pos(node))
        self.marks.values[path] = _pos(node)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            self.problem(_pos(node), f"the tag '{node.tag}' is not allowed; expected plain text, "
                         "numbers, true/false, lists and mappings")
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                merge = key_node.tag == "tag:yaml.org,2002:merge"
                if merge or not isinstance(key_node, yaml.ScalarNode):
                    found = "merge key (<<)" if merge else "list or mapping"
                    self.problem(_pos(key_node), f"a key must be a plain word; found a {found}")
                    continue
                key = str(key_node.value)
                if key in result:
                    first = self.marks.keys.get((*path, key), (0, 0))
                    self.problem(_pos(key_node), f"duplicate key '{key}' (first at line "
                                 f"{first[0]}); expected each key once")
                    continue
                self.marks.keys[(*path, key)] = _pos(key_node)
                result[key] = self.build(value_node, (*path, key), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag not in _PLAIN_TAGS:
            self.problem(_pos(node), f"the tag '{node.tag}' is not allowed; expected plain text, "
                         "numbers, true/false, lists and mappings")
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:  # 2025-13-01 looks like a date to YAML but is none: the model says so
            if node.tag != "tag:yaml.org,2002:timestamp":
                raise
            return str(node.value)


def _mark(mark: yaml.Mark | None) -> tuple[int, int] | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


# What libyaml's wording means to someone editing a deck, keyed by the start of its message.
_PLAIN_PROBLEMS = (
    ("mapping values are not allowed", "a ':' where no new key can start; check this line's "
     "indentation, or put text containing ': ' in quotes"),
    ("found character that cannot start any token", "a character that cannot start a value "
     "here (a tab? YAML indents with spaces only)"),
    ("found character '\\t'", "a tab; YAML indents with spaces only"),
    ("found a tab character", "a tab; YAML indents with spaces only"),
    ("did not find expected key", "a line that is neither a 'key: value' nor a '- item' at this "
     "indentation; check the indentation"),
    ("did not find expected '-' indicator", "a line that is not a '- item' inside a list; check "
     "the indentation"),
    ("found undefined alias", "an alias (*name) with no anchor (&name) before it"),
    ("but found another document", "a second document ('---'); expected one deck per file"),
)

# The constructs whose start is where the mistake is when the parser notices it lines later.
_OPENERS = {
    "while parsing a flow mapping": ("a '{' opened here is never closed", "'}'"),
    "while parsing a flow sequence": ("a '[' opened here is never closed", "']'"),
    "while scanning a quoted scalar": ("a quoted text starting here is never closed",
                                       "its closing quote"),
    "while scanning a simple key": ("this key has no ':' after it", "'key: value'"),
}


def syntax_problem(exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Where a YAML syntax error starts and what it is, in an editor's words.

    The parser notices an unclosed bracket or quote only on a later line; the mistake is where
    the bracket opened, so that is the position given, and the later one is mentioned.
    """
    problem = exc.problem or "malformed YAML"
    started, noticed = _mark(exc.context_mark), _mark(exc.problem_mark)
    plain = next((words for prefix, words in _PLAIN_PROBLEMS if problem.startswith(prefix)),
                 None)
    opener = _OPENERS.get(exc.context or "")
    if opener and started and noticed and noticed[0] > started[0]:
        what, expected = opener
        return (*started, f"YAML syntax: {what}; expected {expected} (the reader noticed at "
                f"line {noticed[0]}, column {noticed[1]})")
    where = noticed or started or (1, 1)
    if opener and started and exc.context and "flow" in exc.context:
        closer = opener[1]
        return (*where, f"YAML syntax: expected ',' or {closer} here, inside the "
                f"{closer.replace('}', '{').replace(']', '[')} at line {started[0]}, column "
                f"{started[1]}; put text containing ': ' or ',' in quotes")
    if plain is None:
        plain = problem + (f" ({exc.context})" if exc.context else "")
    return (*where, f"YAML syntax: {plain}")


@dataclass
class Source:
    data: Any
    marks: Marks


def read_yaml(raw: bytes, filename: str) -> tuple[Source | None, list[Problem]]:
    """Parse bytes into data plus marks, or return the problems that stop it."""

    def fail(line: int, col: int, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(filename, line, col, message)]

    if len(raw) > MAX_BYTES:
        return fail(1, 1, f"the file is {len(raw)} bytes; expected at most {MAX_BYTES}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(good, len(good))
        return fail(line, col, f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as "
                    "UTF-8")
    if not text.strip():
        return fail(1, 1, "the deck is empty; expected a mapping with 'deck' and 'slides'")
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, _char_offset(text, exc))
        return fail(line, col, _bad_character(exc))
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            line, col, message = syntax_problem(exc)
            return fail(line, col, message)
        except yaml.reader.ReaderError as exc:
            line, col = _line_col(text, _char_offset(text, exc))
            return fail(line, col, _bad_character(exc))
        except yaml.YAMLError as exc:
            return fail(1, 1, f"YAML: {exc}")
        except RecursionError:
            return fail(1, 1, "nested too deeply to read; expected a flat deck")
        if node is None:
            return fail(1, 1, "the deck is empty; expected a mapping with 'deck' and 'slides'")
        builder = _Builder(loader, filename)
        try:
            data = builder.build(node, (), 0)
        except _TooBig as exc:
            return fail(*exc.mark, str(exc))
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            return fail(1, 1, f"YAML value: {exc}")
        except RecursionError:
            return fail(1, 1, "nested too deeply to read; expected a flat deck")
    finally:
        loader.dispose()
    return Source(data, builder.marks), builder.problems
