"""Entry point of the one-file build: the same CLI as `python -m kiosk`."""

# A stop signal is remembered from this line on (see kiosk.platform.early_stop).
from kiosk.platform.early_stop import catch

catch()

from kiosk.cli import main  # noqa: E402

raise SystemExit(main())
