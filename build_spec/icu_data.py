"""Qt's ICU data cut down to what the kiosk uses: the one-file build's largest single saving.

PySide6 ships libicudata.so.NN: 32 MB (12 MB compressed) of locale data for every language,
collation for every script, hundreds of legacy character-set converters and transliterators.
The kiosk speaks Korean and English, reads UTF-8 and breaks its own lines (render/breaks.py),
so the build keeps the root, English and Korean locales and the locale-independent data (time
zones, Unicode properties, normalisation, break rules), and drops the rest: the library becomes
7.6 MB (3.8 MB compressed).

How: the data is one symbol, icudt<NN>_dat, in the library's .rodata; `objcopy` takes it out,
ICU's own `icupkg` (Debian's icu-devtools) removes items (keeping every item another kept item
depends on), and `gcc` assembles a library of the same soname holding the smaller package.
Linux only; any tool missing, or anything unexpected, and the build keeps Qt's own library.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

KEEP_LOCALES = {"root", "en", "en_US", "en_US_POSIX", "en_001", "en_GB", "ko", "ko_KR",
                "res_index", "pool"}
LOCALE = re.compile(r"[a-z]{2,3}(_\w*)?")  # "af", "zh_Hant_TW", "es_" (an alias); not "zoneinfo64"
STUB = """\
    .section .rodata
    .globl {symbol}
    .type {symbol}, @object
    .balign 16
{symbol}:
    .incbin "{data}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack,"",@progbits
"""


def dropped(items: list[str]) -> set[str]:
    """The package items the kiosk never uses."""
    drop = set()
    for item in items:
        tree, _, name = item.rpartition("/")
        stem, _, kind = name.rpartition(".")
        if tree == "translit" or kind in ("cnv", "dict"):
            drop.add(item)  # transliterators, legacy converters, dictionary word breaking
        elif kind == "res" and LOCALE.fullmatch(stem) and stem not in KEEP_LOCALES:
            drop.add(item)  # another language's names, currencies, units, collation...
    return drop


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def slim_library(library: Path, work: Path) -> Path | None:
    """A copy of libicudata with the smaller package, or None where it cannot be made."""
    match = re.match(r"libicudata\.so\.(\d+)", library.name)
    if not match or not all(shutil.which(t) for t in ("objcopy", "readelf", "icupkg", "gcc")):
        return None
    symbol = f"icudt{match.group(1)}_dat"
    package = f"icudt{match.group(1)}l"
    shutil.rmtree(work, ignore_errors=True)
    (work / "out").mkdir(parents=True)
    full = work / f"{package}.dat"
    symbols = _run("readelf", "-Ws", str(library), cwd=work).stdout
    size = next((int(line.split()[2], 0) for line in symbols.splitlines()
                 if line.split()[-1:] == [symbol]), None)
    _run("objcopy", "-O", "binary", "--only-section=.rodata", str(library), str(full), cwd=work)
    if size is None or not full.is_file() or full.stat().st_size != size:
        return None  # .rodata holds more than the package: leave the library alone
    items = _run("icupkg", "-l", str(full), cwd=work).stdout.split()
    drop = dropped(items)
    slim = work / "out" / f"{package}.dat"
    for _ in range(10):  # give back whatever a kept item turns out to need
        (work / "drop.txt").write_text("\n".join(sorted(drop)) + "\n", encoding="utf-8")
        slim.unlink(missing_ok=True)
        done = _run("icupkg", "-r", "drop.txt", full.name, str(slim), cwd=work)
        needed = set(re.findall(r"depends on missing item (\S+)", done.stdout + done.stderr))
        if not needed:
            break
        drop -= needed
    if done.returncode or not slim.is_file():
        return None
    (work / "stub.S").write_text(STUB.format(symbol=symbol, data=slim), encoding="utf-8")
    out = work / library.name
    built = _run("gcc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(out),
                 "stub.S", cwd=work)
    return out if built.returncode == 0 and out.is_file() else None


def slim_icu(binaries: list[tuple[str, str, str]], work: Path) -> list[tuple[str, str, str]]:
    """The build's binaries with Qt's ICU data library replaced by the slim one."""
    if not sys.platform.startswith("linux"):
        return binaries
    result = []
    for dest, source, kind in binaries:
        if Path(dest).name.startswith("libicudata.so"):
            slim = slim_library(Path(source), work)
            if slim is not None:
                print(f"icu_data: {Path(source).stat().st_size >> 20} MB -> "
                      f"{slim.stat().st_size >> 20} MB", file=sys.stderr)
                source = str(slim)
            else:
                print("icu_data: keeping Qt's full ICU data (objcopy, icupkg or gcc missing)",
                      file=sys.stderr)
        result.append((dest, source, kind))
    return result
