"""A release's files as verify reads them: each opened once, by descriptor from the release folder's, through no
link at all, judged a regular file by that descriptor before a byte is read, and what was read is all that is
judged (a file swapped after the listing is either refused or read as it now is, never both)."""
from __future__ import annotations

import errno
import hashlib
from dataclasses import dataclass

from ..core.opened import LinkRefused, NotRegular, regular_within

LINK, GONE, SPECIAL, UNREADABLE, TOO_LARGE = "link", "gone", "special", "unreadable", "too large"


@dataclass(frozen=True)
class Read:
    """A release file as read: its SHA-256, its bytes when they were asked for, or why it was not read
    (trouble: LINK, GONE, SPECIAL, UNREADABLE or TOO_LARGE; digest and data then empty)."""
    digest: str = ""
    data: bytes | None = None
    trouble: str = ""


def read(root: int, name: str, whole: bool = False, limit: int | None = None) -> Read:
    """The file name of the release whose folder root is: its digest, read a piece at a time (a file of any size
    is never held whole), or, if whole, its bytes and their digest; past limit bytes it is TOO_LARGE."""
    try:
        with regular_within(root, name, links=False) as file:
            if not whole:
                return Read(hashlib.file_digest(file, "sha256").hexdigest())
            data = file.read() if limit is None else file.read(limit + 1)
    except LinkRefused:
        return Read(trouble=LINK)
    except NotRegular:
        return Read(trouble=SPECIAL)
    except OSError as error:  # gone, or a folder on its way made a file, since the listing
        return Read(trouble=GONE if error.errno in (errno.ENOENT, errno.ENOTDIR) else UNREADABLE)
    if limit is not None and len(data) > limit:
        return Read(trouble=TOO_LARGE)
    return Read(hashlib.sha256(data).hexdigest(), data)
