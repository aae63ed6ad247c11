"""Children that end with their parent, however it ends.

`kiosk run --restart-on-failure` runs the kiosk as its child. When the supervisor is ended from
outside (Task Scheduler's "End", Task Manager, a sign-out), the kiosk it started must not stay on
screen with nobody watching it. Windows sends no signal to clean up on: a Job Object marked
"kill on job close" holding this process makes Windows end every process started from it (and
theirs: the one-file exe is two processes) once the last handle to the job is gone. In the
one-file kiosk.exe this process is the child of PyInstaller's launcher, which is what Task
Scheduler started and ends, and which does not pass its end on (pyinstaller#4858): so the one
handle is moved into the launcher, and the launcher's end ends this process and all it started.
Linux needs nothing here: systemd ends the unit's whole cgroup, and the supervisor passes SIGTERM
on itself.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys

log = logging.getLogger(__name__)

JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000
PROCESS_DUP_HANDLE = 0x0040
DUPLICATE_SAME_ACCESS = 0x0002
_held: list[object] = []  # the job's handle, for the life of this process


class _BasicLimits(ctypes.Structure):
    _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64),
                ("PerJobUserTimeLimit", ctypes.c_int64), ("LimitFlags", ctypes.c_uint32),
                ("MinimumWorkingSetSize", ctypes.c_size_t),
                ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", ctypes.c_uint32),
                ("Affinity", ctypes.c_size_t), ("PriorityClass", ctypes.c_uint32),
                ("SchedulingClass", ctypes.c_uint32)]


class _IoCounters(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint64) for name in (
        "ReadOperationCount", "WriteOperationCount", "OtherOperationCount", "ReadTransferCount",
        "WriteTransferCount", "OtherTransferCount")]


class _ExtendedLimits(ctypes.Structure):
    _fields_ = [("BasicLimitInformation", _BasicLimits), ("IoInfo", _IoCounters),
                ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                ("PeakProcessMemoryUsed", ctypes.c_size_t),
                ("PeakJobMemoryUsed", ctypes.c_size_t)]


def end_children_with_this_process() -> bool:
    """Windows: from now on, this process's children end when it ends. Elsewhere nothing."""
    if sys.platform != "win32" or _held:
        return bool(_held)
    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    create, assign, current = (kernel.CreateJobObjectW, kernel.AssignProcessToJobObject,
                               kernel.GetCurrentProcess)
    create.restype = current.restype = ctypes.c_void_p  # handles are pointers, not C ints
    assign.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    job = create(None, None)
    limits = _ExtendedLimits()
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    if not job or not kernel.SetInformationJobObject(
            ctypes.c_void_p(job), JOB_OBJECT_EXTENDED_LIMIT_INFORMATION, ctypes.byref(limits),
            ctypes.sizeof(limits)) or not assign(job, current()):
        log.warning("could not tie the kiosk to its supervisor (Windows job object): ending "
                    "the supervisor from outside may leave the kiosk running")
        return False
    if getattr(sys, "frozen", False) and _hand_to_launcher(kernel, job, current()):
        _held.append("launcher")
        return True
    _held.append(job)
    return True


def _hand_to_launcher(kernel: ctypes.CDLL, job: int, this: int) -> bool:
    """Move the job's handle into the one-file launcher (our parent); False if it cannot be."""
    kernel.OpenProcess.restype = ctypes.c_void_p
    launcher = kernel.OpenProcess(PROCESS_DUP_HANDLE, False, os.getppid())
    if not launcher:
        return False
    kernel.DuplicateHandle.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                                       ctypes.POINTER(ctypes.c_void_p), ctypes.c_uint32,
                                       ctypes.c_int, ctypes.c_uint32]
    theirs = ctypes.c_void_p()
    moved = kernel.DuplicateHandle(this, job, launcher, ctypes.byref(theirs), 0, False,
                                   DUPLICATE_SAME_ACCESS)
    kernel.CloseHandle.argtypes = [ctypes.c_void_p]
    kernel.CloseHandle(launcher)
    if moved:
        kernel.CloseHandle(job)  # the launcher's copy is now the only one
    return bool(moved)
