"""What the one-file build keeps and drops, in one place; the spec imports this.

Qt's PyInstaller hook collects every plugin and translation PySide6 ships. The kiosk needs a few:
the platforms it runs on, the image formats a deck may use, and nothing from QtNetwork, QML,
Quick or PDF. Each dropped file is bytes that the one-file build would otherwise unpack
to a temporary folder at every launch, which is where its start-up time goes.
"""

from __future__ import annotations

import sys

# Qt modules the app never imports (QtWidgets included: the window is a QRasterWindow).
EXCLUDED_MODULES = [
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtWidgets",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtPdf", "PySide6.QtTest",
    "PySide6.QtConcurrent", "PySide6.QtSql", "PySide6.QtXml", "PySide6.QtPrintSupport",
    "PySide6.QtUiTools", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtSvgWidgets",
    "tkinter", "unittest", "pydoc", "doctest", "pytest", "hypothesis", "pdb",
    "xmlrpc", "http.server", "lib2to3", "sqlite3", "curses", "_curses", "readline",
    # pydantic's hook collects its mypy plugin, which drags in mypy's compiled modules
    "mypy", "pydantic.mypy", "ast_serialize", "email_validator",
    # optional pretty-printing that pydantic and others import only if present
    "rich", "pygments", "markdown_it", "mdurl", "IPython",
    # ssl stays (+0.1 MB): a fleet's content and broker are reached over https:// and mqtts://;
    # only kiosk.fleet imports it. _hashlib (OpenSSL's hashes) stays out: hashlib's built-in
    # SHA-256 serves, and a lone lobby does not map libcrypto.
    "asyncio", "multiprocessing", "tarfile",
    "_hashlib", "bz2", "_bz2", "lzma", "_lzma",
]

if sys.platform == "win32":
    # Screen sleep is SetThreadExecutionState there (kiosk.platform.screen_sleep): no D-Bus.
    EXCLUDED_MODULES.append("PySide6.QtDBus")

if sys.platform.startswith("linux"):
    # wayland for sessions with no X server at all (cage, Ubuntu Frame, labwc kiosks); Qt picks
    # it or xcb by its own rules (XDG_SESSION_TYPE, WAYLAND_DISPLAY). 19 KB plus the client library
    # (1.2 MB) and the xdg-shell integration (147 KB) below.
    PLATFORMS = {"libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqminimal.so"}
elif sys.platform == "win32":
    PLATFORMS = {"qwindows.dll", "qoffscreen.dll", "qminimal.dll"}
else:
    PLATFORMS = {"libqcocoa.dylib", "libqoffscreen.dylib", "libqminimal.dylib"}

# Image formats a deck may use: PNG is built into QtGui; JPEG and SVG are plugins.
IMAGE_FORMATS = {"qjpeg", "qsvg"}
KEPT_PLUGIN_DIRS = {"platforms", "imageformats", "wayland-shell-integration"}
# The one shell every current compositor speaks. The window draws into shared memory (a
# QRasterWindow), so no EGL graphics integration; full-screen, so no client-side decorations.
WAYLAND_SHELLS = {"libxdg-shell.so"}

# Qt and third-party libraries nothing kept needs (checked with `readelf -d` NEEDED). libwayland-*
# stay the system's: every Wayland session has them, matched to its compositor.
DROPPED_LIBRARY_PREFIXES = (
    "libQt6Network", "libQt6Qml", "libQt6Quick", "libQt6Pdf", "libQt6Widgets",
    "libQt6OpenGL", "libQt6WaylandCompositor", "libQt6WaylandEgl", "libQt6EglFS", "libQt6Test",
    "libQt6Concurrent",
    "libQt6VirtualKeyboard", "libQt6Labs", "libQt6Designer", "libQt6Help", "libQt6Sql",
    "libQt6PrintSupport", "libQt6Xml", "libQt6ShaderTools", "libQt6Lottie",
    "libwayland-", "libssl", "libcrypto", "libgtk-3", "libgdk-3", "libatk", "libcairo",
    "libpango", "libharfbuzz-", "libgdk_pixbuf",
    "Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6Widgets", "Qt6OpenGL", "Qt6Test",
    # Windows: Mesa's software OpenGL (7.7 MB packed, 20.6 MB unpacked at every start) serves
    # only OpenGL windows, and the kiosk's is a QRasterWindow; D-Bus is not how Windows works.
    "opengl32sw", "Qt6DBus",
)


def keep_binary(dest: str) -> bool:
    """Decide from a bundle destination path whether a collected binary stays."""
    parts = dest.replace("\\", "/").split("/")
    name = parts[-1]
    if "plugins" in parts:
        after = parts.index("plugins") + 1
        folder = parts[after] if after < len(parts) else ""
        if folder not in KEPT_PLUGIN_DIRS:
            return False
        if folder == "platforms":
            return name in PLATFORMS
        if folder == "wayland-shell-integration":
            return name in WAYLAND_SHELLS
        return any(fmt in name for fmt in IMAGE_FORMATS)
    return not name.startswith(DROPPED_LIBRARY_PREFIXES)


def keep_data(dest: str) -> bool:
    parts = dest.replace("\\", "/").split("/")
    if "translations" in parts and "PySide6" in parts:
        return False  # the kiosk's words come from the deck, not from Qt's dialogs
    if "plugins" in parts:
        return keep_binary(dest)
    return not any(p in ("qml", "metatypes", "typesystems", "include") for p in parts)


def _needed(path: str) -> list[str]:
    import subprocess

    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=False)
    return [line.split("[", 1)[1].split("]", 1)[0] for line in out.stdout.splitlines()
            if "(NEEDED)" in line]


def prune_unneeded(binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Drop shared libraries that only dropped plugins needed (ELF platforms only).

    PyInstaller resolves dependencies before the spec filters plugins, so libraries that only
    the GTK theme or QtNetwork wanted (gio, gcrypt, krb5, ...) would otherwise still ship.
    Python extension modules, Qt plugins and libpython are the roots; a library stays only if a
    root needs it, directly or through another kept library.
    """
    if not sys.platform.startswith("linux"):
        return binaries
    by_name = {dest.replace("\\", "/").split("/")[-1]: entry for entry in binaries
               for dest in [entry[0]]}

    def is_root(dest: str) -> bool:
        name = dest.split("/")[-1]
        return ".cpython-" in name or ".abi3." in name or "/plugins/" in dest \
            or name.startswith("libpython")

    keep: set[str] = set()
    queue = [dest for dest, _src, _kind in binaries if is_root(dest)]
    for dest in queue:
        keep.add(dest)
    while queue:
        dest = queue.pop()
        entry = by_name.get(dest.split("/")[-1])
        if entry is None:
            continue
        for lib in _needed(entry[1]):
            child = by_name.get(lib)
            if child is not None and child[0] not in keep:
                keep.add(child[0])
                queue.append(child[0])
    return [entry for entry in binaries if entry[0] in keep]
