"""Switching the screen itself off and on while the kiosk sleeps: one seam, one way per system.

  X11      DPMS (DPMSForceLevel off/on through libXext); a server without DPMS: black, said so
  Wayland  wlr-output-power-management through `wlopm` where the compositor offers it; else black
  Windows  SC_MONITORPOWER to the window; the sleep inhibitor is let go by the session meanwhile
  HDMI-CEC standby/on through `cec-client` (Debian: cec-utils), when the deck asks and an adapter
           answers, besides the above

Whatever happens here, the window shows black while asleep, so a screen that cannot be switched
off is at least dark. Each way says in one sentence what it did (or why it could not), for the
log. No Qt: the calls run on a worker thread, since cec-client takes seconds.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

log = logging.getLogger(__name__)
COMMAND_SECONDS = 20.0  # cec-client needs a few seconds to open the adapter
CLOSE_SECONDS = 5.0


class Power(Protocol):
    def off(self) -> str: ...
    def on(self) -> str: ...


Run = Callable[..., "subprocess.CompletedProcess[str]"]


def _run(argv: Sequence[str], text_in: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), input=text_in, capture_output=True, text=True,
                          timeout=COMMAND_SECONDS, check=False)


class Black:
    """No way to switch this screen off: the black frame is all there is."""

    def __init__(self, why: str) -> None:
        self.why = why

    def off(self) -> str:
        return f"{self.why}; the screen shows black instead"

    def on(self) -> str:
        return "the screen shows the slides again"


# ----- X11 --------------------------------------------------------------------------------------
DPMS_ON, DPMS_OFF = 0, 3  # DPMSModeOn, DPMSModeOff


class X11Dpms:
    """DPMS through libX11/libXext on our own connection to the server (`display`)."""

    def __init__(self, display: str | None) -> None:
        self.display = display
        self._was_enabled: bool | None = None  # DPMS as it was before the kiosk forced it

    def _libs(self) -> tuple[Any, Any] | None:
        x11, xext = ctypes.util.find_library("X11"), ctypes.util.find_library("Xext")
        try:
            return ctypes.CDLL(x11 or "libX11.so.6"), ctypes.CDLL(xext or "libXext.so.6")
        except OSError:
            return None

    def _with_display(self, act: Callable[[Any, Any], str]) -> str:
        libs = self._libs()
        if libs is None:
            return Black("libX11 or libXext is missing, so DPMS cannot be asked for").off()
        x11, xext = libs
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        vp, intp = ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)
        signatures = {"DPMSQueryExtension": [vp, intp, intp], "DPMSCapable": [vp],
                      "DPMSEnable": [vp], "DPMSDisable": [vp],
                      "DPMSForceLevel": [vp, ctypes.c_ushort],
                      "DPMSInfo": [vp, ctypes.POINTER(ctypes.c_ushort),
                                   ctypes.POINTER(ctypes.c_ubyte)]}
        for name, argtypes in signatures.items():
            getattr(xext, name).argtypes = argtypes
        x11.XFlush.argtypes = x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        dpy = x11.XOpenDisplay(self.display.encode() if self.display else None)
        if not dpy:
            return f"cannot open X display {self.display}; the screen shows black instead"
        try:
            return act(dpy, xext)
        finally:
            x11.XFlush(dpy)
            x11.XCloseDisplay(dpy)

    @staticmethod
    def _has_dpms(dpy: Any, xext: Any) -> bool:
        event, error = ctypes.c_int(), ctypes.c_int()
        return bool(xext.DPMSQueryExtension(dpy, ctypes.byref(event), ctypes.byref(error))) \
            and bool(xext.DPMSCapable(dpy))

    def off(self) -> str:
        def act(dpy: Any, xext: Any) -> str:
            if not self._has_dpms(dpy, xext):
                return (f"the X server {self.display} has no DPMS extension, so the monitor "
                        "cannot be switched off; the screen shows black instead")
            level, state = ctypes.c_ushort(), ctypes.c_ubyte()
            xext.DPMSInfo(dpy, ctypes.byref(level), ctypes.byref(state))
            self._was_enabled = bool(state.value)
            if not state.value:
                xext.DPMSEnable(dpy)  # forcing a level needs DPMS on
            xext.DPMSForceLevel(dpy, DPMS_OFF)
            return f"monitor switched off through DPMS on {self.display}"

        return self._with_display(act)

    def on(self) -> str:
        def act(dpy: Any, xext: Any) -> str:
            if not self._has_dpms(dpy, xext):
                return "the screen shows the slides again"
            xext.DPMSForceLevel(dpy, DPMS_ON)
            if self._was_enabled is False:
                xext.DPMSDisable(dpy)  # as the operator had it (xset -dpms: no blanking by day)
            return f"monitor switched on through DPMS on {self.display}"

        return self._with_display(act)


# ----- Wayland ----------------------------------------------------------------------------------
class WlrOutputPower:
    """wlr-output-power-management (sway, labwc, newer cage) through the `wlopm` tool."""

    def __init__(self, run: Run = _run, which: Callable[[str], str | None] = shutil.which) -> None:
        self.run = run
        self.tool = which("wlopm")

    def _switch(self, word: str) -> str | None:
        if self.tool is None:
            return None
        done = self.run([self.tool, f"--{word}", "*"])
        return None if done.returncode else f"outputs switched {word} through wlopm"

    def off(self) -> str:
        said = self._switch("off")
        if said is not None:
            return said
        why = "wlopm is not installed" if self.tool is None else \
            "the compositor does not offer output power management (wlopm failed)"
        return Black(f"{why}, so the output cannot be switched off").off()

    def on(self) -> str:
        return self._switch("on") or "the screen shows the slides again"


# ----- Windows ----------------------------------------------------------------------------------
WM_SYSCOMMAND, SC_MONITORPOWER = 0x0112, 0xF170
HWND_BROADCAST, SMTO_ABORTIFHUNG = 0xFFFF, 0x0002
MONITOR_OFF, MONITOR_ON = 2, -1
MOUSEEVENTF_MOVE = 0x0001


class WindowsMonitor:
    """SC_MONITORPOWER: what Windows' own power plan sends. Sent with a timeout, since one hung
    top-level window would otherwise hold a broadcast for good."""

    def __init__(self, user32: Any = None) -> None:
        self.user32 = user32 if user32 is not None else \
            ctypes.windll.user32  # type: ignore[attr-defined]

    def _send(self, state: int) -> None:
        result = ctypes.c_size_t()
        self.user32.SendMessageTimeoutW(HWND_BROADCAST, WM_SYSCOMMAND, SC_MONITORPOWER, state,
                                        SMTO_ABORTIFHUNG, 2000, ctypes.byref(result))

    def off(self) -> str:
        self._send(MONITOR_OFF)
        return "monitor switched off (SC_MONITORPOWER); Windows' power plan may act meanwhile"

    def on(self) -> str:
        self._send(MONITOR_ON)
        # Windows 8 and later ignore "on" from SC_MONITORPOWER; input wakes a monitor for sure.
        self.user32.mouse_event(MOUSEEVENTF_MOVE, 0, 0, 0, 0)
        return "monitor switched on (SC_MONITORPOWER and a null mouse move)"


# ----- HDMI-CEC ---------------------------------------------------------------------------------
class HdmiCec:
    """A TV's standby and on over HDMI-CEC with libcec's cec-client, one command per call
    (`-s`), to the TV (logical address 0)."""

    def __init__(self, run: Run = _run, which: Callable[[str], str | None] = shutil.which) -> None:
        self.run = run
        self.tool = which("cec-client")
        self._adapter: bool | None = None

    def problem(self) -> str | None:
        """None when cec-client finds an adapter; else the sentence that says what is missing."""
        if self.tool is None:
            return ("HDMI-CEC was asked for, but cec-client is not installed (Debian: "
                    "apt install cec-utils); the TV is left as it is")
        if self._adapter is None:
            done = self.run([self.tool, "-l"])
            listed = done.stdout
            self._adapter = done.returncode == 0 and "Found devices: NONE" not in listed \
                and "device:" in listed
        if not self._adapter:
            return ("HDMI-CEC was asked for, but no CEC adapter was found (cec-client -l lists "
                    "none); the TV is left as it is")
        return None

    def _send(self, *commands: str) -> str | None:
        missing = self.problem()
        if missing is not None or self.tool is None:
            return missing
        for command in commands:
            done = self.run([self.tool, "-s", "-d", "1"], command + "\n")
            if done.returncode:
                return f"cec-client could not send '{command}' (exit {done.returncode})"
        return None

    def off(self) -> str:
        return self._send("standby 0") or "TV sent to standby over HDMI-CEC"

    def on(self) -> str:
        # "as": make the kiosk the active source, or the TV may wake on another input
        return self._send("on 0", "as") or "TV switched on over HDMI-CEC"


# ----- choosing ---------------------------------------------------------------------------------
def ways_for(platform: str, *, hdmi_cec: bool = False, env: Mapping[str, str] | None = None,
             system: str = sys.platform) -> list[Power]:
    """The ways to switch this screen off, by Qt's platform name ('xcb', 'wayland', 'windows',
    'offscreen', ...)."""
    env = os.environ if env is None else env
    ways: list[Power]
    if system == "win32" or platform == "windows":
        ways = [WindowsMonitor()]
    elif platform == "xcb":
        ways = [X11Dpms(env.get("DISPLAY"))]
    elif platform.startswith("wayland"):
        ways = [WlrOutputPower()]
    else:
        ways = [Black(f"the '{platform}' platform has no screen to switch off")]
    if hdmi_cec:
        ways.append(HdmiCec())
    return ways


class PowerSwitch:
    """Applies asleep/awake to every way in order, on its own thread; only the latest wish
    counts when several queue up (a touch during a slow cec-client call)."""

    def __init__(self, ways: Sequence[Power], *, hdmi_cec: bool = False) -> None:
        self.ways = list(ways)
        self.hdmi_cec = hdmi_cec  # whether a TV is among the ways (the deck asked)
        self._wishes: queue.Queue[bool | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.said: list[str] = []  # every sentence, for tests and the log

    def set(self, asleep: bool) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="kiosk-display-power",
                                             daemon=True)
            self._thread.start()
        self._wishes.put(asleep)

    def wait(self) -> None:
        """Until every wish so far is applied (tests; the end of the kiosk)."""
        self._wishes.join()

    def close(self) -> None:
        if self._thread is not None:
            self._wishes.put(None)
            self._thread.join(timeout=CLOSE_SECONDS)  # a slow TV must not hold the exit
            self._thread = None

    def _work(self) -> None:
        applied = False  # the kiosk starts with the screen on
        stop = False
        while not stop:
            wishes = [self._wishes.get()]
            while not self._wishes.empty():
                wishes.append(self._wishes.get_nowait())  # only the latest wish counts
            stop = None in wishes
            latest = [w for w in wishes if w is not None]
            try:
                if latest and latest[-1] != applied:
                    applied = latest[-1]
                    for way in self.ways:
                        self._say(way.off if applied else way.on)
            finally:
                for _ in wishes:
                    self._wishes.task_done()

    def _say(self, act: Callable[[], str]) -> None:
        try:
            said = act()
        except (OSError, subprocess.SubprocessError, AttributeError, ValueError) as exc:
            said = f"switching the screen failed: {exc}; the screen shows black instead"
        except Exception as exc:  # the switch outlives any one way, or the morning stays dark
            log.exception("display power: a way failed unforeseen")
            said = f"switching the screen failed: {exc!r}; the screen shows black instead"
        self.said.append(said)
        log.info("display power: %s", said)
