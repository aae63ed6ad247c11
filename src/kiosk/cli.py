"""`kiosk run|check|export|schema`: the command line, importing Qt only where it is needed."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the deck package loads only for the commands that read one
    from kiosk.deck import LoadedDeck
    from kiosk.deck.errors import Problem

COMMANDS = ("run", "check", "export", "schema", "stats", "install-autostart",
            "uninstall-autostart", "speak")
LANG_CHOICES = ("both", "ko", "en", "alternate")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT such as 1920x1080, got {text!r}") from None
    if not (16 <= w <= 16384 and 16 <= h <= 16384):
        raise argparse.ArgumentTypeError("width and height must be between 16 and 16384")
    return w, h


class _VersionAction(argparse.Action):
    """`--version`: the version is looked up only when asked for, not at every start."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:  # noqa: A002
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from kiosk import __version__

        print(f"kiosk {__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Bilingual lobby slide kiosk.")
    parser.add_argument("--version", action=_VersionAction,
                        help="show the program's version number and exit")
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="show the deck full-screen (the default command)")
    run.add_argument("deck", nargs="?", help="deck file (default: ./slides.yaml, else bundled), "
                     "or an http(s):// URL kept in a local cache")
    run.add_argument("--windowed", action="store_true", help="a normal window, for editing")
    run.add_argument("--screen", type=int, default=None, help="screen number (0 = first)")
    run.add_argument("--lang", choices=LANG_CHOICES, help="override the deck's language mode")
    run.add_argument("--exit-after", type=float, default=None, metavar="SECONDS",
                     help="quit after this many seconds (smoke tests)")
    run.add_argument("--verbose", action="store_true", help="log to stderr too")
    run.add_argument("--unattended", action="store_true",
                     help="started by a watchdog or at logon: never wait for anyone to answer a "
                     "message (Windows); also KIOSK_UNATTENDED=1")
    run.add_argument("--restart-on-failure", action="store_true",
                     help="start again whenever the kiosk ends with an error (Windows' logon "
                     "task uses it; systemd's Restart= does it on Linux)")
    run.add_argument("--mqtt", metavar="URL", help="report health to and take commands from an "
                     "MQTT broker: mqtt://host:1883 or mqtts://host:8883")
    run.add_argument("--id", help="this kiosk's name on the broker (its topic and user name)")
    run.add_argument("--mqtt-config", type=Path, metavar="FILE",
                     help="broker settings (YAML: url, id, username, password, ca_file, ...)")

    check = sub.add_parser("check", help="validate a deck and lay out every slide at every "
                           "screen shape; exit 1 listing every problem")
    check.add_argument("deck", nargs="?")
    check.add_argument("--strict", action="store_true",
                       help="treat warnings as errors (exit 1), for CI")

    export = sub.add_parser("export", help="write the slides as PNG files or a PDF handout")
    export.add_argument("deck", nargs="?")
    export.add_argument("--out", required=True, type=Path,
                        help="output folder (png), file (pdf, --contact-sheet)")
    export.add_argument("--format", choices=("png", "pdf"), default="png")
    export.add_argument("--contact-sheet", action="store_true",
                        help="one overview image of all slides (written to --out)")
    export.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH")
    export.add_argument("--lang", choices=("both", "ko", "en"), default="both")
    export.add_argument("--accessible", action="store_true",
                        help="the accessibility mode's high-contrast, 200 %% pages instead")

    speak = sub.add_parser("speak", help="write a slide's spoken form to a WAV file, or print "
                           "it (--text)")
    speak.add_argument("deck", nargs="?")
    speak.add_argument("--slide", help="slide id (default: every slide, in order)")
    speak.add_argument("--lang", choices=("both", "ko", "en"), default="both",
                       help="both: Korean, then English")
    speak.add_argument("--rate", type=float, default=None, help="1.0 is normal speed")
    speak.add_argument("--volume", type=float, default=None, help="0.1 to 1.0")
    speak.add_argument("--out", type=Path, help="the WAV file to write")
    speak.add_argument("--text", action="store_true",
                       help="print what would be said, one line per slide and language, "
                       "without making any sound (for review)")

    sub.add_parser("schema", help="print the deck's JSON Schema")

    stats = sub.add_parser("stats", help="summarise plays.jsonl (proof of play)")
    stats.add_argument("file", nargs="?", type=Path)

    install = sub.add_parser("install-autostart",
                             help="start the kiosk with the machine (systemd user unit; "
                             "on Windows a Task Scheduler task at logon)")
    install.add_argument("--deck", help="the deck the kiosk shows (a file or an http(s) URL)")
    install.add_argument("--mqtt-config", type=Path, metavar="FILE",
                         help="report to an MQTT broker with these settings (see kiosk run)")
    install.add_argument("--xdg", action="store_true", help="an XDG autostart entry instead")
    sub.add_parser("uninstall-autostart", help="remove what install-autostart wrote")
    return parser


def _utf8_locale() -> None:
    """Qt needs a UTF-8 locale; a bare `env -i` or a systemd unit often gives plain C."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = os.environ.get(name)
        if value:
            if "utf" not in value.lower().replace("-", ""):
                break
            return
    os.environ["LC_ALL"] = "C.UTF-8"


def main(argv: list[str] | None = None) -> int:
    _utf8_locale()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in
                         ("-h", "--help", "--version")):
        args_list.insert(0, "run")
    if sys.platform != "win32":
        return _main(_parse(args_list))
    # Windows' executable has no console: see kiosk.platform.windowed.
    from kiosk.ops.logs import log_dir
    from kiosk.platform import windowed

    windowed.capture_missing_streams(log_dir())
    args = _parse(args_list)
    quiet = bool(getattr(args, "unattended", False))
    try:
        code = _main(args)
    except Exception as exc:  # noqa: BLE001 (the last stop before a traceback dialog)
        import traceback

        traceback.print_exc()
        windowed.start_failed(f"{type(exc).__name__}: {exc}", unattended_start=quiet)
        return 70  # EX_SOFTWARE
    if code != 0 and args.command in (None, "run"):
        windowed.start_failed(None, unattended_start=quiet)
    return code


def _parse(args_list: list[str]) -> argparse.Namespace:
    args = build_parser().parse_args(args_list)
    args.raw = args_list  # `run --restart-on-failure` starts the same run again
    return args


def _main(args: argparse.Namespace) -> int:
    if args.command != "run" or args.restart_on_failure:
        # Only `run` ends in order on a stop signal; the others die of it as they always did.
        from kiosk.platform import early_stop

        early_stop.release()
    if args.command == "schema":
        from kiosk.deck.model import json_schema

        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return 0
    if args.command == "check":
        if os.environ.get("KIOSK_BACKGROUND_CHECK"):  # started by a running kiosk
            from kiosk.platform.priority import lower_this_process

            lower_this_process()
        return _check(args.deck, args.strict)
    if args.command == "export":
        return _export(args)
    if args.command == "speak":
        return _speak(args)
    if args.command == "stats":
        return _stats(args.file)
    if args.command == "install-autostart":
        from kiosk.ops.autostart import install

        extra = ("--mqtt-config", str(args.mqtt_config.resolve())) if args.mqtt_config else ()
        path, how = install(args.deck, args.xdg, extra)
        print(f"wrote {path}:\n")
        print(path.read_bytes().decode("utf-16" if path.suffix == ".xml" else "utf-8"))
        print(how)
        return 0
    if args.command == "uninstall-autostart":
        from kiosk.ops.autostart import uninstall

        removed = uninstall()
        print("\n".join(f"removed {p}" for p in removed) or "nothing to remove")
        return 0
    return _run(args)


def _stats(file: Path | None) -> int:
    from kiosk.ops.stats import summarise

    if file is None:
        from kiosk.ops.logs import log_dir

        file = log_dir() / "plays.jsonl"
    try:
        print(summarise(file), flush=True)
    except BrokenPipeError:
        # `kiosk stats | head`: the reader stopped early. Point stdout at nothing so Python's
        # own flush at exit does not fail again, and exit as Python's documentation advises.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0


def _load(deck_arg: str | None):  # type: ignore[no-untyped-def]
    from kiosk.deck import DeckError, load_deck
    from kiosk.resources import resolve_deck

    path = resolve_deck(deck_arg)
    try:
        return load_deck(path), None
    except DeckError as exc:
        return None, exc


def _problems(loaded: LoadedDeck) -> list[Problem]:
    """What `check` finds in a deck that loaded: images, layouts at every screen, speech."""
    from kiosk.ops.access_check import access_warnings
    from kiosk.ops.image_check import image_errors
    from kiosk.ops.render_check import render_problems

    return [*image_errors(loaded), *render_problems(loaded),
            *access_warnings(loaded)]  # access: text the accessibility mode cannot speak


def _check(deck_arg: str | None, strict: bool = False) -> int:
    """Every problem of every stage in one run: schema, cross-field, images, layouts."""
    import dataclasses

    from kiosk.deck import DeckError, load_deck
    from kiosk.resources import describe_deck, resolve_deck

    path = resolve_deck(deck_arg)
    checkable: LoadedDeck | None
    try:
        loaded = load_deck(path)
        problems, checkable = list(loaded.warnings), loaded
    except DeckError as exc:
        problems, checkable = list(exc.problems), exc.partial
    if checkable is not None:  # the slides that validated, when others did not
        problems += _problems(checkable)
    if strict:
        problems = [dataclasses.replace(p, severity="error") for p in problems]
    problems = sorted(dict.fromkeys(problems))
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    counts = f"{errors} error{'s' if errors != 1 else ''}, " \
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    if errors:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found ({counts})",
              file=sys.stderr)
        return 1
    assert checkable is not None
    slides = len(checkable.deck.slides)
    print(f"{describe_deck(checkable.path)}: {slides} slide{'s' if slides != 1 else ''} OK"
          + (f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""))
    return 0


def _qt_app():  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["kiosk"])


def _loaded(deck_arg: str | None):  # type: ignore[no-untyped-def]
    """The deck, or None after printing why it cannot be read."""
    loaded, error = _load(deck_arg)
    if error is not None:
        print(error, file=sys.stderr)
    return loaded


def _export(args: argparse.Namespace) -> int:
    loaded = _loaded(args.deck)
    if loaded is None:
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = _qt_app()
    # What check refuses, export refuses too (a name drawn without a character is a wrong
    # name); what check warns about, export says as well.
    problems = sorted(dict.fromkeys([*loaded.warnings, *_problems(loaded)]))
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        print(f"kiosk export: not written: {errors} error{'s' if errors != 1 else ''} "
              "(see above; `kiosk check` says the same)", file=sys.stderr)
        return 1
    from kiosk.ops.export import export_png

    width, height = args.size
    if args.accessible:
        from kiosk.ops.accessible_export import export_accessible

        for path in export_accessible(loaded, args.out, width, height, args.lang, args.format,
                                      contact_sheet=args.contact_sheet):
            print(path)
        return 0
    if args.contact_sheet:
        from kiosk.ops.export import contact_sheet

        print(contact_sheet(loaded, args.out, width, height, args.lang))
        return 0
    if args.format == "pdf":
        from kiosk.ops.export import export_pdf

        print(export_pdf(loaded, args.out, width, height, args.lang))
        return 0
    written = export_png(loaded, args.out, width, height, args.lang)
    for path in written:
        print(path)
    return 0


def _speak(args: argparse.Namespace) -> int:
    loaded = _loaded(args.deck)
    if loaded is None:
        return 1
    if args.text or args.out is None:
        return _speak_text(loaded, args)
    from kiosk.ops.accessible_export import speak_deck

    try:
        print(speak_deck(loaded, args.out, args.slide, args.lang, args.rate, args.volume))
    except (LookupError, RuntimeError) as exc:
        print(f"kiosk speak: {exc}", file=sys.stderr)
        return 1
    return 0


def _speak_text(loaded, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from kiosk.deck.spoken import deck_speech

    if not args.text:
        print("kiosk speak: give --out FILE.wav to write the speech, or --text to print it",
              file=sys.stderr)
        return 2
    try:
        said = deck_speech(loaded.deck, args.slide, args.lang)
    except LookupError as exc:
        print(f"kiosk speak: {exc}", file=sys.stderr)
        return 1
    for slide_id, lang, text in said:
        print(f"{slide_id} [{lang}]: {text}")
    return 0


def _run(args: argparse.Namespace) -> int:
    if args.restart_on_failure:
        from kiosk.ops.supervise import supervise

        return supervise([a for a in args.raw[1:] if a != "--restart-on-failure"])
    from kiosk.shell.start import run

    fleet = None
    is_url = bool(args.deck) and "://" in args.deck
    if is_url or args.mqtt or args.mqtt_config or args.id:
        from kiosk.fleet.options import from_args  # only now: a lone lobby never imports it

        try:
            fleet = from_args(args.deck if is_url else None, args.mqtt, args.id, args.mqtt_config)
        except (ValueError, OSError) as exc:
            print(f"kiosk: {exc}", file=sys.stderr)
            return 2
    return run(deck_arg=args.deck, windowed=args.windowed, screen=args.screen, lang=args.lang,
               exit_after=args.exit_after, verbose=args.verbose, fleet=fleet)
