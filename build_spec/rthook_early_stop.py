"""A run-time hook of the build: the first code of the kiosk's own to run, before PyInstaller's
other run-time hooks and the entry script (tens of ms), so that a stop signal from here on is
remembered instead of killing the start-up (kiosk.platform.early_stop)."""

from kiosk.platform.early_stop import catch

catch()
