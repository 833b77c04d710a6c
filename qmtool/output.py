"""Atomic writes: a temporary file beside the target, then a rename, so no reader sees half a file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".qmtool-tmp"


def umask() -> int:
    """The process's umask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_temp(path: Path, data: bytes) -> Path:
    """data in a temporary file in path's folder, ready to be renamed onto path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        os.chmod(temporary, 0o666 & ~umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return Path(temporary)


def write_atomic(path: Path, data: bytes) -> None:
    os.replace(write_temp(path, data), path)


def sweep(folder: Path) -> None:
    """Remove temporary files a killed build left behind."""
    if folder.is_dir():
        for stale in folder.rglob(f".*{TEMP_SUFFIX}"):
            stale.unlink(missing_ok=True)
