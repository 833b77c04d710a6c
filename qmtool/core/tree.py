"""Folder trees walked, made and removed without recursion: every walk of a tree in qmtool goes through here.

Python 3.11's rglob, os.walk, os.makedirs, Path.mkdir(parents=True) and shutil.rmtree recurse once per level,
so a folder nested a thousand deep (anyone can commit one) ended them in a RecursionError. These keep their
own stack and take any depth; a folder too deep for its path to be named (past PATH_MAX) is an OSError,
given to the caller's onerror or raised, like any folder that cannot be read.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from fnmatch import fnmatchcase
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


def remove_tree(top: Path) -> None:
    """top and everything under it, links removed and never followed; what cannot be removed stays (as with
    shutil.rmtree's ignore_errors, for cleaning up after a failure)."""
    top = Path(top)
    if top.is_symlink() or not top.is_dir():
        _quietly(top.unlink)
        return
    folders = []
    for folder, _, names in walk(top):
        folders.append(folder)
        for name in names:
            _quietly((folder / name).unlink)
    for folder in reversed(folders):  # the deepest first: each is empty by the time it is removed
        _quietly(folder.rmdir)


def _quietly(remove: Callable[[], None]) -> None:
    try:
        remove()
    except OSError:
        pass
