"""Logging for an unattended screen: a rotating file in the platform's state folder, stderr on
request, and an exception hook so that nothing raised in the event loop ends the kiosk."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from types import TracebackType

from kiosk.ops.log_file import RotatingFile
from kiosk.platform import paths

LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ORGANIZATION = "yangjae-kiosk"
APPLICATION = "kiosk"

log = logging.getLogger("kiosk")


def log_dir() -> Path:
    """Qt's standard per-user state folder (e.g. ~/.local/state/yangjae-kiosk/kiosk/logs);
    on Windows %LOCALAPPDATA%\\YangjaeKiosk\\logs."""
    override = os.environ.get("KIOSK_LOG_DIR")
    if override:
        return Path(override)
    windows = paths.windows_home()
    if windows is not None:
        return windows / "logs"
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    # The same names the running kiosk uses, so `kiosk stats` finds what `kiosk run` wrote.
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    kind = getattr(QStandardPaths.StandardLocation, "StateLocation",
                   QStandardPaths.StandardLocation.AppLocalDataLocation)
    base = QStandardPaths.writableLocation(kind)
    return Path(base or Path.home() / ".kiosk") / "logs"


def setup_logging(verbose: bool = False) -> Path:
    folder = log_dir()
    root = logging.getLogger("kiosk")
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        rotating = RotatingFile(folder / "kiosk.log", LOG_BYTES, LOG_BACKUPS)
        rotating.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(rotating)
    except OSError as exc:  # a read-only home must not stop the screen
        print(f"kiosk: cannot write logs in {folder}: {exc}", file=sys.stderr)
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(logging.Formatter(FORMAT))
    stream.setLevel(logging.DEBUG if verbose else logging.ERROR)
    root.addHandler(stream)
    sys.excepthook = _log_uncaught
    return folder


def _log_uncaught(kind: type[BaseException], value: BaseException,
                  tb: TracebackType | None) -> None:
    # PySide6 hands exceptions raised in slots and event handlers here and carries on: log them.
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    log.error("unexpected error; the kiosk keeps running", exc_info=(kind, value, tb))
