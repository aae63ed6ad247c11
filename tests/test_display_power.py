"""Switching the screen off and on, per system, through ops/display_power.py: the commands and
calls each way makes (a stand-in cec-client and wlopm that record what they are given, a
stand-in user32 for Windows), DPMS on a real X server read back with `xset q`, and the kiosk
itself under Xvfb going dark at night."""

from __future__ import annotations

import shutil
import signal
import stat
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.ops.display_power import (
    HWND_BROADCAST,
    MONITOR_OFF,
    MONITOR_ON,
    SC_MONITORPOWER,
    WM_SYSCOMMAND,
    Black,
    HdmiCec,
    PowerSwitch,
    WindowsMonitor,
    WlrOutputPower,
    X11Dpms,
    ways_for,
)
from tests.kiosk_process import KioskProcess, wait_until
from tests.xserver import XServer


def stand_in(folder: Path, name: str, listing: str = "", code: int = 0) -> Path:
    """A program that appends its arguments and its input to NAME.log, prints `listing` for
    `-l`, and exits with `code`."""
    script = folder / name
    (folder / f"{name}.listing").write_text(listing)
    script.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        log="{folder}/{name}.log"
        echo "args: $*" >> "$log"
        if [ "$1" = "-l" ]; then cat "{folder}/{name}.listing"; exit 0; fi
        if [ "$1" = "-s" ]; then while IFS= read -r line; do echo "in: $line" >> "$log"; done; fi
        exit {code}
        """))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def recorded(folder: Path, name: str) -> list[str]:
    path = folder / f"{name}.log"
    return path.read_text().splitlines() if path.exists() else []


def which_in(folder: Path) -> Any:
    return lambda name: shutil.which(name, path=str(folder))


ADAPTER = "Found devices: 1\n\ndevice:              1\ncom port:            /dev/cec0\n"


def test_cec_sends_standby_and_on_to_the_tv(tmp_path: Path) -> None:
    stand_in(tmp_path, "cec-client", ADAPTER)
    cec = HdmiCec(which=which_in(tmp_path))
    assert cec.off() == "TV sent to standby over HDMI-CEC"
    assert cec.on() == "TV switched on over HDMI-CEC"
    assert recorded(tmp_path, "cec-client") == [
        "args: -l",  # asked once whether there is an adapter
        "args: -s -d 1", "in: standby 0",
        "args: -s -d 1", "in: on 0",
        "args: -s -d 1", "in: as"]


def test_cec_without_an_adapter_says_so_plainly(tmp_path: Path) -> None:
    stand_in(tmp_path, "cec-client", "Found devices: NONE\n")
    cec = HdmiCec(which=which_in(tmp_path))
    said = cec.off()
    assert said.startswith("HDMI-CEC was asked for, but no CEC adapter was found")
    assert recorded(tmp_path, "cec-client") == ["args: -l"]  # nothing sent to no one


def test_cec_without_cec_client_says_so_plainly(tmp_path: Path) -> None:
    cec = HdmiCec(which=which_in(tmp_path))
    assert "cec-client is not installed (Debian: apt install cec-utils)" in cec.off()


def test_wayland_switches_outputs_through_wlopm(tmp_path: Path) -> None:
    stand_in(tmp_path, "wlopm")
    power = WlrOutputPower(which=which_in(tmp_path))
    assert power.off() == "outputs switched off through wlopm"
    assert power.on() == "outputs switched on through wlopm"
    assert recorded(tmp_path, "wlopm") == ["args: --off *", "args: --on *"]


def test_wayland_without_the_protocol_or_the_tool_is_black(tmp_path: Path) -> None:
    stand_in(tmp_path, "wlopm", code=1)  # wlopm: the compositor lacks the protocol
    said = WlrOutputPower(which=which_in(tmp_path)).off()
    assert "does not offer output power management" in said and "shows black" in said
    said = WlrOutputPower(which=which_in(tmp_path / "none")).off()
    assert "wlopm is not installed" in said and "shows black" in said


class User32:
    """Records what the kiosk asks of Windows' user32."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def SendMessageTimeoutW(self, *args: Any) -> int:  # noqa: N802 (Windows' name)
        self.calls.append(("SendMessageTimeoutW", *args[:4]))
        return 1

    def mouse_event(self, *args: Any) -> None:
        self.calls.append(("mouse_event", *args))


def test_windows_sends_sc_monitorpower() -> None:
    user32 = User32()
    monitor = WindowsMonitor(user32)
    monitor.off()
    monitor.on()
    assert user32.calls == [
        ("SendMessageTimeoutW", HWND_BROADCAST, WM_SYSCOMMAND, SC_MONITORPOWER, MONITOR_OFF),
        ("SendMessageTimeoutW", HWND_BROADCAST, WM_SYSCOMMAND, SC_MONITORPOWER, MONITOR_ON),
        ("mouse_event", 1, 0, 0, 0, 0)]
    assert (SC_MONITORPOWER, MONITOR_OFF) == (0xF170, 2)


def test_each_system_gets_its_way_and_cec_only_when_asked() -> None:
    assert isinstance(ways_for("xcb", env={"DISPLAY": ":5"})[0], X11Dpms)
    assert isinstance(ways_for("wayland")[0], WlrOutputPower)
    assert isinstance(ways_for("offscreen")[0], Black)
    assert [type(w) for w in ways_for("xcb", env={}, hdmi_cec=True)] == [X11Dpms, HdmiCec]


class Recording:
    def __init__(self, name: str, said: list[str]) -> None:
        self.name, self.log = name, said

    def off(self) -> str:
        self.log.append(f"{self.name} off")
        return "off"

    def on(self) -> str:
        self.log.append(f"{self.name} on")
        return "on"


def test_the_switch_applies_every_way_in_order_and_only_changes() -> None:
    log: list[str] = []
    switch = PowerSwitch([Recording("screen", log), Recording("tv", log)])
    switch.set(False)  # already on: nothing to do
    switch.wait()
    switch.set(True)
    switch.set(True)
    switch.wait()
    switch.set(False)
    switch.close()
    assert log == ["screen off", "tv off", "screen on", "tv on"]


# ----- X11, for real ------------------------------------------------------------------------------
def dpms(server: XServer) -> str:
    text = server.run("xset", "q")
    return text[text.index("DPMS"):]


def test_dpms_on_xvfb_read_back_with_xset(xserver: XServer) -> None:
    before = dpms(xserver)
    power = X11Dpms(xserver.display)
    said_off = power.off()
    after_off = dpms(xserver)
    said_on = power.on()
    after_on = dpms(xserver)
    if "does not have the DPMS Extension" in before:
        # Debian's Xvfb is built without DPMS: said so, and the window's black frame stands in
        assert "has no DPMS extension" in said_off and "shows black instead" in said_off
        assert after_off == before == after_on
    else:
        assert "Monitor is Off" in after_off and said_off.startswith("monitor switched off")
        assert "Monitor is On" in after_on and said_on.startswith("monitor switched on")
        assert ("DPMS is Disabled" in before) == ("DPMS is Disabled" in after_on)


NIGHT_DECK_HOURS = """\
  display:
    hours:
      weekly: {mon: closed, tue: closed, wed: closed, thu: closed, fri: closed, sat: closed,
               sun: closed}
      exceptions:
        - {date: 2000-01-01, hours: 09:00-18:00, note: the kiosk is always closed now}
      panel_watts: 80
"""


def test_the_kiosk_goes_dark_under_xvfb_and_says_how(
        xserver: XServer, tmp_path: Path, kiosk_process: Callable[..., KioskProcess]) -> None:
    from tests.hours_decks import deck_text

    deck = tmp_path / "slides.yaml"
    deck.write_text(deck_text(hours=NIGHT_DECK_HOURS), encoding="utf-8")
    before = dpms(xserver)
    kiosk = kiosk_process(str(deck), env={**xserver.env, "QT_QPA_PLATFORM": "xcb"})
    try:
        kiosk.wait_started()
        kiosk.wait_for_log("display power: ")
        log = kiosk.log_text()
        if "does not have the DPMS Extension" in before:
            assert f"the X server {xserver.display} has no DPMS extension" in log
            shot = xserver.grab()
            assert {shot.pixelColor(x, y).name() for x in range(0, shot.width(), 97)
                    for y in range(0, shot.height(), 89)} == {"#000000"}
        else:
            assert "Monitor is Off" in dpms(xserver)
        assert kiosk.plays()[0]["event"] == "sleep"
    finally:
        kiosk.signal(signal.SIGTERM)
        assert kiosk.wait_exit(30) == 0
    if "does not have the DPMS Extension" not in before:
        assert "Monitor is On" in dpms(xserver)  # the kiosk leaves the screen on


def test_a_failing_way_is_said_and_the_rest_still_run() -> None:
    class Broken:
        def off(self) -> str:
            raise subprocess.TimeoutExpired("cec-client", 20)

        def on(self) -> str:
            return "on"

    log: list[str] = []
    switch = PowerSwitch([Broken(), Recording("screen", log)])
    switch.set(True)
    switch.wait()
    assert switch.said[0].startswith("switching the screen failed") and log == ["screen off"]
    switch.close()


def test_a_way_failing_unforeseen_leaves_the_switch_working_for_the_morning() -> None:
    """A ctypes call given a wrong argument raises ctypes.ArgumentError, none of the errors a
    way is expected to raise: the switch still turns the screen on at opening."""
    import ctypes

    class Unforeseen:
        def off(self) -> str:
            raise ctypes.ArgumentError("argument 2: wrong type")

        def on(self) -> str:
            return "on"

    log: list[str] = []
    switch = PowerSwitch([Unforeseen(), Recording("screen", log)])
    switch.set(True)
    switch.wait()
    switch.set(False)
    switch.wait()
    switch.close()
    assert log == ["screen off", "screen on"]
    assert switch.said[0].startswith("switching the screen failed")


def test_a_night_restart_shows_no_remembered_lit_frame(
        tmp_path: Path, kiosk_process: Callable[..., KioskProcess]) -> None:
    """The first frame remembered for a quick start is the lit cover of a start by day; shown
    at a restart at night it lit the lobby for a moment before the kiosk went black. A deck
    with opening hours has no one first frame (as a deck with schedules has not): here one
    open all week, started twice, is drawn both times."""
    from tests.hours_decks import deck_text

    deck = tmp_path / "slides.yaml"
    always = "".join(f"        {day}: 00:00-24:00\n" for day in
                     ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    deck.write_text(deck_text(hours=NIGHT_DECK_HOURS.split("      weekly:")[0] +
                              "      weekly:\n" + always), encoding="utf-8")
    for run in range(2):
        kiosk = kiosk_process(str(deck))
        kiosk.wait_started()
        wait_until(lambda k=kiosk, n=run + 1: k.log_text().count(" starts on ") == n, 30)
        kiosk.signal(signal.SIGTERM)
        assert kiosk.wait_exit(30) == 0
    log = kiosk.log_text()
    assert log.count("first frame drawn") == 2 and "first frame remembered" not in log, log
