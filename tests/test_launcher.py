"""build_spec/launcher.sh, the front of the single file, in every case the field has shown: a
private cache only, concurrent first starts, full and noexec filesystems, damaged caches and
files, caches owned by someone else, and a newer version arriving while an older one runs.

The payload is a stand-in program packed by build_spec/pack.sh exactly as the real build is
(tests/test_packaging.py runs the real file)."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.launcher_payloads import (
    QUICK_STOPPING_KIOSK,
    STOPPING_KIOSK,
    launch,
    pack,
    payload_id,
    second_user,
    wait_for,
)

BASE = "yangjae-kiosk"
PATH = "/usr/bin:/bin:/usr/sbin:/sbin"
Mount = Callable[[str], Path]  # mount a tmpfs with these options, give its folder
root_only = pytest.mark.skipif(os.geteuid() != 0, reason="mounts a filesystem (root)")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


def env_for(home: Path, **extra: str) -> dict[str, str]:
    return {"PATH": PATH, "HOME": str(home), **extra}


def cache(home: Path) -> Path:
    return home / ".cache" / BASE


def ran_from(result: subprocess.CompletedProcess[str]) -> Path:
    assert result.returncode == 0, result.stderr
    line = result.stdout.splitlines()[0]
    assert line.startswith("ran "), result.stdout
    return Path(line.split()[1])


@pytest.fixture
def mount(tmp_path: Path) -> Iterator[Mount]:
    mounted: list[Path] = []

    def mount_tmpfs(options: str) -> Path:
        point = tmp_path / f"mnt{len(mounted)}"
        point.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount_tmpfs
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_unpacks_once_into_a_private_folder(tmp_path: Path, home: Path) -> None:
    exe = pack(tmp_path, "v1")
    first = ran_from(launch(exe, env_for(home), "run", "x y"))
    assert first == cache(home) / f"app-{payload_id(exe)}"
    assert stat.S_IMODE(cache(home).stat().st_mode) == 0o700
    stamp = first.stat().st_mtime_ns
    result = launch(exe, env_for(home), "check")
    assert ran_from(result) == first and result.stdout.split()[2:] == ["check"]
    assert first.stat().st_mtime_ns == stamp  # not unpacked again
    assert sorted(p.name for p in cache(home).iterdir() if not p.name.endswith(".lock")) \
        == [first.name]


def test_without_a_home_it_never_runs_a_planted_folder(tmp_path: Path) -> None:
    """HOME unset (as under some service managers): the old launcher ran whatever another local
    user had put at /tmp/.cache/yangjae-kiosk/app-<id>/kiosk, as root."""
    exe = pack(tmp_path, "planted")
    planted = Path("/tmp/.cache") / BASE / f"app-{payload_id(exe)}"
    marker = tmp_path / "planted-ran"
    made = [p for p in (Path("/tmp/.cache"), planted.parent, planted) if not p.exists()]
    planted.mkdir(parents=True, exist_ok=True)
    try:
        (planted / "kiosk").write_text(f"#!/bin/sh\ntouch {marker}\necho planted\n")
        (planted / "kiosk").chmod(0o755)
        own_tmp = tmp_path / "tmp"
        own_tmp.mkdir()
        result = launch(exe, {"PATH": PATH, "TMPDIR": str(own_tmp)}, "run")
        where = ran_from(result)
        assert not marker.exists()
        assert where.parent.parent == own_tmp and where.parent.name.startswith(f"{BASE}.")
        assert list(own_tmp.iterdir()) == []  # the per-run folder goes with the run
    finally:
        shutil.rmtree(planted, ignore_errors=True)
        for path in reversed(made[:-1]):
            shutil.rmtree(path, ignore_errors=True)


def test_concurrent_first_starts_all_run_one_copy(tmp_path: Path, home: Path) -> None:
    exe = pack(tmp_path, "race", size=2_000_000, files=6)
    starts = [subprocess.Popen(["env", "-i", f"PATH={PATH}", f"HOME={home}", str(exe), "run"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for _ in range(4)]
    results = [p.communicate(timeout=120) for p in starts]
    assert [p.returncode for p in starts] == [0] * 4, results
    assert all(err == "" for _out, err in results), results
    where = {out.split()[1] for out, _err in results}
    assert where == {str(cache(home) / f"app-{payload_id(exe)}")}
    left = sorted(p.name for p in cache(home).iterdir() if not p.name.endswith(".lock"))
    assert left == [f"app-{payload_id(exe)}"]
    assert len(list((cache(home) / left[0] / "lib").iterdir())) == 6


def refused_in_one_line(exe: Path, env: dict[str, str], folder: Path, *words: str) -> None:
    """Started twice (as systemd restarts it): one line naming the cause, nothing left behind."""
    for _restart in range(2):
        result = launch(exe, env, "run")
        assert result.returncode == 1 and result.stdout == ""
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert all(word in result.stderr for word in words), result.stderr
        assert list(folder.iterdir()) == []


@root_only
@pytest.mark.parametrize(("size", "files", "options", "words"), [
    # too small from the start: the free-space check says so before writing anything
    (1_000_000, 4, "size=2m", ("not enough space", "MB")),
    # space left but no inodes: the size check passes and tar fails partway
    (1000, 40, "size=20m,nr_inodes=12", ("could not unpack", "No space left")),
], ids=["too-small", "full-midway"])
def test_full_filesystem_one_line_and_no_junk(tmp_path: Path, mount: Mount, size: int,
                                              files: int, options: str,
                                              words: tuple[str, ...]) -> None:
    exe = pack(tmp_path, "full", size=size, files=files)
    small = mount(options)
    refused_in_one_line(exe, env_for(tmp_path, XDG_CACHE_HOME=str(small)), small, *words)


@root_only
def test_noexec_cache_one_line_and_no_junk(tmp_path: Path, mount: Mount) -> None:
    exe = pack(tmp_path, "noexec")
    noexec = mount("size=20m,noexec")
    refused_in_one_line(exe, env_for(tmp_path, XDG_CACHE_HOME=str(noexec)), noexec, "noexec")
    # and the same for the temporary folder used when there is no home
    refused_in_one_line(exe, {"PATH": PATH, "TMPDIR": str(noexec)}, noexec, "noexec")


def test_a_damaged_cache_is_repaired(tmp_path: Path, home: Path) -> None:
    exe = pack(tmp_path, "repair")
    where = ran_from(launch(exe, env_for(home), "run"))
    lib = where / "lib" / "lib1.so"
    good = lib.read_bytes()
    lib.unlink()
    assert ran_from(launch(exe, env_for(home), "run")) == where
    assert lib.read_bytes() == good
    (where / "lib" / "lib2.so").write_bytes(b"truncated")
    assert ran_from(launch(exe, env_for(home), "run")) == where
    assert (where / "lib" / "lib2.so").stat().st_size == len(good)
    assert not [p for p in cache(home).iterdir() if p.name.startswith(".")
                and not p.name.endswith(".lock")]


def test_a_damaged_file_is_refused_before_unpacking(tmp_path: Path, home: Path) -> None:
    exe = pack(tmp_path, "corrupt")
    data = bytearray(exe.read_bytes())
    data[-5000] ^= 0xFF  # inside the payload
    exe.write_bytes(bytes(data))
    result = launch(exe, env_for(home), "run")
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "damaged" in result.stderr
    assert not cache(home).exists()


def test_leftovers_of_a_killed_unpack_are_removed(tmp_path: Path, home: Path) -> None:
    exe = pack(tmp_path, "killed")
    stale = cache(home) / f".partial.{payload_id(exe)}.abc123"
    (stale / "lib").mkdir(parents=True)
    (stale / "lib" / "half.so").write_bytes(b"x" * 1000)
    ran_from(launch(exe, env_for(home), "run"))
    assert not stale.exists()


def test_a_newer_version_never_removes_the_one_running(tmp_path: Path, home: Path) -> None:
    old, new = pack(tmp_path, "old"), pack(tmp_path, "new")
    hold = tmp_path / "release-old"
    running = subprocess.Popen(["env", "-i", f"PATH={PATH}", f"HOME={home}",
                                f"FAKE_HOLD={hold}", str(old), "run"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: Path(f"{hold}.started").exists())
        old_dir = cache(home) / f"app-{payload_id(old)}"
        assert ran_from(launch(new, env_for(home), "run")) == \
            cache(home) / f"app-{payload_id(new)}"
        assert (old_dir / "VERSION").read_text() == "old"  # still there for the running kiosk
        assert len(list((old_dir / "lib").iterdir())) == 3
    finally:
        hold.touch()
        out, err = running.communicate(timeout=30)
    assert running.returncode == 0, err
    # once the old kiosk has ended, the next start clears its version away
    ran_from(launch(new, env_for(home), "run"))
    assert not old_dir.exists()


@dataclass
class UserHome:
    user: str
    shared: Path  # readable by the user; the packed files go here
    home: Path
    base: Path  # the user's cache folder for the kiosk

    def own(self, *paths: Path) -> None:
        info = self.home.stat()
        for path in paths:
            os.chown(path, info.st_uid, info.st_gid)


@pytest.fixture
def user_home() -> Iterator[UserHome]:
    user = second_user()
    if user is None or os.geteuid() != 0:
        pytest.skip("needs root and the kiosk-test user (bash .ci/setup makes it)")
    shared = Path(tempfile.mkdtemp(prefix="kiosk-launcher-"))  # pytest's tmp_path is root's only
    shared.chmod(0o755)
    home = shared / "home"
    home.mkdir()
    os.chown(home, user.pw_uid, user.pw_gid)
    yield UserHome(user.pw_name, shared, home, home / ".cache" / BASE)
    shutil.rmtree(shared, ignore_errors=True)


def test_a_root_owned_cache_does_not_block_the_user(user_home: UserHome) -> None:
    """`sudo -E kiosk` once left the user's cache folder to root; the next version stopped."""
    u = user_home
    exe = pack(u.shared, "v2")
    u.base.mkdir(parents=True)  # made by root
    tmpdir = u.shared / "tmp"
    tmpdir.mkdir()
    u.own(u.base.parent, tmpdir)
    result = launch(exe, env_for(u.home, TMPDIR=str(tmpdir)), "run", user=u.user)
    assert ran_from(result).parent.parent == tmpdir
    assert result.stderr.count("\n") == 1 and "belongs to another user" in result.stderr
    assert list(tmpdir.iterdir()) == []


def test_a_root_owned_old_version_does_not_block_the_next(user_home: UserHome) -> None:
    u = user_home
    exe = pack(u.shared, "v3")
    (u.base / "app-0123456789abcdef" / "lib").mkdir(parents=True)  # root's, an older version
    u.own(u.base.parent, u.base)
    result = launch(exe, env_for(u.home), "run", user=u.user)
    assert ran_from(result) == u.base / f"app-{payload_id(exe)}"
    assert result.stderr == ""


def test_someone_elses_folder_in_the_cache_is_never_run(user_home: UserHome) -> None:
    u = user_home
    exe = pack(u.shared, "v4")
    planted = u.base / f"app-{payload_id(exe)}"
    planted.mkdir(parents=True)
    marker = u.shared / "planted-ran"
    (planted / "kiosk").write_text(f"#!/bin/sh\ntouch {marker}\n")
    (planted / "kiosk").chmod(0o755)
    u.own(u.base.parent, u.base)
    result = launch(exe, env_for(u.home), "run", user=u.user)
    assert ran_from(result) == planted and not marker.exists()
    assert planted.stat().st_uid == u.home.stat().st_uid  # replaced by the user's own copy


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP],
                         ids=lambda s: s.name)
@pytest.mark.parametrize("has_home", [True, False], ids=["cache", "no-home"])
def test_a_stop_for_the_launcher_reaches_the_kiosk(tmp_path: Path, home: Path,
                                                   sig: signal.Signals, has_home: bool) -> None:
    """`kill -TERM` to the single file's process ends the kiosk in order and the launcher with
    its exit code. Without a home the launcher stays the kiosk's parent (to remove its folder);
    the old one only acted on the signal after the kiosk ended by itself: never."""
    exe = pack(tmp_path, "stopping", program=STOPPING_KIOSK)
    own_tmp = tmp_path / "tmp"
    own_tmp.mkdir()
    hold = tmp_path / "hold"
    env = {"PATH": PATH, "TMPDIR": str(own_tmp), "FAKE_HOLD": str(hold),
           **({"HOME": str(home)} if has_home else {})}
    proc = subprocess.Popen(["env", "-i", *(f"{k}={v}" for k, v in env.items()), str(exe)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: Path(f"{hold}.started").exists() or proc.poll() is not None)
        proc.send_signal(sig)
        code = proc.wait(timeout=20)
        assert code == 0, proc.stderr.read() if proc.stderr else ""
        assert Path(f"{hold}.stopped").read_text() == sig.name
        assert list(own_tmp.iterdir()) == []  # the per-run folder went with the run
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        hold.touch()  # the stand-in ends by itself (the old launcher never passed the stop on)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_the_kiosks_own_code_survives_a_kiosk_that_ends_at_once(tmp_path: Path,
                                                                 sig: signal.Signals) -> None:
    """Without a home the launcher waits for the kiosk. A kiosk that ends at once on the stop was
    sometimes collected before the launcher looked again, and the launcher ended with 128+n (a
    failure to `systemctl stop` and to CI) instead of the kiosk's 0. Twenty stops in a row."""
    exe = pack(tmp_path, "quick", program=QUICK_STOPPING_KIOSK)
    codes = []
    for run in range(20):
        own_tmp = tmp_path / f"tmp{run}"
        own_tmp.mkdir()
        hold = tmp_path / f"hold{run}"
        env = {"PATH": PATH, "TMPDIR": str(own_tmp), "FAKE_HOLD": str(hold)}
        proc = subprocess.Popen(["env", "-i", *(f"{k}={v}" for k, v in env.items()), str(exe)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            started = Path(f"{hold}.started")
            wait_for(lambda p=proc, f=started: f.exists() or p.poll() is not None)  # type: ignore[misc]
            proc.send_signal(sig)
            codes.append(proc.wait(timeout=20))
            assert list(own_tmp.iterdir()) == []
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
            hold.touch()
    assert codes == [0] * 20

def waiting_for_lock(pid: int) -> bool:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return any(Path(f"/proc/{child}/cmdline").read_bytes() == b"flock\0-x\x008\0"
                   for child in children)
    except OSError:
        return False


def test_a_stop_while_another_start_unpacks_ends_with_0(tmp_path: Path, home: Path) -> None:
    """Under systemd a stop can come while the launcher waits for another start's unpack (the
    cache lock, held here by the test): it ends with 0 once it may act, and never starts the
    kiosk. The old launcher died of the signal (exit by SIGTERM, which a unit counts as a stop
    but `kill` from a script sees as a failure)."""
    import fcntl

    exe = pack(tmp_path, "waits", program=STOPPING_KIOSK)
    hold = tmp_path / "hold"
    cache(home).mkdir(parents=True)
    with (cache(home) / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another first start is unpacking
        proc = subprocess.Popen(["env", "-i", f"PATH={PATH}", f"HOME={home}",
                                 f"FAKE_HOLD={hold}", str(exe)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            # `env` execs the launcher; it waits in `flock -x 8` (its child) for the lock.
            wait_for(lambda: waiting_for_lock(proc.pid) or proc.poll() is not None)
            proc.send_signal(signal.SIGTERM)
            fcntl.flock(lock, fcntl.LOCK_UN)
            assert proc.wait(timeout=20) == 0, proc.stderr.read() if proc.stderr else ""
            assert not Path(f"{hold}.started").exists(), "the kiosk started after the stop"
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
            hold.touch()
