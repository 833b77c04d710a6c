"""Working folders a command makes for itself (a release being staged, the commit's tree it is built from), made
so that what a killed command left behind (kill -9: nothing cleans up then) is taken away by the next one: each
holds a lock, its maker's process id written in it, that the maker keeps until it has removed the folder."""
from __future__ import annotations

import fcntl
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .folder_lock import NAME as LOCK
from .folder_lock import FolderLock
from .tree import remove_tree

RANDOM = r"[a-z0-9_]{8}"  # what tempfile.mkdtemp puts after the prefix


@contextmanager
def working_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """A new folder in parent (which exists), named prefix and eight random characters, held while the block
    runs and then removed with all in it, however the block ends (Ctrl-C, SIGTERM, an error) short of kill -9."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    lock = FolderLock(folder)
    try:
        lock.acquire()
        # The mark of a folder made here: a lock file alone may be anyone's (a build's output folder has one).
        os.write(lock.handle, f"{os.getpid()}\n".encode())
        yield folder
    finally:
        remove_tree(folder)  # still locked: a sweep never takes a folder its maker is removing
        lock.release()


def sweep_abandoned(parent: Path, prefix: str) -> list[Path]:
    """Remove each folder in parent that working_folder made there (named by prefix, a regular expression, and
    eight random characters) and whose maker is certainly gone: its lock holds a process id and no process holds
    the lock (the kernel releases it when its holder dies). Anything else stays: another name, a link, a folder
    without such a lock (made by hand, or by a qmtool before these folders had one), one whose maker still runs.
    Returns the folders removed."""
    named = re.compile(prefix + RANDOM)
    try:
        entries = [entry for entry in os.scandir(parent) if named.fullmatch(entry.name)]
    except OSError:  # no such folder, or not readable: nothing of ours can be there
        return []
    return [Path(entry.path) for entry in entries
            if entry.is_dir(follow_symlinks=False) and _removed_if_abandoned(Path(entry.path))]


def _removed_if_abandoned(folder: Path) -> bool:
    try:
        handle = os.open(folder / LOCK, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:  # none (or a link, or not ours to read): no proof its maker is gone
        return False
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return False
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError while its maker runs
        if not os.read(handle, 32).strip().isdigit():  # being made this moment, or its maker killed before it held it
            return False
        remove_tree(folder)  # under the lock: another command sweeping at once finds it held, or gone
        return True
    except OSError:
        return False
    finally:
        os.close(handle)
