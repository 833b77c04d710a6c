"""Digests of bytes, of folders and of qmtool itself: the keys of every cache."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from . import tree
from .resources import builtin


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        # surrogateescape: a file name that is not UTF-8 holds lone surrogates, and is still a name to hash
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))  # lengths keep ("ab", "c") apart from ("a", "bc")
        hasher.update(data)
    return hasher.hexdigest()


def tree_digest(folder: Path, pattern: str = "*") -> str:
    """One digest of every file under folder matching pattern, names included."""
    files = [p for p in tree.files(folder, pattern) if "__pycache__" not in p.parts]
    return digest(*(part for p in files for part in (p.relative_to(folder).as_posix(), p.read_bytes())))


@cache
def code_digest() -> str:
    """qmtool's own code and schemas: a change to either can change every output and every verdict."""
    from .. import __version__

    package = Path(__file__).parent.parent
    return digest(__version__, tree_digest(package, "*.py"), tree_digest(builtin("schemas"), "*.json"))
