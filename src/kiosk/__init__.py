"""Yangjae lobby kiosk: a bilingual full-screen slide deck for a touch screen."""

from __future__ import annotations


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("yangjae-kiosk")
    except PackageNotFoundError:  # a one-file build carries no dist-info unless the spec adds it
        from kiosk.resources import bundled_version

        return bundled_version()


def __getattr__(name: str) -> str:
    # importlib.metadata costs ~80 ms at start-up; only --version needs it.
    if name == "__version__":
        return _version()
    raise AttributeError(name)
