"""An output folder opened once, made as needed: every write into it, and the take-back of a failed command, by
that one descriptor, never by its path again.

A path looked at twice is a race: a folder above it swapped for a link between the looks (the attacker's loop of
renameat2(RENAME_EXCHANGE)) made `init` write into, and its clean-up remove, another workspace's documents. Here
the nearest folder of the path that exists is opened as named (the user's choice, as any output folder's), each
missing folder below it made and opened from the one above with O_NOFOLLOW, and held; what was made is removed
by the descriptor of the folder above it, so a take-back can only reach what this command made.
"""
from __future__ import annotations

import os
from pathlib import Path

from . import tree
from .atomic import step_in


class Pinned:
    """The folder path, open as handle; made: the folders made for it, each as (descriptor above, name),
    outermost first. Closed by close(), or as a context manager."""

    def __init__(self, path: Path, handle: int, made: list[tuple[int, str]], held: list[int]):
        self.path, self.handle, self.made, self._held = path, handle, made, held

    def real(self) -> Path:
        """Where the open folder is now, as the kernel names it (to check it against the folders qmtool reads)."""
        try:
            return Path(os.readlink(f"/proc/self/fd/{self.handle}"))
        except OSError:  # no /proc: the path as it resolves now, the best that can be said
            return Path(os.path.realpath(self.path))

    def is_empty(self) -> bool:
        return not os.listdir(self.handle)

    def take_back(self, names: list[str]) -> None:
        """Remove names from the open folder (each a tree, links removed as links), then the folders made for
        it, innermost first, each only if still empty: never anything reached by path."""
        for name in names:
            tree.remove_in(self.handle, name)
        for above, name in reversed(self.made):
            try:
                os.rmdir(name, dir_fd=above)
            except OSError:
                pass  # a link or a file put in its place, or not empty: not this command's to remove

    def close(self) -> None:
        for handle in self._held:
            os.close(handle)
        self._held = []

    def __enter__(self) -> Pinned:
        return self

    def __exit__(self, *_) -> None:
        self.close()


def pin(path: Path) -> Pinned:
    """path opened as a folder, made (with the folders missing above it) if it is not there; OutputRefused for a
    link met below the nearest folder that exists, other OSErrors as the system raises them."""
    path = Path(path)
    missing, above = [], path
    while not os.path.lexists(above) and above != above.parent:
        missing.append(above)
        above = above.parent
    held = [os.open(above, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)]
    made: list[tuple[int, str]] = []
    try:
        for step in reversed(missing):
            inner, new = step_in(held[-1], step, make=True)
            if new:
                made.append((held[-1], step.name))
            held.append(inner)
    except BaseException:
        Pinned(path, held[-1], made, held).take_back([])
        for handle in held:
            os.close(handle)
        raise
    return Pinned(path, held[-1], made, held)
