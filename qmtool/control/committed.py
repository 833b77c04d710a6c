"""The sources a release records, and the commit's date, as the commit it names holds them: read from the git
repository the release is in (or the one given), when that repository can be reached and holds the commit."""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core.workspace import DOCUMENTS, display
from .git import GitFailed, git, objects

COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # a full SHA-1 or SHA-256 commit id, as release writes it


@dataclass(frozen=True)
class Committed:
    commit: str  # as the record names it; "" when it names none
    digests: dict[str, str | None] | None = None  # recorded path -> SHA-256 of the commit's file there, or None
    workspace: str = ""  # the workspace's folder in the repository, in full: where an auditor looks
    unreached: tuple = ()  # why the commit was not read: a word's key and its values
    sources: dict[str, bytes | None] | None = None  # recorded path -> the commit's file there, or None
    date: str | None = None  # the commit's own date, as release records it


def committed(folder: Path, commit, paths: list[str], given: Path | None = None) -> Committed:
    """The commit's file at each recorded source path (relative to the workspace), when the commit can be
    reached: in the repository given, else the one the release's folder is in, else the current folder's.
    The release's own folder is never taken for that repository: a .git in it would be one its forger made."""
    if not isinstance(commit, str) or not COMMIT.fullmatch(commit):
        return Committed("", unreached=("commit-unnamed",))
    folder = Path(folder).resolve()
    places = [Path(given).resolve()] if given is not None else [folder.parent, Path.cwd().resolve()]
    unreached: tuple = ("commit-no-repository",) if given is None else ("commit-not-repository", display(given))
    for place in places:
        try:
            top = Path(os.fsdecode(git(place, "rev-parse", "--show-toplevel").rstrip(b"\n"))).resolve()
            if top == folder or folder in top.parents:
                continue
            prefix = _workspace(top, commit, [place, folder, Path.cwd().resolve()])
            if prefix is None:
                unreached = ("commit-absent", display(top))
                continue
            if prefix is False:
                return Committed(commit, unreached=("commit-no-workspace",))
            found = objects(top, [f"{commit}:{prefix}{PurePosixPath(path).as_posix()}" for path in paths])
        except GitFailed as failed:
            if failed.missing:
                return Committed(commit, unreached=("git-missing",))
            if given is not None:
                return Committed(commit, unreached=("git-said", failed.stderr.splitlines()[0] if failed.stderr
                                                    else "git failed"))
            continue  # not a repository: the next place may be in one
        sources = {path: data if kind == "blob" else None
                   for path, (kind, data) in zip(paths, (f or ("", b"") for f in found))}
        digests = {path: hashlib.sha256(data).hexdigest() if data is not None else None
                   for path, data in sources.items()}
        date = git(top, "log", "-1", "--format=%cI", commit).decode("utf-8", "replace").strip()
        return Committed(commit, digests, str(top / prefix), sources=sources, date=date)
    return Committed(commit, unreached=unreached)


def _workspace(top: Path, commit: str, places: list[Path]) -> str | None | bool:
    """The workspace's folder in the commit, as a prefix of its paths ("" at the top, "sub/" below): the
    nearest folder holding procedures/ in the commit, going up from each place in turn. None when the
    repository does not hold the commit; False when no such folder is found."""
    prefixes = []
    for place in places:
        for above in (place, *place.parents):
            if above == top or top in above.parents:
                relative = above.relative_to(top).as_posix()
                prefix = "" if relative == "." else relative + "/"
                prefixes += [prefix] if prefix not in prefixes else []
    found = objects(top, [f"{commit}^{{commit}}", *(f"{commit}:{prefix}{DOCUMENTS}" for prefix in prefixes)])
    if found[0] is None:
        return None
    return next((prefix for prefix, f in zip(prefixes, found[1:]) if f and f[0] == "tree"), False)
