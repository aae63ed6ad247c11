"""Any file an operator can produce: the loader returns a valid deck or a DeckError whose every
problem has a line and a column. Never another exception, never a hang; and a valid deck always
renders, whatever its text."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.deck import DeckError, LoadedDeck, parse_deck

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = (ROOT / "slides.yaml").read_bytes()
PATH = Path("fuzz/slides.yaml")
# A loader that hangs fails the test that hung (not the whole run) after three minutes (the
# 3000 mutations take 50 s on a busy 2-core machine). Each load is bounded in check() too, with
# room for a busy machine: hypothesis' own deadline (1 s an example) is not, so it is off.
HANG_BOUND = pytest.mark.timeout(180, method="signal")
FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text that breaks naive code: combining marks, emoji (also joined), right-to-left, controls.
NASTY = st.sampled_from(["e\u0301\u0301\u0301", "👩‍👩‍👧‍👦", "مرحبا بالعالم", "\u202eevil",
                         "\x07\x1b[31m", "가" * 300, "W" * 500, "\t", "", " ", "null", "~",
                         "0x1F", "1e309", "!!python/object", "&a *a", "- [", "{", "'"])
TEXT = st.one_of(st.text(max_size=60), NASTY)
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                   TEXT, st.dates())
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)), max_leaves=20)


def check(raw: bytes) -> LoadedDeck | None:
    start = time.monotonic()
    try:
        loaded = parse_deck(raw, PATH)
    except DeckError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.line >= 1 and problem.col >= 1, problem
            assert problem.file == str(PATH)
        loaded = None
    assert time.monotonic() - start < 10.0, "the loader must never hang"
    return loaded


@HANG_BOUND
@FAST
@given(VALUE)
def test_random_structures(value: Any) -> None:
    check(yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@HANG_BOUND
@FAST
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    check(raw)


BASE = yaml.safe_load(BUNDLED)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*prefix, i))
    return found


ALL_PATHS = [p for p in paths(BASE) if p]


@HANG_BOUND
@FAST
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), VALUE), min_size=1, max_size=4))
def test_random_values_in_every_field(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    import copy

    data = copy.deepcopy(BASE)
    for path, value in changes:
        node = data
        try:
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    check(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


def mutate(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    kind = rng.randrange(6)
    at = rng.randrange(len(data))
    if kind == 0:
        return bytes(data[:at])  # truncated
    if kind == 1:
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)  # bit flips
        return bytes(data)
    if kind == 2:
        data[at:at] = rng.choice([b"\t", b"\x00", b"\t\t", b"\r", b"\xff", b"\xe2\x80"])
        return bytes(data)
    if kind == 3:
        lines = bytes(data).split(b"\n")
        del lines[rng.randrange(len(lines))]  # a deleted line
        return b"\n".join(lines)
    if kind == 4:
        lines = bytes(data).split(b"\n")
        i = rng.randrange(len(lines))
        lines[i] = b"  " + lines[i] if rng.random() < 0.5 else lines[i].lstrip()  # indentation
        return b"\n".join(lines)
    lines = bytes(data).split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]  # swapped lines
    return b"\n".join(lines)


@HANG_BOUND
def test_thousands_of_mutations_of_the_bundled_deck() -> None:
    rng = random.Random(20261124)
    valid = 0
    for _ in range(3000):
        if check(mutate(rng, BUNDLED)) is not None:
            valid += 1
    assert 0 < valid < 3000  # some mutations are harmless (e.g. in comments), most are not


@pytest.fixture(scope="module")
def render(qapp: Any) -> Any:
    from kiosk.ops.export import render_image

    return render_image


@pytest.mark.timeout(120, method="signal")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.one_of(NASTY, st.text(min_size=1, max_size=300)),
       body=st.one_of(NASTY, st.text(min_size=1, max_size=2000)),
       layout=st.sampled_from(["cover", "statement", "bullets", "figures", "building", "site",
                               "timeline", "contact"]),
       shown=st.sampled_from(["both", "ko", "en"]))
def test_any_valid_text_renders_inside_its_box(render: Any, title: str, body: str, layout: str,
                                               shown: str) -> None:
    deck = {"deck": {"title": {"ko": "덱", "en": "Deck"},
                     "sections": [{"id": "s", "title": {"ko": "가", "en": "A"}}]},
            "slides": [slide_with(layout, title, body)]}
    loaded = check(yaml.safe_dump(deck, allow_unicode=True).encode("utf-8"))
    if loaded is None:
        return  # e.g. a title that is only white space: a clean DeckError is the right answer
    _, report = render(loaded, 0, 480, 270, shown)
    safe = report.safe.adjusted(-48, -48, 48, 48)
    for placed in report.placed:
        assert safe.contains(placed.rect), (placed.text[:40], placed.rect)


def slide_with(layout: str, title: str, body: str) -> dict[str, Any]:
    text = {"ko": body, "en": body}
    head = {"ko": title, "en": title}
    base: dict[str, Any] = {"id": "x", "section": "s", "layout": layout}
    if layout == "statement":
        return {**base, "title": head, "statement": text, "detail": text}
    if layout == "bullets":
        return {**base, "title": head, "points": [text, text, text]}
    if layout == "figures":
        return {**base, "title": head, "figures": [{"value": title[:12] or "1", "label": text,
                                                    "unit": head}] * 3}
    if layout == "cover":
        return {**base, "title": head, "subtitle": text, "date": head}
    if layout == "building":
        building = {"name": head, "floors": ["B1", "1F", "2F"], "area": title[:40] or "1",
                    "status": text, "highlight": ["2F"], "highlight_label": text}
        return {**base, "title": head, "buildings": [building, building]}
    if layout == "site":
        place = {"label": text, "x": 0.1, "y": 0.1, "w": 0.5, "h": 0.4}
        return {**base, "title": head, "address": text, "places": [place, place],
                "note": text}
    if layout == "timeline":
        return {**base, "title": head, "milestones": [{"when": head, "what": text}] * 4}
    return {**base, "title": head, "office": text, "phone": "02-123-4567", "note": text}


def test_an_empty_bullet_list_is_a_clean_error() -> None:
    deck = yaml.safe_load(BUNDLED)
    bullets = next(s for s in deck["slides"] if s["layout"] == "bullets")
    bullets["points"] = []
    with pytest.raises(DeckError) as info:
        parse_deck(yaml.safe_dump(deck, allow_unicode=True).encode(), PATH)
    assert "points" in str(info.value)


_EXAMPLES = """
import hashlib
from hypothesis import given
import tests.conftest  # noqa: F401 (loads the profile the environment selects)
from tests.test_fuzz_deck import VALUE

seen = []


@given(VALUE)
def record(value):
    seen.append(value)


record()
print(hashlib.sha256(repr(seen).encode()).hexdigest())
"""


def test_ci_draws_the_same_examples_on_every_run() -> None:
    """CI=true selects the derandomized profile: two runs try the very same examples (so a red
    run can be repeated), where two runs without it differ."""
    import os
    import subprocess
    import sys

    def examples(ci: str) -> str:
        env = {**os.environ, "CI": ci}
        env.pop("HYPOTHESIS_PROFILE", None)
        done = subprocess.run([sys.executable, "-c", _EXAMPLES], env=env, cwd=ROOT, text=True,
                              capture_output=True, check=True, timeout=120)
        return done.stdout.strip()

    assert examples("true") == examples("true")
    assert examples("false") != examples("false")
