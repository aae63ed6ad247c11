"""An operator's mistakes come back as FILE:LINE:COL lines naming the slide and the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.deck import DeckError, load_deck
from tests.decks import MINIMAL


def problems(path: Path) -> list[str]:
    with pytest.raises(DeckError) as info:
        load_deck(path)
    return [str(p) for p in info.value.problems]


def test_minimal_deck_loads(write_deck: Callable[[str], Path]) -> None:
    loaded = load_deck(write_deck(MINIMAL))
    assert [s.id for s in loaded.deck.slides] == ["one", "two"]
    assert loaded.deck.deck.duration == 12  # the default applies


def test_unknown_key_suggests_the_right_one(write_deck: Callable[[str], Path]) -> None:
    path = write_deck(MINIMAL.replace("    title: {ko: 둘", "    titel: {ko: 둘"))
    found = problems(path)
    assert any(line.startswith(f"{path}:14:5: slide 'two': unknown key 'titel' (did you mean "
                               "'title'?)") for line in found), found
    # 'titel' is the missing 'title': one mistake, one line
    assert not any("has no 'title'" in line for line in found), found


def test_missing_translation_names_the_language(write_deck: Callable[[str], Path]) -> None:
    path = write_deck(MINIMAL.replace("{ko: 첫 번째, en: First}", "{ko: 첫 번째}"))
    assert problems(path) == [f"{path}:10:16: slide 'one' field 'statement.en': missing English "
                              "translation; expected 'en:' beside the other language"]


def test_wrong_type_says_what_was_found(write_deck: Callable[[str], Path]) -> None:
    path = write_deck(MINIMAL.replace("  title: {ko: 안내, en: Welcome}\n",
                                      "  title: {ko: 안내, en: Welcome}\n  duration: soon\n"))
    (line,) = problems(path)
    assert line == f"{path}:3:13: field 'deck.duration': expected a number; found 'soon'"


def test_duplicate_id_and_unknown_section(write_deck: Callable[[str], Path]) -> None:
    text = MINIMAL.replace("  - id: two\n    section: main", "  - id: one\n    section: mian")
    path = write_deck(text)
    found = problems(path)
    assert f"{path}:11:9: slide id 'one' is used twice (first by slide 1); expected unique ids" \
        in found
    assert any(line.startswith(f"{path}:12:14: slide 'one' field 'section': unknown section "
                               "'mian' (did you mean 'main'?)") for line in found), found


def test_every_problem_is_reported_at_once(write_deck: Callable[[str], Path]) -> None:
    text = MINIMAL.replace("layout: statement", "layout: statment").replace(
        "{ko: 가, en: A}", "{ko: 가, eng: A}")
    found = problems(write_deck(text))
    assert len(found) >= 2
    assert any("unknown layout 'statment' (did you mean 'statement'?)" in f for f in found)
    assert any("unknown key 'eng' (did you mean 'en'?)" in f for f in found)


def test_unknown_layout_points_at_the_layout_line(write_deck: Callable[[str], Path]) -> None:
    path = write_deck(MINIMAL.replace("layout: bullets", "layout: bulets"))
    (line,) = problems(path)
    assert line.startswith(f"{path}:13:13: slide 'two': unknown layout 'bulets'")


def test_missing_image_is_an_error(write_deck: Callable[[str], Path]) -> None:
    path = write_deck(MINIMAL.replace("      - {ko: 가, en: A}\n",
                                      "      - {ko: 가, en: A}\n    image: assets/none.png\n"))
    (line,) = problems(path)
    assert line.startswith(f"{path}:17:12: image 'assets/none.png' does not exist")


@pytest.mark.parametrize("name", ["../../etc/passwd.png", "/etc/passwd.png"])
def test_image_outside_the_deck_folder_is_refused(write_deck: Callable[[str], Path],
                                                   name: str) -> None:
    path = write_deck(MINIMAL.replace("      - {ko: 가, en: A}\n",
                                      f"      - {{ko: 가, en: A}}\n    image: {name}\n"))
    (line,) = problems(path)
    assert "lies outside the deck's folder" in line


@pytest.mark.parametrize(("content", "expected"), [
    (b"", ":1:1: the deck is empty"),
    (b"   \n# only a comment\n", ":1:1: the deck is empty"),
    (b"deck: [1, 2\n", ":1:7: YAML syntax: a '[' opened here is never closed"),
    (b"deck:\n  title: \xff\xfe\n", ":2:10: byte 0xff is not UTF-8"),
    (b"- just\n- a list\n", ":1:1: the top level must be a mapping"),
    (b"deck: !!python/object/apply:os.system ['true']\nslides: []\n",
     ":1:7: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    (b"a: 1\na: 2\n", ":2:1: duplicate key 'a' (first at line 1)"),
    (b"x: \x00\n", ":1:4: the control character U+0000 cannot be in a deck file"),
    ("x: 가나다\ny: 라\x9c\n".encode(), ":2:5: the control character U+009C cannot be in"),
    (b"[" * 3000 + b"]" * 3000, ":1:"),
])
def test_broken_files_give_one_clear_line(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes(content)
    found = problems(path)
    assert any(expected in line for line in found), found
    assert all(line.startswith(f"{path}:") for line in found)


def test_alias_bomb_is_stopped(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (line,) = problems(path)
    assert "expands to more than" in line


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * 3_000_000 + b"\n")
    (line,) = problems(path)
    assert "expected at most" in line


def test_unreadable_path(tmp_path: Path) -> None:
    (line,) = problems(tmp_path / "nope.yaml")
    assert line.startswith(f"{tmp_path / 'nope.yaml'}:1:1: cannot read the deck")
