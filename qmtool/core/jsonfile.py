"""The one reader of the JSON files qmtool reads but does not trust: build caches, memos, a release's record."""
from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024  # far above any cache, memo or record qmtool writes
MAX_DEPTH = 32  # qmtool's own files nest five deep; deeper data could exhaust the stack of a later dumps or ==
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone \ud800 escape: read as text, it could never be written back


def read_object(path: Path) -> dict | None:
    """The JSON object in path, or None when it cannot be trusted to be one: missing, not a regular file (a FIFO
    is never waited on), over MAX_BYTES, not UTF-8, malformed, nested past MAX_DEPTH however deep (never a
    RecursionError), holding a lone surrogate, or anything but an object at the top."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (OSError, ValueError):
        return None
    try:
        with os.fdopen(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            data = file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return None
        value = json.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError, MemoryError):
        return None
    return value if isinstance(value, dict) and _plain(value) else None


def _plain(value: object) -> bool:
    """No container deeper than MAX_DEPTH and no lone surrogate in any key or text, walked without recursion."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return False
        elif isinstance(node, (dict, list)):
            if depth > MAX_DEPTH:
                return False
            items = [*node.keys(), *node.values()] if isinstance(node, dict) else node
            stack += [(item, depth + 1) for item in items]
    return True
