"""Where the built-in schemas and templates are: inside the installed package, or beside it in a checkout."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent.parent  # qmtool/, where the installed folders are


def builtin(name: str) -> Path:
    """The folder of built-in `schemas` or `templates`."""
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name
