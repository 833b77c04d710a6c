"""A file inside a folder opened without a link leading out of it, judged by its descriptor, then read from it.

Checking a path and then opening it again is a race: swapped for a link meanwhile, the path would be read
wherever the link leads. Here every step is opened by descriptor, relative to the folder above it, never
following a link (O_NOFOLLOW); a link met on the way is read (readlink) and followed by this walk only while
it stays inside the folder, so the file read is the one judged, however the names change meanwhile.
"""
from __future__ import annotations

import errno
import os
import stat
from collections import deque
from pathlib import Path, PurePosixPath
from typing import BinaryIO

MAX_LINKS = 40  # as the kernel's own limit: more is a loop
_NO_FOLLOW = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK  # non-blocking: a FIFO must not hang


class LinkRefused(OSError):
    """A link that may not be followed, met as the file was opened: code is link-outside, link-dangling or
    link-loop, as the workspace's scan would say of it, or link for any link where none is followed."""

    def __init__(self, code: str, path: str):
        super().__init__(errno.ELOOP if code == "link-loop" else errno.EXDEV, code, path)
        self.code = code

    def __reduce__(self):  # as it was made, so it crosses from a worker process
        return type(self), (self.code, self.filename)


class NotRegular(OSError):
    """What was opened is no regular file (a FIFO, device, socket or folder): never read."""

    def __init__(self, path: str):
        super().__init__(None, "not a regular file", path)  # errno None: the loader's "special-file"

    def __reduce__(self):
        return type(self), (self.filename,)


def open_within(root: Path | int, relative: str | os.PathLike, *, folder: bool = False,
                real: str | None = None, links: bool = True) -> int:
    """A descriptor of root/relative (a folder if folder), reached through no link leading out of root (through
    no link at all unless links); the caller closes it. root is a path (opened as given: it is the caller's
    choice) or a descriptor, whose real path real says (for a link written as an absolute path). LinkRefused for
    a link leading out, to nothing or round, or any link if not links; other OSErrors as os.open raises them."""
    if isinstance(root, int):
        start = os.dup(root)
    else:
        start = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        real = os.path.realpath(root)
    held = [start]  # the folders walked down, root first: ".." goes back up one, never above root
    parts = deque(PurePosixPath(os.fspath(relative)).parts)
    followed = 0
    try:
        while parts:
            part = parts.popleft()
            if part in ("", ".", "/"):
                continue
            if part == "..":
                if len(held) == 1:
                    raise LinkRefused("link-outside", os.fspath(relative))
                os.close(held.pop())
                continue
            flags = _NO_FOLLOW | (os.O_DIRECTORY if parts or folder else 0)
            try:
                handle = os.open(part, flags, dir_fd=held[-1])
            except OSError as error:
                target = _link(part, held[-1], error)
                if target is None:
                    if followed and error.errno in (errno.ENOENT, errno.ENOTDIR):
                        raise LinkRefused("link-dangling", os.fspath(relative)) from None
                    raise
                if not links:
                    raise LinkRefused("link", os.fspath(relative)) from None
                followed += 1
                if followed > MAX_LINKS:
                    raise LinkRefused("link-loop", os.fspath(relative)) from None
                if target.startswith("/"):  # absolute: allowed only to a place under root's real path
                    if real is None or os.path.commonpath([target, real]) != real:
                        raise LinkRefused("link-outside", os.fspath(relative)) from None
                    while len(held) > 1:
                        os.close(held.pop())
                    target = os.path.relpath(target, real)
                parts.extendleft(reversed(PurePosixPath(target).parts))
                continue
            held.append(handle)
        return held.pop()  # root itself when relative names it ("" or ".")
    finally:
        for handle in held:
            os.close(handle)


def _link(name: str, folder: int, error: OSError) -> str | None:
    """What the link name in folder says, if the open failed because name is a link; else None."""
    if error.errno not in (errno.ELOOP, errno.ENOTDIR):
        return None
    try:
        return os.readlink(name, dir_fd=folder)
    except OSError:  # EINVAL: no link, so the error stands
        return None


def read_within(root: Path | int, relative: str | os.PathLike, *, real: str | None = None,
                limit: int | None = None, links: bool = True) -> bytes:
    """The bytes of the regular file root/relative, opened as open_within opens it and judged by its descriptor
    (NotRegular otherwise); at most limit bytes and one more, so a caller can tell a file past its limit."""
    with regular_within(root, relative, real=real, links=links) as file:
        return file.read() if limit is None else file.read(limit + 1)


def regular_within(root: Path | int, relative: str | os.PathLike, *, real: str | None = None,
                   links: bool = True) -> BinaryIO:
    """The regular file root/relative open for reading (blocking), opened as open_within opens it and judged by
    its descriptor: NotRegular for a FIFO, device, socket or folder, which is never read."""
    handle = open_within(root, relative, real=real, links=links)
    file = os.fdopen(handle, "rb")
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        file.close()
        raise NotRegular(os.fspath(relative))
    os.set_blocking(handle, True)
    return file


def read_regular(path: Path) -> bytes:
    """A file named by the user, read as it is opened (a link followed: the user's own choice), never a FIFO,
    device or socket: the descriptor is judged, not the path."""
    handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise NotRegular(os.fspath(path))
        os.set_blocking(handle, True)
        return file.read()


def folder_within(folder: Path) -> int:
    """A descriptor of a template folder, opened from the folder holding it: the folder itself may be a link
    inside that one (templates/ leading to shared/templates), never one leading out of it."""
    folder = Path(folder)
    return open_within(folder.parent, folder.name, folder=True)


def read_under(folder: Path, path: Path) -> bytes:
    """The bytes of path, a file listed under folder (a template folder): the folder opened by folder_within,
    then the file from it, through no link leading out of the folder."""
    handle = folder_within(folder)
    try:
        return read_within(handle, Path(path).relative_to(folder), real=os.path.realpath(folder))
    finally:
        os.close(handle)
