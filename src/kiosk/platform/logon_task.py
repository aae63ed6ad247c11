"""Windows' side of autostart: a Task Scheduler task that starts the kiosk at the user's logon.

Why a task and not the Startup folder: a task starts even when Explorer is not the shell (Shell
Launcher, Assigned Access), waits for nobody, has no execution time limit, runs at normal
priority (a task's default is below normal) and can be started by hand from Task Scheduler. The
kiosk itself restarts after a crash (`run --restart-on-failure`, which the task passes): Task
Scheduler's own RestartOnFailure is set too, but Windows applies it only when the program cannot
be started at all, not when it exits with an error.

The task is registered with `schtasks /Create /XML`, which reads the file as UTF-16.
"""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET

TASK_NAME = "YangjaeKiosk"
NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"


def current_user() -> str:
    user = os.environ.get("USERNAME", "")
    domain = os.environ.get("USERDOMAIN", "")
    return f"{domain}\\{user}" if domain and user else user


def task_xml(command: list[str], workdir: str, user: str) -> str:
    """The task definition (Task Scheduler schema 1.2) that runs `command` at `user`'s logon."""
    ET.register_namespace("", NAMESPACE)

    def add(parent: ET.Element, tag: str, text: str | None = None,
            **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    task = ET.Element(f"{{{NAMESPACE}}}Task", {"version": "1.2"})
    info = add(task, "RegistrationInfo")
    add(info, "Description", "Yangjae lobby kiosk: shows the deck from logon on, full screen")
    add(info, "URI", f"\\{TASK_NAME}")
    trigger = add(add(task, "Triggers"), "LogonTrigger")
    add(trigger, "Enabled", "true")
    add(trigger, "UserId", user)
    add(trigger, "Delay", "PT5S")  # the desktop (and a network drive's deck) a moment to settle
    principal = add(add(task, "Principals"), "Principal", id="Author")
    add(principal, "UserId", user)
    add(principal, "LogonType", "InteractiveToken")  # on the user's own desktop, no password
    add(principal, "RunLevel", "LeastPrivilege")
    settings = add(task, "Settings")
    for tag, value in (("MultipleInstancesPolicy", "IgnoreNew"),
                       ("DisallowStartIfOnBatteries", "false"),
                       ("StopIfGoingOnBatteries", "false"), ("AllowHardTerminate", "true"),
                       ("StartWhenAvailable", "true"), ("RunOnlyIfNetworkAvailable", "false"),
                       ("AllowStartOnDemand", "true"), ("Enabled", "true"), ("Hidden", "false"),
                       ("RunOnlyIfIdle", "false"), ("WakeToRun", "false"),
                       ("ExecutionTimeLimit", "PT0S"), ("Priority", "4")):
        add(settings, tag, value)
    restart = add(settings, "RestartOnFailure")
    add(restart, "Interval", "PT1M")
    add(restart, "Count", "999")
    execute = add(add(task, "Actions", Context="Author"), "Exec")
    add(execute, "Command", command[0])
    add(execute, "Arguments", subprocess.list2cmdline(command[1:]))
    add(execute, "WorkingDirectory", workdir)
    ET.indent(task)
    return '<?xml version="1.0" encoding="UTF-16"?>\n' + ET.tostring(task, encoding="unicode")


def create_command(xml_file: str) -> list[str]:
    return ["schtasks", "/Create", "/TN", TASK_NAME, "/XML", xml_file, "/F"]


def delete_command() -> list[str]:
    return ["schtasks", "/Delete", "/TN", TASK_NAME, "/F"]
