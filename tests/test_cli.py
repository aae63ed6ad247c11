"""The command line as an operator uses it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.decks import MINIMAL

Run = Callable[..., tuple[int, str, str]]


def test_check_bundled_deck_passes(run_cli: Run, deck_path: Path) -> None:
    code, out, err = run_cli("check", str(deck_path))
    assert code == 0, err
    assert "12 slides OK" in out or "slides OK" in out


def test_check_names_the_built_in_deck_of_an_installed_program(
        run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_LAUNCHER", str(tmp_path / "kiosk"))  # as the single file sets it
    monkeypatch.chdir(tmp_path)  # no slides.yaml here or beside the program
    code, out, err = run_cli("check")
    assert code == 0, err
    assert out.startswith("the built-in deck (put a slides.yaml beside kiosk")
    (tmp_path / "slides.yaml").write_text(MINIMAL, encoding="utf-8")
    code, out, err = run_cli("check")
    assert code == 0, err
    assert out.startswith(str(tmp_path / "slides.yaml"))


def test_check_reports_every_problem(run_cli: Run, write_deck: Callable[[str], Path]) -> None:
    path = write_deck(MINIMAL.replace("layout: bullets", "layout: bulets").replace(
        "en: First", "eng: First"))
    code, _, err = run_cli("check", str(path))
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith(str(path))]
    assert len(lines) >= 2
    assert "2 problems found" in err or "problems found" in err
    assert "Traceback" not in err


def test_schema_is_json_and_validates_the_defaults(run_cli: Run) -> None:
    code, out, _ = run_cli("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"].startswith("Lobby kiosk deck")
    assert "slides" in schema["properties"]


def test_every_schema_default_passes_its_validator() -> None:
    """A default that its own field would reject is a trap for the operator."""
    from pydantic import BaseModel

    from kiosk.deck import fields, model, settings

    checked = 0
    classes = {id(c): c for m in (fields, model, settings) for c in vars(m).values()}
    for cls in classes.values():
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        for info in cls.model_fields.values():
            if info.is_required():
                continue
            default = info.get_default(call_default_factory=True)
            if default is None:
                continue
            from pydantic import TypeAdapter

            TypeAdapter(info.rebuild_annotation()).validate_python(default)
            checked += 1
    assert checked > 20


def test_committed_schema_is_current(run_cli: Run) -> None:
    code, out, _ = run_cli("schema")
    committed = Path(__file__).resolve().parents[1] / "docs" / "slides.schema.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == json.loads(out), \
        "run: kiosk schema > docs/slides.schema.json"


def test_export_cli_names_and_sizes(run_cli: Run, tmp_path: Path, deck_path: Path) -> None:
    from PySide6.QtGui import QImage

    code, out, err = run_cli("export", str(deck_path), "--out", str(tmp_path), "--size",
                             "320x180", "--lang", "en")
    assert code == 0, err
    files = sorted(tmp_path.glob("*.png"))
    assert len(files) == len(out.split())
    assert files[0].name == "01-cover.png"
    assert QImage(str(files[0])).size().width() == 320


def test_version(run_cli: Run) -> None:
    import pytest

    from kiosk import __version__

    with pytest.raises(SystemExit) as info:
        run_cli("--version")
    assert info.value.code == 0
    assert __version__.count(".") >= 2
