"""A speech engine that fails, or has no voice for the language, is one plain line from
`kiosk speak` and one warning from the running kiosk, never wave's "# channels not specified".
The engines here are stand-in programs (KIOSK_ESPEAK names the program the kiosk runs); what
they print is what SAPI's PowerShell script prints when Windows has no voice for a language."""

from __future__ import annotations

import logging
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from kiosk.ops.speech import Sapi, Speaker, Utterance, find_engine

DECK = Path(__file__).resolve().parents[1] / "slides.yaml"
NO_VOICE = "no SAPI voice for ko-KR is installed (Settings > Time & language > Speech)"


def engine(folder: Path, body: str) -> Path:
    program = folder / "engine"
    program.write_text(f"#!/bin/sh\ncat >/dev/null\n{body}\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


@pytest.mark.parametrize(("body", "said"), [
    (f"echo 'ALSA lib: chatter' >&2; echo '{NO_VOICE}' >&2; exit 3", NO_VOICE),
    ("exit 0", "it wrote no sound"),  # the case that used to end in "# channels not specified"
    ("exit 9", "exit code 9"),
], ids=["no voice", "no sound", "silent failure"])
def test_speak_says_in_one_line_why_there_is_no_sound(
        run_cli: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path, body: str, said: str) -> None:
    monkeypatch.setenv("KIOSK_ESPEAK", str(engine(tmp_path, body)))
    out = tmp_path / "out" / "intake.wav"
    code, _printed, err = run_cli("speak", str(DECK), "--slide", "intake", "--lang", "ko",
                                  "--out", str(out))
    assert code == 1
    assert err.strip() == f"kiosk speak: espeak-ng could not speak the Korean text: {said}"
    assert not out.exists() and not list(out.parent.glob(".*"))  # no half file, no parts left


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["ko", "en"]), st.floats(0.1, 3.0), st.floats(0.1, 1.0))
def test_sapi_never_falls_back_to_a_voice_of_another_language(lang: str, rate: float,
                                                              volume: float) -> None:
    script = Sapi("powershell.exe").command(lang, rate, volume, None)[-1]  # type: ignore[arg-type]
    culture = {"ko": "ko-KR", "en": "en"}[lang]
    # no voice: one line naming the language, exit 3, before any voice is selected
    assert f"if(-not $v){{[Console]::Error.WriteLine('no SAPI voice for {culture} is installed" \
        in script
    assert script.index("exit 3") < script.index("$s.SelectVoice") < script.index("$s.Speak")
    assert "catch{[Console]::Error.WriteLine($_.Exception.Message);exit 4}" in script


def test_the_running_kiosk_warns_once_per_reason(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("KIOSK_ESPEAK", str(engine(tmp_path, f"echo '{NO_VOICE}' >&2; exit 3")))
    speaker = Speaker(find_engine())
    with caplog.at_level(logging.WARNING, logger="kiosk.ops.speech"):
        for _ in range(2):  # two page turns
            with qtbot.waitSignal(speaker.finished, timeout=10_000):
                speaker.say([Utterance("ko", "안녕하세요"), Utterance("ko", "다시")])
    warned = [r.getMessage() for r in caplog.records if r.name == "kiosk.ops.speech"]
    assert warned == ["accessibility mode: speech is not heard: espeak-ng could not speak the "
                      f"Korean text: {NO_VOICE}"]
