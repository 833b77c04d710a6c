"""Where the built-in schemas and templates are: inside the installed package, or beside it in a checkout."""
from __future__ import annotations

import configparser
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).parent.parent  # qmtool/, where the installed folders are
NAMES = ("schemas", "templates")


def builtin(name: str) -> Path:
    """The folder of built-in `schemas` or `templates`."""
    return _place(_PACKAGE, name)


def candidates() -> list[Path]:
    """Every place built-in resources could be, whichever the layout: no output may go into any of them, nor
    into the package itself, so that no output can ever change where qmtool reads (see _checkout)."""
    return [_PACKAGE, *(folder / name for folder in (_PACKAGE, _PACKAGE.parent) for name in NAMES)]


def _place(package: Path, name: str) -> Path:
    return package.parent / name if _checkout(package) else package / name


@cache
def _checkout(package: Path) -> bool:
    """Whether package runs from a checkout (editable or from the source tree), decided once from the layout
    the project declares, never from which folders exist: the check `qmtool/templates` exists, else the
    checkout's `templates/`, switched to any folder an output happened to create there, and every later
    build or validate read an empty one. A checkout is where setup.cfg maps the package data folders to the
    top-level ones; an installed package has no setup.cfg beside it, its data folders inside it."""
    config = configparser.ConfigParser()
    try:
        config.read_string((package.parent / "setup.cfg").read_text("utf-8"))
        mapping = config.get("options", "package_dir", fallback="")
    except (OSError, UnicodeDecodeError, configparser.Error):
        return False
    pairs = {key.strip(): value.strip() for key, _, value in
             (line.partition("=") for line in mapping.splitlines() if "=" in line)}
    return all(pairs.get(f"{package.name}.{name}") == name for name in NAMES)
