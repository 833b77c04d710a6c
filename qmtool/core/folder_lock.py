"""One build at a time per output folder: an exclusive lock on a file inside it, held to the end."""
from __future__ import annotations

import fcntl
import os
import stat
from collections.abc import Callable
from pathlib import Path

from .atomic import OutputRefused, check_target
from .tree import make_folders

NAME = ".qmtool-lock"


class FolderLock:
    """The lock of an output folder, taken at most once and released when the build ends (the kernel
    releases it too if the process dies, so a killed build never blocks the next one).

    A second build of the same folder waits: the first one's outputs are then up to date and the
    second usually has nothing to do. There is no time limit; Ctrl-C stops the waiting build.
    """

    def __init__(self, folder: Path, waiting: Callable[[], None] | None = None):
        self.folder, self.waiting = folder, waiting
        self.path = folder / NAME
        self.handle: int | None = None
        self.made: list[Path] = []  # folders the lock had to make, taken away again if nothing else came

    def acquire(self) -> None:
        if self.handle is not None:
            return
        self.made = [f for f in (self.folder, *self.folder.parents) if not f.exists()][::-1]
        told, vanished = False, 0
        while True:
            make_folders(self.folder)
            try:
                handle = self._open()
            except FileNotFoundError:  # a build that failed took the folder it had made away meanwhile
                vanished += 1
                if vanished > 100:  # not a race any more: something keeps removing it
                    raise
                continue
            try:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    if self.waiting and not told:
                        told = True
                        self.waiting()
                    fcntl.flock(handle, fcntl.LOCK_EX)
                # The build before may have removed the file (see release): lock the one now there.
                if os.path.samestat(os.fstat(handle), os.stat(self.path, follow_symlinks=False)):
                    self.handle = handle
                    return
            except FileNotFoundError:
                pass
            except BaseException:
                os.close(handle)
                raise
            os.close(handle)

    def _open(self) -> int:
        check_target(self.path)
        # O_NOFOLLOW and O_NONBLOCK: a symlink or a FIFO put there meanwhile is refused, not followed or waited on.
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            os.close(handle)
            raise OutputRefused(self.path, "the lock file is not a regular file; remove it")
        return handle

    def acquire_if_present(self) -> None:
        """Lock now if the folder exists; a folder not yet made is locked when the first write makes it."""
        if self.folder.is_dir():
            self.acquire()

    def release(self) -> None:
        """Unlock. A folder the lock made, and in which nothing else was written, is taken away again
        (a build that failed leaves nothing behind)."""
        if self.handle is None:
            return
        try:
            if self.made and [p.name for p in self.folder.iterdir()] == [NAME]:
                self.path.unlink()
                for folder in reversed(self.made):
                    folder.rmdir()
        except OSError:
            pass  # something else appeared: it stays, and so does the folder
        finally:
            os.close(self.handle)  # otherwise the file stays: removing it would let two builds lock two files
            self.handle = None

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()
