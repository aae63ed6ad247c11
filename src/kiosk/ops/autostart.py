"""Start with the machine, come back after a crash: a systemd user unit, or an XDG autostart entry;
on Windows a Task Scheduler task at logon (kiosk.platform.logon_task).

Files go under $XDG_CONFIG_HOME (default ~/.config), never anywhere that needs root. Neither
carries the display: DISPLAY, WAYLAND_DISPLAY and XAUTHORITY change at every login (GNOME's
Xwayland cookie is a new file each time), so a unit that baked them in failed after the next login
with "Authorization required". The unit takes them from the user's systemd manager, into which
the desktop session imports them at each login before it starts graphical-session.target.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from kiosk.platform import paths

UNIT_NAME = "yangjae-kiosk.service"
DESKTOP_NAME = "yangjae-kiosk.desktop"


def config_home() -> Path:
    return paths.config_home()


def command(deck: str | None, extra: tuple[str, ...] = ()) -> list[str]:
    """How to start the kiosk from here: the one-file executable, or this Python with -m kiosk."""
    from kiosk.resources import executable

    program = executable()
    base = [str(program)] if program is not None else [sys.executable, "-m", "kiosk"]
    args = ["run"]
    if deck:
        args.append(deck if _is_url(deck) else str(Path(deck).resolve()))
    return base + args + list(extra)


def _is_url(deck: str) -> bool:
    return deck.startswith(("http://", "https://"))


def unit_text(deck: str | None, extra: tuple[str, ...] = ()) -> str:
    workdir = str(Path(deck).resolve().parent) if deck and not _is_url(deck) else str(Path.cwd())
    return f"""[Unit]
Description=Yangjae lobby kiosk
# Started with each graphical login, after the session has put its display and its X cookie
# into the user manager; stopped with the session, so never run with a stale one.
After=graphical-session.target
PartOf=graphical-session.target
Requisite=graphical-session.target

[Service]
Type=simple
ExecStart={_systemd_escape(shlex.join(command(deck, extra)))}
WorkingDirectory={workdir.replace('%', '%%')}
Environment=LANG=C.UTF-8
Restart=always
RestartSec=3

[Install]
WantedBy=graphical-session.target
"""


def _systemd_escape(text: str) -> str:
    return text.replace("%", "%%").replace("$", "$$")  # systemd expands both even in quotes


# Characters that make the Desktop Entry spec want an argument quoted (its "Exec key" section).
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")


def desktop_exec(args: list[str]) -> str:
    """An Exec= value for these arguments, quoted as the Desktop Entry spec says."""
    quoted = []
    for arg in args:
        arg = arg.replace("%", "%%")  # field codes
        if not arg or any(c in _RESERVED for c in arg):
            arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
        quoted.append(arg)
    # The value is a string first: its backslashes are escaped once more on top of the quoting.
    return " ".join(quoted).replace("\\", "\\\\")


def desktop_text(deck: str | None, extra: tuple[str, ...] = ()) -> str:
    return f"""[Desktop Entry]
Type=Application
Name=Yangjae lobby kiosk
Exec={desktop_exec(command(deck, extra))}
X-GNOME-Autostart-enabled=true
NoDisplay=true
"""


def windows_command(deck: str | None, extra: tuple[str, ...] = ()) -> list[str]:
    """The task's command: unattended (never a message box nobody could answer) and restarted
    by the kiosk itself when it ends with an error."""
    base = command(deck, extra)
    at = base.index("run") + 1
    return base[:at] + ["--unattended", "--restart-on-failure"] + base[at:]


def install_windows(deck: str | None, extra: tuple[str, ...] = ()) -> tuple[Path, str]:
    import subprocess

    from kiosk.platform import logon_task

    folder = paths.windows_home() or Path.cwd()
    path = folder / "autostart-task.xml"
    workdir = str(Path(deck).resolve().parent) if deck and not _is_url(deck) else str(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(logon_task.task_xml(windows_command(deck, extra), workdir,
                                        logon_task.current_user()), encoding="utf-16")
    create = logon_task.create_command(str(path))
    try:
        done = subprocess.run(create, capture_output=True, text=True, timeout=60, check=False)
        failure = None if done.returncode == 0 else (done.stderr or done.stdout).strip()
    except OSError as exc:
        failure = str(exc)
    if failure is None:
        how = (f"Registered as the Task Scheduler task {logon_task.TASK_NAME}: it starts at this "
               "user's next logon (or now: schtasks /Run /TN " + logon_task.TASK_NAME + ").")
    else:
        how = (f"Task Scheduler refused it ({failure}). Register it yourself with:\n  "
               + subprocess.list2cmdline(create))
    return path, how


def install(deck: str | None, xdg: bool, extra: tuple[str, ...] = ()) -> tuple[Path, str]:
    if sys.platform == "win32":
        return install_windows(deck, extra)
    if xdg:
        path = config_home() / "autostart" / DESKTOP_NAME
        text = desktop_text(deck, extra)
        how = "It starts at the next graphical login."
    else:
        path = config_home() / "systemd" / "user" / UNIT_NAME
        text = unit_text(deck, extra)
        how = (f"Enable it with:\n  systemctl --user daemon-reload && systemctl --user enable "
               f"{UNIT_NAME}\nIt starts with the next graphical login (GNOME, KDE and other "
               f"sessions that start graphical-session.target); for a bare X session or a "
               f"window manager use --xdg instead.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, how


def uninstall() -> list[Path]:
    if sys.platform == "win32":
        import subprocess

        from kiosk.platform import logon_task

        task = paths.windows_home() or Path.cwd()
        done = subprocess.run(logon_task.delete_command(), capture_output=True, timeout=60,
                              check=False)
        path = task / "autostart-task.xml"
        path.unlink(missing_ok=True)
        return [Path("Task Scheduler") / logon_task.TASK_NAME] if done.returncode == 0 else []
    removed = []
    for path in (config_home() / "systemd" / "user" / UNIT_NAME,
                 config_home() / "autostart" / DESKTOP_NAME):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
