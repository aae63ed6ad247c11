"""Entry point of the one-file build: the same CLI as `python -m kiosk`."""

from kiosk.cli import main

raise SystemExit(main())
