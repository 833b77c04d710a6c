"""Release folders: frozen once made, so no command writes into one, wherever it is or is reached from."""
from __future__ import annotations

import os
from pathlib import Path

MANIFEST = "MANIFEST.sha256"
RECORD = "release.json"


def is_release(folder: Path) -> bool:
    """A folder holding a release's manifest and record (as anything: a tampered release is still one)."""
    return os.path.lexists(folder / MANIFEST) and os.path.lexists(folder / RECORD)


def release_holding(path: Path) -> Path | None:
    """The release folder that path is or lies inside, judged both where path is written and where its links
    lead (`r/x`, r a link to a release, is inside that release); None when it is in none."""
    written = Path(os.path.abspath(path))
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):  # a name no file system takes: the write fails on its own, said as such
        real = written
    return next((folder for folder in dict.fromkeys([written, *written.parents, real, *real.parents])
                 if is_release(folder)), None)
