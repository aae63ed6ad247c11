"""pydantic without its search for plugins.

Building a model's validator asks pydantic's plugin loader for plugins, and that loader imports
`importlib.metadata` to read every installed package's entry points; with it come `email`,
`zipfile`, `csv` and `socket`, some 3 MB of a running kiosk's memory, for plugins it has none of.
(pydantic honours PYDANTIC_DISABLE_PLUGINS only after that import.) The deck's validation must
not change with whatever else is installed beside the kiosk either, so no plugin is ever used:
the loader is stood in for by one that finds none, before pydantic first looks for it.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable

LOADER = "pydantic.plugin._loader"


def _no_plugins() -> Iterable[object]:
    return ()


def skip_plugin_search() -> None:
    """Stand in for pydantic's plugin loader unless it has been imported already."""
    if LOADER in sys.modules:
        return
    loader = types.ModuleType(LOADER, "pydantic's plugin loader, finding no plugins (kiosk.deck)")
    loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[LOADER] = loader
