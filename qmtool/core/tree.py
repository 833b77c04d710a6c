"""Folder trees walked, made and removed without recursion: every walk of a tree in qmtool goes through here.

Python 3.11's rglob, os.walk, os.makedirs, Path.mkdir(parents=True) and shutil.rmtree recurse once per level,
so a folder nested a thousand deep (anyone can commit one) ended them in a RecursionError. These keep their
own stack and take any depth; a folder too deep for its path to be named (past PATH_MAX) is an OSError,
given to the caller's onerror or raised, like any folder that cannot be read.

What removes goes by descriptor (walk_opened): each folder opened from the one above it with O_NOFOLLOW, so a
folder swapped for a link while the walk runs is never followed, and anyone able to make a folder that qmtool
removes (a working folder in a shared /tmp) cannot turn the removal into one of the folder a link leads to.
shutil.rmtree's own descriptor mode is as safe but recurses in 3.11; and it holds a descriptor per level.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import partial
from pathlib import Path


def walk(top: Path, onerror: Callable[[OSError], None] | None = None) -> Iterator[tuple[Path, list[str], list[str]]]:
    """Each folder under top (top first, then depth first, in name order), with the names of its subfolders
    and of everything else in it (files, special files, and links, even links to folders: never followed).
    As with os.walk, the caller may remove names from the subfolders' list to leave them out. A folder that
    cannot be listed is skipped, its error given to onerror."""
    stack = [Path(top)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            if onerror is not None:
                onerror(error)
            continue
        folders, others = [], []
        for entry in entries:
            (folders if _is_folder(entry) else others).append(entry.name)
        yield folder, folders, others
        stack.extend(folder / name for name in reversed(folders))


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:  # gone meanwhile, or its name too long to stat: listed with the others, never entered
        return False


def files(top: Path, pattern: str = "*") -> list[Path]:
    """Every regular file under top whose name matches pattern, sorted (rglob(pattern), at any depth)."""
    return sorted(folder / name for folder, _, names in walk(top) for name in names
                  if fnmatchcase(name, pattern) and (folder / name).is_file() and not (folder / name).is_symlink())


def make_folders(path: Path) -> None:
    """path as a folder, with every folder missing above it (mkdir -p); an existing folder is fine."""
    path = Path(path)
    missing = []
    while not path.is_dir() and path != path.parent:
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:  # made meanwhile by another process; a file there is an error
            if not folder.is_dir():
                raise


def walk_opened(top: Path, left: Callable[[int, str], None] | None = None, opened: int | None = None
                ) -> Iterator[tuple[int, Path, list[str], list[str]]]:
    """As walk, but each folder given with its descriptor (valid until the next step), entered by descriptor
    from the folder above it, never through a link: a folder swapped for a link after it was listed is not
    entered, so nothing is read, removed or written wherever the link leads. left(descriptor, name) is called
    in the folder above each subfolder once the walk is done with it (entered, or found to be a link or gone
    meanwhile): the place to remove it. top itself is opened as named (a link there is the caller's choice),
    unless the caller holds it open already (opened, which the caller keeps)."""
    try:
        handle = os.dup(opened) if opened is not None else os.open(top, _FOLDER & ~os.O_NOFOLLOW)
    except OSError:
        return
    yield from _descend(handle, Path(top), left)


def _descend(handle: int, top: Path, left: Callable[[int, str], None] | None
             ) -> Iterator[tuple[int, Path, list[str], list[str]]]:
    """The walk from the open folder top; only the folder being walked is held open (a tree 1,500 deep would
    otherwise hold 1,500 descriptors), and the way back up is ".." checked to be the folder come down from."""
    frames = [_Frame(top, _identity(handle))]
    try:
        while frames:
            frame = frames[-1]
            if frame.pending is None:
                folders, others = _listing(handle)
                yield handle, frame.path, folders, others
                frame.pending = list(reversed(folders))  # as the caller left them
            if frame.pending:
                name = frame.pending.pop()
                try:
                    inner = os.open(name, _FOLDER, dir_fd=handle)
                except OSError:  # a link or a file now, or gone: never entered
                    if left is not None:
                        left(handle, name)
                    continue
                os.close(handle)
                handle = inner
                frames.append(_Frame(frame.path / name, _identity(inner)))
                continue
            frames.pop()
            if not frames:
                return
            above = _up(handle, frames[-1].identity)
            os.close(handle)
            handle = above
            if handle is None:  # moved meanwhile: ".." is no longer where the walk came from, so it stops
                return
            if left is not None:
                left(handle, frame.path.name)
    finally:
        if handle is not None:
            os.close(handle)


_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


@dataclass
class _Frame:
    path: Path
    identity: tuple[int, int]
    pending: list[str] | None = None  # the subfolders still to enter, last first; None until listed


def _identity(handle: int) -> tuple[int, int]:
    status = os.fstat(handle)
    return status.st_dev, status.st_ino


def _listing(handle: int) -> tuple[list[str], list[str]]:
    """The names of the subfolders and of everything else in the open folder, in name order."""
    try:
        with os.scandir(handle) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return [], []
    folders, others = [], []
    for entry in entries:
        (folders if _is_folder(entry) else others).append(entry.name)
    return folders, others


def _up(handle: int, identity: tuple[int, int]) -> int | None:
    """The folder above the open one, if it is still the folder the walk came down from; else None."""
    try:
        above = os.open("..", _FOLDER, dir_fd=handle)
    except OSError:
        return None
    if _identity(above) != identity:
        os.close(above)
        return None
    return above


def remove_tree(top: Path) -> None:
    """top and everything under it, each folder entered by descriptor and links removed, never followed (a
    folder swapped for a link while this runs is removed as the link it has become); what cannot be removed
    stays (as with shutil.rmtree's ignore_errors, for cleaning up after a failure). top's own folder is
    opened as named; top itself, if a link, is removed as one."""
    top = Path(top)
    try:
        above = os.open(top.parent, _FOLDER & ~os.O_NOFOLLOW)
    except OSError:
        return
    try:
        remove_in(above, top.name)
    finally:
        os.close(above)


def remove_in(folder: int, name: str, opened: int | None = None) -> None:
    """The tree name in the open folder, as remove_tree removes one. opened: name's descriptor, if the caller
    judged the folder by it (taken over, closed here): that folder is the one emptied."""
    handle = opened
    if handle is None:
        try:
            handle = os.open(name, _FOLDER, dir_fd=folder)
        except OSError:  # a link, a file or nothing: removed as it is
            _quietly(lambda: os.unlink(name, dir_fd=folder))
            return
    for opened, _, _, names in _descend(handle, Path(name), _remove_folder):
        for inner in names:
            _quietly(partial(os.unlink, inner, dir_fd=opened))
    _remove_folder(folder, name)


def _remove_folder(folder: int, name: str) -> None:
    """name in the open folder, emptied by the walk; or the link or file it was swapped for meanwhile."""
    try:
        os.rmdir(name, dir_fd=folder)
    except NotADirectoryError:
        _quietly(lambda: os.unlink(name, dir_fd=folder))
    except OSError:
        pass


def _quietly(remove: Callable[[], None]) -> None:
    try:
        remove()
    except OSError:
        pass
