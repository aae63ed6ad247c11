"""Yangjae lobby kiosk: a bilingual full-screen slide deck for a touch screen."""

from __future__ import annotations


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("yangjae-kiosk")
    except PackageNotFoundError:  # a one-file build carries no dist-info unless the spec adds it
        from kiosk.resources import bundled_version

        return bundled_version()


__version__ = _version()
