"""Working folders a command makes for itself (a release being staged, the commit's tree it is built from), made
so that what a killed command left behind (kill -9: nothing cleans up then) is taken away by the next one: each
holds a lock, its maker's process id written in it, that the maker keeps until it has removed the folder."""
from __future__ import annotations

import fcntl
import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .folder_lock import NAME as LOCK
from .tree import remove_in

RANDOM = r"[a-z0-9_]{8}"  # what tempfile.mkdtemp puts after the prefix
_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC


@contextmanager
def working_folder(parent: Path, prefix: str, opened: int | None = None) -> Iterator[Path]:
    """A new folder in parent (which exists), named prefix and eight random characters, held while the block
    runs and then removed with all in it, however the block ends (Ctrl-C, SIGTERM, an error) short of kill -9.
    It is made, locked and removed by descriptor in parent, opened once (or given as opened, which the caller
    keeps): a parent swapped for a link meanwhile changes nothing of where that happens."""
    handle = os.dup(opened) if opened is not None else os.open(parent, _FOLDER)
    try:
        name = _made(handle, prefix)
        try:
            lock = _locked(handle, name)
        except BaseException:
            remove_in(handle, name)
            raise
        try:
            yield Path(os.path.abspath(parent)) / name
        finally:
            remove_in(handle, name)  # still locked: a sweep never takes a folder its maker is removing
            os.close(lock)
    finally:
        os.close(handle)


def _made(parent: int, prefix: str) -> str:
    """The name of a new folder made in parent, as mkdtemp makes one (only its maker may enter it)."""
    for _ in range(100):
        name = prefix + "".join(secrets.choice(_LETTERS) for _ in range(8))
        try:
            os.mkdir(name, 0o700, dir_fd=parent)
            return name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name for a working folder {prefix}*")


def _locked(parent: int, name: str) -> int:
    """The lock of the new folder name, held, with its maker's process id in it: the mark of a folder made here
    (a lock file alone may be anyone's: a build's output folder has one)."""
    folder = os.open(name, _FOLDER | os.O_NOFOLLOW, dir_fd=parent)
    try:
        lock = os.open(LOCK, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666, dir_fd=folder)
    finally:
        os.close(folder)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a sweep may hold it a moment, finding it empty: it then lets go
        os.write(lock, f"{os.getpid()}\n".encode())
    except BaseException:
        os.close(lock)
        raise
    return lock


def sweep_abandoned(parent: Path, prefix: str, opened: int | None = None) -> list[Path]:
    """Remove each folder directly in parent that working_folder made there (named by prefix, a regular
    expression, and eight random characters), that is the user's own, and whose maker is certainly gone: its
    lock holds a process id and no process holds the lock (the kernel releases it when its holder dies).
    Anything else stays: another name, a link, another user's folder (anyone may make one in a shared /tmp), a
    folder without such a lock (made by hand, or by a qmtool before these folders had one), one whose maker
    still runs. parent is opened once (or given as opened) and each folder entered by descriptor, never through a
    link. Returns the folders removed."""
    named = re.compile(prefix + RANDOM)
    try:
        handle = os.dup(opened) if opened is not None else os.open(parent, _FOLDER)
    except OSError:  # no such folder, or not readable: nothing of ours can be there
        return []
    try:
        with os.scandir(handle) as listing:
            names = sorted(entry.name for entry in listing if named.fullmatch(entry.name))
        return [Path(parent) / name for name in names if _removed_if_abandoned(handle, name)]
    except OSError:
        return []
    finally:
        os.close(handle)


def _removed_if_abandoned(parent: int, name: str) -> bool:
    try:
        folder = os.open(name, _FOLDER | os.O_NOFOLLOW, dir_fd=parent)
    except OSError:  # a link, a file, or gone
        return False
    try:
        if os.fstat(folder).st_uid != os.geteuid():  # not the user's: no qmtool of this user made it
            return False
        handle = os.open(LOCK, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
    except OSError:  # none (or a link, or not ours to read): no proof its maker is gone
        os.close(folder)
        return False
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_uid != os.geteuid():
            return False
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError while its maker runs
        if not os.read(handle, 32).strip().isdigit():  # being made this moment, or its maker killed before it held it
            return False
        # Under the lock (another command sweeping at once finds it held, or gone), and from the folder judged,
        # whatever its name holds by now.
        remove_in(parent, name, opened=os.dup(folder))
        return True
    except OSError:
        return False
    finally:
        os.close(handle)
        os.close(folder)
