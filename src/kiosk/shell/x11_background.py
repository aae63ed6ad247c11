"""A picture as an X11 window's background: on screen the moment the window is mapped.

Qt creates its X windows with background None and draws their content only after the server
reports them exposed, so between the map and Qt's first paint (at 4K a 33 MB upload) the screen
shows whatever was under the window: black at a cold start. A window's background pixmap, though,
the X server paints itself while it maps the window, before anyone can see or grab it. Given one
holding the remembered first frame, the full-screen window appears with its slide already in it.

Everything goes through libxcb on Qt's own connection (requests are queued in order, so the
background is set before Qt's map request). Where it does not apply (another platform than xcb, no
libxcb, a window of another depth or size than the picture, a server with another pixel layout)
nothing is changed and the window shows as it always did.
"""

from __future__ import annotations

import ctypes
import struct
from typing import Any

from PySide6.QtGui import QGuiApplication, QImage, QWindow

_ZPIXMAP = 2
_CW_BACK_PIXMAP = 1 << 0
_LSB_FIRST = 0
_PUT_IMAGE_HEADER = 24  # bytes of a PutImage request before its data
# What the X server allocates for the picture should leave its memory as it was. Its allocator
# (glibc's malloc) serves blocks from 128 kB up to 32 MiB with their own mappings, returned when
# freed, but each such free raises the size below which later blocks come from the heap, and the
# heap is returned only in large steps: a 4K picture freed left the server ~30 MB larger for
# good, an 8 MB request buffer ~8 MB. So the pixels go in requests of at most 64 kB (buffers
# below that size are reused), and the pixmap is made taller than 32 MiB (rows below the window
# are never touched, so they cost no memory; blocks that large never raise the threshold).
_MAX_STRIP = 64 << 10
_UNTRACKED = (32 << 20) + 1
_MAX_SIDE = 32767
_lib: Any = None


def _xcb() -> Any:
    """libxcb (already loaded by Qt's xcb plugin), with the signatures used here; None if absent."""
    global _lib
    if _lib is None:
        try:
            # By its soname: the copy Qt's xcb plugin loaded (a bundled one in the single file),
            # never a second one that would not know Qt's connection.
            lib = ctypes.CDLL("libxcb.so.1")
        except OSError:
            _lib = False
            return None
        vp, u8, u16, u32, i16 = (ctypes.c_void_p, ctypes.c_uint8, ctypes.c_uint16,
                                 ctypes.c_uint32, ctypes.c_int16)
        signatures: dict[str, tuple[Any, list[Any]]] = {
            "xcb_get_setup": (vp, [vp]),
            "xcb_generate_id": (u32, [vp]),
            "xcb_get_maximum_request_length": (u32, [vp]),
            "xcb_get_geometry": (u32, [vp, u32]),
            "xcb_get_geometry_reply": (vp, [vp, u32, vp]),
            "xcb_create_pixmap": (u32, [vp, u8, u32, u32, u16, u16]),
            "xcb_create_gc": (u32, [vp, u32, u32, u32, vp]),
            "xcb_put_image": (u32, [vp, u8, u32, u32, u16, u16, i16, i16, u8, u8, u32, vp]),
            "xcb_free_gc": (u32, [vp, u32]),
            "xcb_free_pixmap": (u32, [vp, u32]),
            "xcb_change_window_attributes": (u32, [vp, u32, u32, vp]),
            "xcb_flush": (ctypes.c_int, [vp]),
            "xcb_copy_area": (u32, [vp, u32, u32, u32, i16, i16, i16, i16, u16, u16]),
            "xcb_clear_area": (u32, [vp, u8, u32, i16, i16, u16, u16]),
        }
        for name, (restype, argtypes) in signatures.items():
            function = getattr(lib, name)
            function.restype, function.argtypes = restype, argtypes
        _lib = lib
    return _lib or None


def _free(pointer: int) -> None:
    """libc's free, for a reply libxcb allocated."""
    free = ctypes.CDLL(None).free
    free.argtypes, free.restype = [ctypes.c_void_p], None
    free(pointer)


def _connection() -> int | None:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication) or app.platformName() != "xcb":
        return None
    try:
        native: Any = app.nativeInterface()  # QNativeInterface.QX11Application on xcb
        connection = native.connection() if native is not None else 0
    except (AttributeError, TypeError, RuntimeError):
        return None
    return int(connection) or None


def _bits_per_pixel(setup: int, depth: int) -> int | None:
    """The server's bits per pixel for pixmaps of `depth` (from the connection setup)."""
    head = ctypes.string_at(setup, 40)
    vendor_len, formats = struct.unpack_from("<H", head, 24)[0], head[29]
    table = ctypes.string_at(setup + 40 + (vendor_len + 3) // 4 * 4, 8 * formats)
    for index in range(formats):
        format_depth, bpp = table[8 * index], table[8 * index + 1]
        if format_depth == depth:
            return bpp
    return None


def _opened() -> tuple[Any, int] | None:
    """libxcb and Qt's connection to the X server, when Qt runs on xcb."""
    connection = _connection()
    lib = _xcb() if connection is not None else None
    return None if lib is None or connection is None else (lib, connection)


def _geometry(lib: Any, connection: int, wid: int) -> tuple[int, int, int] | None:
    """The X window's depth, width and height, as the server has it."""
    reply = lib.xcb_get_geometry_reply(connection, lib.xcb_get_geometry(connection, wid), None)
    if not reply:
        return None
    try:
        depth = ctypes.string_at(reply, 2)[1]
        width, height = struct.unpack_from("<HH", ctypes.string_at(reply, 20), 16)
    finally:
        _free(reply)
    return depth, width, height


def set_background(window: QWindow, image: QImage) -> bool:
    """Give `window`'s native X window `image` as its background, pixel for pixel; True if done.
    Call after winId() and before the window is shown. The server keeps the pixels only as long
    as the window uses them: until `clear_background` or the window's end."""
    if image.isNull() or image.format() != QImage.Format.Format_RGB32:
        return False
    opened = _opened()
    if opened is None:
        return False
    lib, connection = opened
    wid = int(window.winId())
    geometry = _geometry(lib, connection, wid)
    if geometry is None:
        return False
    depth, width, height = geometry
    setup = lib.xcb_get_setup(connection)
    # RGB32 in memory is the server's 24-bit pixel in 32 bits, least significant byte first.
    if (width, height) != (image.width(), image.height()) or depth != 24 or not setup \
            or ctypes.string_at(setup, 31)[30] != _LSB_FIRST \
            or _bits_per_pixel(setup, depth) != 32:
        return False
    stride = image.bytesPerLine()
    limit = lib.xcb_get_maximum_request_length(connection) * 4 - _PUT_IMAGE_HEADER
    rows = max(1, _MAX_STRIP // stride)
    if rows * stride > limit:
        return False
    # bits() of a picture nobody shares is its own memory (no copy): the rows go from there.
    address = ctypes.addressof(ctypes.c_char.from_buffer(image.bits()))
    pixmap = lib.xcb_generate_id(connection)
    tall = min(_MAX_SIDE, max(height, -(-_UNTRACKED // stride)))
    lib.xcb_create_pixmap(connection, depth, pixmap, wid, width, tall)
    gc = lib.xcb_generate_id(connection)
    lib.xcb_create_gc(connection, gc, pixmap, 0, None)
    for top in range(0, height, rows):
        count = min(rows, height - top)
        lib.xcb_put_image(connection, _ZPIXMAP, pixmap, gc, width, count, 0, top, 0, depth,
                          stride * count, address + stride * top)
    lib.xcb_free_gc(connection, gc)
    value = (ctypes.c_uint32 * 1)(pixmap)
    lib.xcb_change_window_attributes(connection, wid, _CW_BACK_PIXMAP, value)
    # The window holds the pixmap now: freeing our name for it lets the server drop the
    # pixels as soon as the window no longer uses them.
    lib.xcb_free_pixmap(connection, pixmap)
    lib.xcb_flush(connection)
    return True


def clear_background(window: QWindow) -> None:
    """Back to Qt's background None, for a window given one by `set_background`: the server
    frees the picture (Qt's own drawing is on screen by now).

    The server paints a background through a graphics context it keeps for reuse, which goes on
    holding the last background it tiled (and so the whole picture) until it tiles another. So
    the window first gets a one-pixel background, a copy of its own top-left pixel, tiled over
    that one pixel: nothing on screen changes, and the picture is no longer held anywhere."""
    opened = _opened()
    if opened is None:
        return
    lib, connection = opened
    wid = int(window.winId())
    geometry = _geometry(lib, connection, wid)
    if geometry is None:
        return
    depth = geometry[0]
    pixel, gc = lib.xcb_generate_id(connection), lib.xcb_generate_id(connection)
    lib.xcb_create_pixmap(connection, depth, pixel, wid, 1, 1)
    lib.xcb_create_gc(connection, gc, pixel, 0, None)
    lib.xcb_copy_area(connection, wid, pixel, gc, 0, 0, 0, 0, 1, 1)
    lib.xcb_free_gc(connection, gc)
    value = (ctypes.c_uint32 * 1)(pixel)
    lib.xcb_change_window_attributes(connection, wid, _CW_BACK_PIXMAP, value)
    lib.xcb_clear_area(connection, 0, wid, 0, 0, 1, 1)
    value[0] = 0  # None, as Qt made the window
    lib.xcb_change_window_attributes(connection, wid, _CW_BACK_PIXMAP, value)
    lib.xcb_free_pixmap(connection, pixel)
    lib.xcb_flush(connection)
