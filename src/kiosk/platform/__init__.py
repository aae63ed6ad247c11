"""What differs between Linux and Windows, one module per concern, each with both sides.

Every call that exists on only one system (a signal name, /proc, D-Bus, XDG folders, ctypes'
windll) lives here and nowhere else, so the rest of the kiosk imports and starts on either.
`tests/test_windows_surface.py` imports every module and runs the start-up with Windows' `signal`,
`os` and module surface simulated on Linux, so the next Unix-only name fails there too.
Nothing here imports Qt at module level; this package sits below every other layer.
"""
