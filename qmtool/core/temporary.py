"""The system's temporary folder (TMPDIR), judged as any output place is: never in a release or a folder read."""
from __future__ import annotations

import tempfile
from pathlib import Path

from .atomic import OutputRefused, holder
from .frozen import release_holding


def temporary_folder(inputs: list[Path] | tuple[Path, ...] = ()) -> Path:
    """The temporary folder qmtool may write its working folders in: TMPDIR (as tempfile finds it), refused
    (OutputRefused naming TMPDIR) when it is, or lies inside, a release or one of inputs. Refused, not replaced
    by another folder: every fallback (/tmp, /var/tmp, the current folder) could be just as wrong, and a user
    who set TMPDIR is told, where a silent fallback would hide the setting."""
    folder = Path(tempfile.gettempdir())
    if (release := release_holding(folder)) is not None:
        raise OutputRefused(folder, f"the temporary folder (TMPDIR) is inside the release {release}, which is "
                                    "frozen: no command writes into a release; set TMPDIR to another folder")
    if (place := holder(folder, inputs)) is not None:
        raise OutputRefused(folder, f"the temporary folder (TMPDIR) is inside {place}, which qmtool reads; "
                                    "set TMPDIR to another folder")
    return folder


def temporary_usable() -> bool:
    """Whether the temporary folder may be written in at all (not inside a release)."""
    try:
        temporary_folder()
    except OutputRefused:
        return False
    return True
