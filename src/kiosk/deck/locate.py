"""Where in the deck data a validation error is, and which model validates a place there.

Pydantic names a place by a loc that mixes data keys with the names of the union branches it
tried (Text, constrained-str, a slide's layout); the data path is the loc without them. The
model at a path is found by walking the annotations from Deck down, a slide's layout picking
its model, so an unknown key can be answered with the keys that belong there.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Union

from pydantic import BaseModel

from kiosk.deck.model import Deck

DataPath = tuple[Union[int, str], ...]  # evaluated at import: no | on Python 3.9
# `X | Y` annotations are types.UnionType from Python 3.10; on 3.9 (Debian 11) only Union exists.
UNIONS: tuple[Any, ...] = (Union, types.UnionType) if hasattr(types, "UnionType") else (Union,)

_SCALAR_TAGS = {"str", "constrained-str", "int", "float", "bool", "date", "datetime", "none",
                "list", "dict", "decimal"}


def _is_tag(part: int | str) -> bool:
    """A union branch's name in a loc (Text, constrained-str, function-after[...])."""
    return isinstance(part, str) and bool(part) and (
        part[0].isupper() or part in _SCALAR_TAGS or "[" in part)


def child(node: Any, part: int | str) -> Any:
    """The value under a key or at an index of the data, or None where there is none."""
    if isinstance(node, dict) and isinstance(part, str):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def split_loc(loc: DataPath, data: Any) -> tuple[DataPath, list[tuple[DataPath, str, Any]]]:
    """The data path of a loc, and the union branches it went through (where, tag, value)."""
    path: list[int | str] = []
    branches: list[tuple[DataPath, str, Any]] = []
    node = data
    for part in loc:
        after_index = bool(path) and isinstance(path[-1], int)
        if isinstance(node, dict) and isinstance(part, str) and node.get("layout") == part \
                and after_index and not (branches and branches[-1][0] == tuple(path)):
            branches.append((tuple(path), part, node))  # a slide's layout picks its model
            continue
        if _is_tag(part) and not (isinstance(node, dict) and part in node):
            branches.append((tuple(path), str(part), node))
            continue
        path.append(part)
        node = child(node, part)
    return tuple(path), branches


def value_at(path: DataPath, data: Any) -> Any:
    """The value at a data path, or None where the data has none."""
    node = data
    for part in path:
        node = child(node, part)
    return node


def model_at(path: DataPath, data: Any) -> type[BaseModel] | None:
    """The model class that validates the mapping at `path`, to list its allowed keys."""
    annotation: Any = Deck
    node = data
    for part in path:
        current = resolve(annotation, node)
        node = child(node, part)
        if isinstance(part, int):
            annotation = _item(annotation)
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        annotation = info.annotation
    found = resolve(annotation, node)
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


def _item(annotation: Any) -> Any:
    """The element type of a list annotation (through Optional and Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _item(typing.get_args(annotation)[0])
    if origin in (list, tuple):
        return typing.get_args(annotation)[0]
    if origin in UNIONS:
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) in (list, tuple):
                return typing.get_args(arg)[0]
    return None


def resolve(annotation: Any, node: Any) -> Any:
    """The one model class an annotation means for this node (a slide's layout picks it)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return resolve(typing.get_args(annotation)[0], node)
    if origin in UNIONS:
        models = [a for a in (resolve(x, node) for x in typing.get_args(annotation))
                  if isinstance(a, type) and issubclass(a, BaseModel)]
        if isinstance(node, dict) and "layout" in node:
            for candidate in models:
                layout = candidate.model_fields.get("layout")
                if layout is not None and node["layout"] in typing.get_args(layout.annotation):
                    return candidate
        return models[0] if len(models) == 1 else None
    return annotation
