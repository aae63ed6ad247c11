"""Speech for the accessibility mode and `kiosk speak`, through the platform's own engine.

Why these engines: QtTextToSpeech is not in PySide6-Essentials; it comes only with
PySide6-Addons (a 175 MB wheel), and on Linux its one real backend is speech-dispatcher, which
cannot write a file, so `kiosk speak` would need a second path anyway. eSpeak NG (the `espeak-ng`
Debian package, 13 MB of voice data with Korean `ko` and English voices) runs offline, writes
WAV itself, takes rate and volume per call and is what speech-dispatcher itself uses by default;
its voice is robotic but clear, and adds nothing to the one-file build. On Windows the built-in
SAPI voices (System.Speech through PowerShell: "Microsoft Heami" for Korean once the Korean speech
pack is installed, "Microsoft Zira"/"David" for English) sound better and need nothing bundled.
A missing engine is one log line: the mode still enlarges and contrasts, it is only silent.

Each utterance is its own process, so speech stops at once when the slide changes (the process is
killed) and a hung engine can never block the kiosk.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal

from kiosk.deck.fields import Lang

log = logging.getLogger(__name__)
ESPEAK_VOICES: dict[Lang, str] = {"ko": "ko", "en": "en-gb"}
ESPEAK_WPM = 165  # eSpeak's words a minute at rate 1.0: a little under its default, for clarity
ESPEAK_MAX_AMPLITUDE = 160  # volume 1.0; eSpeak distorts towards its limit of 200
SAPI_CULTURES: dict[Lang, str] = {"ko": "ko-KR", "en": "en-"}
SYNTH_TIMEOUT = 120.0  # seconds: a WAV of a whole slide takes well under a second


@dataclass(frozen=True)
class Utterance:
    lang: Lang
    text: str


class Engine:
    """A speech engine run as a command: one process per utterance."""

    name = "engine"

    def __init__(self, program: str) -> None:
        self.program = program

    def command(self, lang: Lang, rate: float, volume: float,
                wav: Path | None) -> list[str]:
        """The command that reads the text from its standard input and speaks it (or writes
        it to `wav`)."""
        raise NotImplementedError


class Espeak(Engine):
    name = "espeak-ng"

    def command(self, lang: Lang, rate: float, volume: float,
                wav: Path | None) -> list[str]:
        args = [self.program, "-v", ESPEAK_VOICES[lang], "-b", "1", "--stdin",
                "-s", str(round(ESPEAK_WPM * rate)),
                "-a", str(round(ESPEAK_MAX_AMPLITUDE * volume))]
        return [*args, "-w", str(wav)] if wav is not None else args


class Sapi(Engine):
    """Windows' own voices through PowerShell's System.Speech (no Python package needed)."""

    name = "sapi"

    def command(self, lang: Lang, rate: float, volume: float,
                wav: Path | None) -> list[str]:
        sapi_rate = max(-10, min(10, round((rate - 1) * 10)))
        quoted = str(wav).replace("'", "''") if wav is not None else ""
        out = f"$s.SetOutputToWaveFile('{quoted}');" if wav is not None else ""
        culture = SAPI_CULTURES[lang]
        # No voice for the language is one line on stderr and exit 3 (the default voice would
        # read Korean as English letters); any other failure is its message and exit 4.
        script = (
            "[Console]::InputEncoding=[Text.Encoding]::UTF8;"
            "try{Add-Type -AssemblyName System.Speech;"
            "$s=New-Object System.Speech.Synthesis.SpeechSynthesizer;"
            f"$v=$s.GetInstalledVoices()|?{{$_.Enabled -and $_.VoiceInfo.Culture.Name -like "
            f"'{culture}*'}}|select -First 1;"
            f"if(-not $v){{[Console]::Error.WriteLine('no SAPI voice for {culture.rstrip('-')} "
            "is installed (Settings > Time & language > Speech)');exit 3};"
            "$s.SelectVoice($v.VoiceInfo.Name);"
            f"$s.Rate={sapi_rate};$s.Volume={round(volume * 100)};{out}"
            "$s.Speak([Console]::In.ReadToEnd());$s.Dispose()}"
            "catch{[Console]::Error.WriteLine($_.Exception.Message);exit 4}")
        return [self.program, "-NoProfile", "-NonInteractive", "-Command", script]


def find_engine() -> Engine | None:
    """The platform's engine, or None (then the mode is silent; the caller logs it once)."""
    forced = os.environ.get("KIOSK_ESPEAK")  # a build of eSpeak NG outside PATH
    program = forced or shutil.which("espeak-ng") or shutil.which("espeak")
    if program:
        return Espeak(program)
    if sys.platform == "win32":
        shell = shutil.which("powershell") or shutil.which("pwsh")
        if shell:
            return Sapi(shell)
    return None


def synthesize(utterances: list[Utterance], out: Path, *, rate: float = 1.0,
               volume: float = 1.0, engine: Engine | None = None) -> Path:
    """Write the utterances, one after another, to one WAV file (for `kiosk speak`)."""
    import wave

    engine = engine or find_engine()
    if engine is None:
        raise RuntimeError("no speech engine: install espeak-ng (Debian: apt-get install "
                           "espeak-ng) or, on Windows, a SAPI voice")
    out.parent.mkdir(parents=True, exist_ok=True)
    parts: list[Path] = []
    try:
        for n, item in enumerate(utterances):
            part = out.with_name(f".{out.stem}-{n}.wav")
            parts.append(part)
            _speak_to(engine, item, rate, volume, part)
        with wave.open(str(out), "wb") as joined:
            for n, part in enumerate(parts):
                with wave.open(str(part), "rb") as piece:
                    if n == 0:
                        joined.setparams(piece.getparams())
                    joined.writeframes(piece.readframes(piece.getnframes()))
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
    return out


# Speech is played in real time: an utterance that ends in much less than its words take to say
# (eSpeak NG with no sound device exits 0 in 30 ms) was not heard. Only utterances long enough
# to judge are judged.
UNHEARD_FRACTION = 0.25
JUDGED_SECONDS = 0.6
STDERR_KEEP = 4000  # bytes of the engine's complaints kept for the log
CLOSE_WAIT = 0.5  # seconds at quit for killed engines to end


def speaking_seconds(text: str, rate: float) -> float:
    """About how long the engine takes to say `text` at `rate`: its words between spaces
    (a Korean word with its particles counts as one) at ESPEAK_WPM."""
    words = len(text.split())
    return words / (ESPEAK_WPM * max(rate, 0.1)) * 60


LANG_NAMES: dict[Lang, str] = {"ko": "Korean", "en": "English"}


def _speak_to(engine: Engine, item: Utterance, rate: float, volume: float, part: Path) -> None:
    """One utterance into `part`, or RuntimeError with one line that says why not (the engine's
    own last word when it gave one): no voice, a failed engine, no sound written."""
    what = f"{engine.name} could not speak the {LANG_NAMES[item.lang]} text"
    try:
        done = subprocess.run(engine.command(item.lang, rate, volume, part),
                              input=item.text.encode("utf-8"), capture_output=True,
                              timeout=SYNTH_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{what}: no answer within {SYNTH_TIMEOUT:.0f} s") from None
    except OSError as exc:
        raise RuntimeError(f"{what}: {exc}") from None
    said = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines()
            if line.strip()]
    if done.returncode != 0:
        raise RuntimeError(f"{what}: {said[-1] if said else f'exit code {done.returncode}'}")
    if not _has_sound(part):
        raise RuntimeError(f"{what}: it wrote no sound" + (f" ({said[-1]})" if said else ""))


def _has_sound(path: Path) -> bool:
    import wave

    try:
        with wave.open(str(path), "rb") as piece:
            return piece.getnchannels() > 0 and piece.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


class Speaker(QObject):
    """Says utterances in order through the engine's own audio output; `stop()` silences it
    at once and never waits for the engine to go. Without an engine it logs once and stays
    silent; speech that is not heard (no sound device) is logged once and held in `problem`
    (and `problem_changed`) for the status, until an utterance is heard again."""

    finished = Signal()
    problem_changed = Signal(object)  # str: why speech is not heard; None: it is again

    def __init__(self, engine: Engine | None, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.engine = engine
        self.clock = clock
        self.process: QProcess | None = None
        self._queue: list[Utterance] = []
        self._started = 0.0
        self._item: Utterance | None = None
        self.rate = 1.0
        self.volume = 0.8
        self.spoken: list[Utterance] = []  # what was started, in order (proof for tests, logs)
        self.problem: str | None = None if engine is not None else "no speech engine"
        self._problem_kind: str | None = None if engine is not None else "missing"
        if engine is None:
            log.warning("accessibility mode: no speech engine found (install espeak-ng); "
                        "the mode works without speech")

    @property
    def speaking(self) -> bool:
        running = self.process is not None and \
            self.process.state() != QProcess.ProcessState.NotRunning
        return running or bool(self._queue)

    def say(self, utterances: list[Utterance]) -> None:
        self.stop()
        if self.engine is None:
            return
        self._queue = [u for u in utterances if u.text.strip()]
        self._next()

    def stop(self) -> None:
        """Silence now: the engine is killed and let go; it is reaped when it has gone, on
        the event loop, so a slow one never holds up a slide change."""
        self._queue = []
        process, self.process = self.process, None
        if process is not None:
            _let_go(process)

    def close(self, wait: float = CLOSE_WAIT) -> None:
        """At the end: silence, and give engines let go a moment to end, so none is still
        running when Qt destroys its process object (which would wait for it unbounded)."""
        self.stop()
        deadline = self.clock() + wait
        for process in self.findChildren(QProcess):
            left = deadline - self.clock()
            if left <= 0 or process.state() == QProcess.ProcessState.NotRunning:
                continue
            process.waitForFinished(max(1, int(left * 1000)))

    def _next(self) -> None:
        if not self._queue or self.engine is None:
            self.process = None
            self.finished.emit()
            return
        item = self._queue.pop(0)
        program, *args = self.engine.command(item.lang, self.rate, self.volume, None)
        process = QProcess(self)
        process.setStandardOutputFile(QProcess.nullDevice())
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.readyReadStandardError.connect(lambda: _keep_stderr(process))
        process.finished.connect(self._done)
        process.errorOccurred.connect(self._failed)
        self.process = process
        self._item = item
        self.spoken.append(item)
        self._started = self.clock()
        process.start(program, args)
        process.write(item.text.encode("utf-8"))
        process.closeWriteChannel()

    def _failed(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # no "finished" follows this one
            log.warning("speech engine %s did not start", self.engine.name if self.engine
                        else "?")
            self._done()

    def _done(self) -> None:
        process = self.process
        if process is not None:
            self._judge(process)
            process.deleteLater()
            self.process = None
        self._next()

    def _judge(self, process: QProcess) -> None:
        """Was the utterance that just ended heard? Said in the log once per change."""
        item = self._item
        if item is None or process.error() == QProcess.ProcessError.FailedToStart:
            return
        took = self.clock() - self._started
        _keep_stderr(process)  # what came after the last readyRead
        expected = speaking_seconds(item.text, self.rate)
        code = process.exitCode() if process.exitStatus() == QProcess.ExitStatus.NormalExit \
            else None
        complaint = bytes(process.property("kiosk_stderr") or b"").decode("utf-8", "replace")
        last = next((line.strip() for line in reversed(complaint.splitlines()) if line.strip()),
                    "")
        name = self.engine.name if self.engine else "?"
        if code != 0:  # its last line says why, e.g. "no SAPI voice for ko-KR is installed"
            self._set_problem("failed", f"{name} could not speak the {LANG_NAMES[item.lang]} "
                              f"text: {last or f'exit code {code}'}")
        elif took < expected * UNHEARD_FRACTION:
            if expected >= JUDGED_SECONDS:
                self._set_problem("unheard", f"{name} said {expected:.1f} s of speech in "
                                  f"{took * 1000:.0f} ms: no sound device reachable"
                                  f"{' (' + last + ')' if last else ''}")
        elif expected >= JUDGED_SECONDS:
            self._set_problem(None, None)

    def _set_problem(self, kind: str | None, problem: str | None) -> None:
        """Log and signal a change of kind only: the same failure every slide is one line."""
        if kind == self._problem_kind:
            self.problem = problem
            return
        self._problem_kind, self.problem = kind, problem
        if problem is not None:
            log.error("accessibility mode: speech is not heard: %s", problem)
        else:
            log.warning("accessibility mode: speech is heard again")
        self.problem_changed.emit(problem)


def _keep_stderr(process: QProcess) -> None:
    kept = bytes(process.property("kiosk_stderr") or b"")
    data = bytes(process.readAllStandardError().data())
    process.setProperty("kiosk_stderr", (kept + data)[-STDERR_KEEP:])


def _let_go(process: QProcess) -> None:
    """Disconnect, kill and forget an engine; Qt reaps and deletes it once it has ended."""
    process.finished.disconnect()
    process.errorOccurred.disconnect()
    with contextlib.suppress(RuntimeError, TypeError):
        process.readyReadStandardError.disconnect()
    if process.state() == QProcess.ProcessState.NotRunning:
        process.deleteLater()
        return
    process.finished.connect(process.deleteLater)
    process.kill()
