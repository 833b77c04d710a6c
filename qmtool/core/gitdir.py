"""A git repository's own folder (.git): read by diff and release, never written into by any command."""
from __future__ import annotations

import os
from pathlib import Path

GIT = ".git"
_POINTER_BYTES = 4096  # a worktree's or submodule's .git file is one line, "gitdir: <path>"


def git_dirs_around(paths: list[Path]) -> list[Path]:
    """The git folders of the repositories that hold paths (each judged where it is written and where its links
    lead): any folder named .git on their way, each .git above them, and the folder a .git file there points to
    (a worktree's, a submodule's, one made with --separate-git-dir, whatever its name and wherever it is). No git
    is run: the check is made before every output, and a repository's own layout is all it needs."""
    found: dict[Path, None] = {}
    for place in dict.fromkeys(above for path in paths for above in _aboves(path)):
        if place.name == GIT:
            found[place] = None
        dot_git = place / GIT
        if dot_git.is_dir():
            found[dot_git] = None
        elif (pointed := _pointed(dot_git)) is not None:
            found.update(dict.fromkeys([dot_git, pointed]))
    return list(found)


def _aboves(path: Path) -> list[Path]:
    """path and the folders above it, as written and as its links lead."""
    written = Path(os.path.abspath(path))
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):  # a name no file system takes: the write fails on its own, said as such
        real = written
    return [written, *written.parents, real, *real.parents]


def _pointed(dot_git: Path) -> Path | None:
    """The folder a .git file points to (as a real path), or None when dot_git is no such file."""
    try:
        if not dot_git.is_file():
            return None
        with open(dot_git, "rb") as handle:
            line = handle.read(_POINTER_BYTES).decode("utf-8").splitlines()[0]
    except (OSError, ValueError, IndexError):
        return None
    if not line.startswith("gitdir:"):
        return None
    return Path(os.path.realpath(dot_git.parent / line.removeprefix("gitdir:").strip()))
