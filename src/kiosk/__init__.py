"""Yangjae lobby kiosk: a bilingual full-screen slide deck for a touch screen."""

from __future__ import annotations

DISTRIBUTION = "yangjae_kiosk"  # the installed package's name as its .dist-info folder spells it


def _version() -> str:
    # The installed package's METADATA read as importlib.metadata would find it (the first
    # entry of sys.path that has it), without importing importlib.metadata: that brings email,
    # zipfile, csv and socket into the running kiosk (~3 MB for the whole run, ~80 ms at start)
    # for one line of the log.
    import sys
    from pathlib import Path

    for entry in sys.path:
        try:
            infos = sorted(Path(entry or ".").glob(f"{DISTRIBUTION}-*.dist-info"))
        except OSError:
            continue
        for info in infos:
            try:
                text = (info / "METADATA").read_text(encoding="utf-8")
            except OSError:
                continue
            for line in text.splitlines():
                if not line:  # the headers end at the first empty line
                    break
                if line.startswith("Version:"):
                    return line.partition(":")[2].strip()
    # A one-file build carries no dist-info unless the spec adds it.
    from kiosk.resources import bundled_version

    return bundled_version()


def __getattr__(name: str) -> str:
    # Looked up only where it is used (--version, the log's first line, a fleet's status).
    if name == "__version__":
        return _version()
    raise AttributeError(name)
