# A stop signal is remembered from this line on (the imports below take a while); see
# kiosk.platform.early_stop.
from kiosk.platform.early_stop import catch

catch()

from kiosk.cli import main  # noqa: E402

raise SystemExit(main())
